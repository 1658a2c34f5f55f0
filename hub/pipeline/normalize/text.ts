/** Plain text from what feeds put in titles and summaries (which may be HTML, or escaped HTML). */
import { decodeHTML } from 'entities';

const TAG_START = /<\/?[a-z!]/gi;
const SCRIPT_OR_STYLE = /<(script|style)\b/gi;
const CLOSE = { script: /<\/script>/gi, style: /<\/style>/gi };

/** Plain text: tags dropped, entities decoded once, whitespace collapsed, NFC. */
export function plainText(value: string | undefined): string {
  if (!value) return '';
  // most titles and many summaries have no markup and no entity: skip those passes
  let text = value.includes('<') ? withoutTags(withoutScripts(value)) : value;
  if (text.includes('&')) text = decodeHTML(text);
  return (
    text
      // eslint-disable-next-line no-control-regex -- C0 controls (but tab, LF, CR) and DEL are dropped from plain text on purpose
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFC')
  );
}

/**
 * `text` with each script and style element, start to end tag, replaced by a space: what
 * /<(script|style)\b[\s\S]*?<\/\1>/gi gives, in one pass (that lazy pattern, tried at every
 * "<script" of a text that has no "</script>", is quadratic in the text).
 */
function withoutScripts(text: string): string {
  let out = '';
  let kept = 0;
  // once an element has no end tag left, no later one of its name has one either
  const ended = { script: true, style: true };
  SCRIPT_OR_STYLE.lastIndex = 0;
  for (let m = SCRIPT_OR_STYLE.exec(text); m; m = SCRIPT_OR_STYLE.exec(text)) {
    const name = m[1].toLowerCase() as keyof typeof CLOSE;
    if (!ended[name]) continue;
    const close = CLOSE[name];
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(text);
    if (!end) {
      ended[name] = false;
      continue;
    }
    out += `${text.slice(kept, m.index)} `;
    kept = close.lastIndex;
    SCRIPT_OR_STYLE.lastIndex = kept;
  }
  return out + text.slice(kept);
}

/** `text` with each tag replaced by a space: what /<\/?[a-z!][^>]*>/gi gives, in one pass. */
function withoutTags(text: string): string {
  let out = '';
  let kept = 0;
  TAG_START.lastIndex = 0;
  for (let m = TAG_START.exec(text); m; m = TAG_START.exec(text)) {
    const end = text.indexOf('>', m.index + m[0].length);
    // no ">" after this tag's start: none after a later one either
    if (end === -1) break;
    out += `${text.slice(kept, m.index)} `;
    kept = end + 1;
    TAG_START.lastIndex = kept;
  }
  return out + text.slice(kept);
}

/**
 * Cuts text at a word boundary near `max` characters, with an ellipsis when cut (so up to
 * `max` + 1 UTF-16 code units), never through a surrogate pair.
 */
export function cutAtWord(text: string, max = 300): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  let kept = at > max * 0.6 ? cut.slice(0, at) : text.slice(0, max);
  if (/[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept.replace(/[\s,.;:–-]+$/, '')}…`;
}
