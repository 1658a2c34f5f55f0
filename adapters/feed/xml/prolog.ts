/**
 * What portals put around and inside their XML that a strict parser rejects, made harmless
 * before parsing. Every repair keeps the text's length and line breaks, so the line and column
 * of a later XML error still point into the body as it was served.
 */
import iconv from 'iconv-lite';

export interface Cleaned {
  text: string;
  warnings: string[];
}

const FEED_ROOT = /<(?:\?xml\b|(?:[\w-]+:)?(?:rss|feed|RDF|channel)\b)/i;
// XML 1.0 §2.2: C0 controls other than tab, LF and CR are not characters of a document
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// a DOCTYPE with an optional internal subset; entities declared there are never expanded
const DOCTYPE = /<!DOCTYPE\b[^[>]*(?:\[[\s\S]*?\]\s*)?>/i;

/** Blanks a span out, keeping its line breaks. */
const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');

/** Index of the feed's first markup (XML declaration or root), or -1 when there is none near the top. */
export function feedStart(text: string): number {
  const m = FEED_ROOT.exec(text.length > 65536 ? text.slice(0, 65536) : text);
  return m ? m.index : -1;
}

export function cleanXml(input: string, start: number): Cleaned {
  const warnings: string[] = [];
  let text = input;
  if (start > 0) {
    const junk = text.slice(0, start);
    if (junk.trim()) warnings.push(`Ignored ${junk.trim().length} characters before the feed's XML ("${junk.trim().replace(/\s+/g, ' ').slice(0, 40)}")`);
    text = blank(junk) + text.slice(start);
  }
  // an XML declaration that is not at the very start is itself an error for XML parsers
  text = text.replace(/^\s+(?=<\?xml)/, (ws) => blank(ws));
  let controls = 0;
  text = text.replace(CONTROL, () => (controls++, ' '));
  if (controls) warnings.push(`Removed ${controls} control character(s) that XML does not allow`);
  // C1 controls are windows-1252 punctuation decoded as Latin-1 somewhere upstream ("demoronizing")
  let c1 = 0;
  text = text.replace(/[\u0080-\u009f]/g, (ch) => (c1++, iconv.decode(Buffer.from([ch.charCodeAt(0)]), 'windows-1252')));
  if (c1) warnings.push(`Read ${c1} C1 control character(s) as the windows-1252 punctuation they stand for`);
  // only a DOCTYPE before the root element is one; "<!DOCTYPE" inside an item's content is text
  const doctype = DOCTYPE.exec(text);
  const root = /<[A-Za-z_]/.exec(text)?.index ?? text.length;
  if (doctype && doctype.index < root) {
    // no billion laughs, no external entities: the DOCTYPE is dropped whole, nothing in it is resolved
    if (/<!ENTITY/i.test(doctype[0])) warnings.push('Ignored entity declarations in the DOCTYPE (they are never expanded)');
    text = text.slice(0, doctype.index) + blank(doctype[0]) + text.slice(doctype.index + doctype[0].length);
  }
  return { text, warnings };
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
