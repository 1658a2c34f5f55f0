/**
 * The one rule for text written into XML (feeds, OPML): characters XML 1.0 forbids (C0 controls
 * but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) are dropped, then `& < > " '` are escaped,
 * once. Text handed to the `feed` package goes through `XmlTextSlots` so that package's own,
 * uneven escaping (CDATA for item titles, half-escaped attributes, `&amp;` undone in text) never
 * touches it: each value becomes an opaque slot in the package's output, filled with this escape.
 */
import { randomBytes } from 'node:crypto';

const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops the characters XML 1.0 forbids (a last pass over whole documents). */
export const stripXmlForbidden = (s: string) => s.replace(FORBIDDEN, '');

/** Text (or an attribute value) as XML: forbidden characters dropped, markup characters escaped once. */
export const xmlText = (s: string) =>
  stripXmlForbidden(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Stand-ins for text given to a library that writes XML, filled with `xmlText` in its output. */
export class XmlTextSlots {
  private readonly values: string[] = [];
  private readonly nonce = randomBytes(8).toString('hex');

  /** A placeholder (letters and digits only, so nothing escapes it) for `text`. */
  slot(text: string): string {
    this.values.push(text);
    return `xt${this.nonce}n${this.values.length - 1}e`;
  }

  /** The library's output with each placeholder (and the CDATA section around it, if any) replaced by its escaped text. */
  fill(xml: string): string {
    const token = `xt${this.nonce}n(\\d+)e`;
    return xml.replace(new RegExp(`<!\\[CDATA\\[${token}\\]\\]>|${token}`, 'g'), (_m, a?: string, b?: string) => xmlText(this.values[Number(a ?? b)] ?? ''));
  }
}
