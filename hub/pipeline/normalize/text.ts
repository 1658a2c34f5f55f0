/** Plain text from what feeds put in titles and summaries (which may be HTML, or escaped HTML). */
import { decodeHTML } from 'entities';

const TAG = /<\/?[a-z!][^>]*>/gi;

/** Plain text: tags dropped, entities decoded once, whitespace collapsed, NFC. */
export function plainText(value: string | undefined): string {
  if (!value) return '';
  // most titles and many summaries have no markup and no entity: skip those passes
  let text = value.includes('<') ? value.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(TAG, ' ') : value;
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
