/**
 * What the hub made of a feed, shaped like feedparser's result so `Expect:` lines can read it.
 * Only fields with a counterpart in the item shape (and the channel title, link and description)
 * exist here; reading any other field makes the case out of scope, not a failure.
 */
import type { AdapterResult, RawItem } from '../../../adapters/types.ts';
import type { Item } from '../../../hub/model.ts';
import { plainText, cutAtWord } from '../../../hub/pipeline/normalize/text.ts';
import { canonicalUrl } from '../../../hub/pipeline/normalize/urls.ts';
import { sanitizeContent } from '../../../hub/pipeline/normalize/html.ts';
import { escapeText } from '../../../adapters/feed/xml/tree.ts';
import { OutOfScope, Rejected, type Comparable } from './expect.ts';

/** One of our values and the hub convention it follows. */
export class Ours implements Comparable {
  constructor(
    readonly value: string | undefined,
    private readonly convert: (expected: string) => string | undefined,
  ) {}
  equals(expected: unknown): boolean {
    if (expected instanceof Ours) return this.value === expected.value;
    return typeof expected === 'string' && this.value !== undefined && this.value === this.convert(expected);
  }
  toString() {
    return String(this.value);
  }
}

/**
 * Titles and names are plain text. feedparser keeps a text construct's own type (text/plain or
 * text/html, in *_detail.type), so its value is either literal text or HTML: ours must equal one
 * reading of it, whitespace collapsed.
 */
const literal = (e: string) => e.replace(/\s+/g, ' ').trim().normalize('NFC');
class PlainText extends Ours {
  constructor(
    value: string | undefined,
    private readonly cut = false,
  ) {
    super(value, (e) => plainText(e));
  }
  override equals(expected: unknown): boolean {
    if (super.equals(expected)) return true;
    if (typeof expected !== 'string' || this.value === undefined) return false;
    return this.value === (this.cut ? cutAtWord(literal(expected)) : literal(expected)) || (this.cut && this.value === cutAtWord(plainText(expected)));
  }
}
const text = (v: string | undefined) => new PlainText(v);
/** The summary is plain text cut near 300 characters. */
const summary = (v: string | undefined) => new PlainText(v, true);
/** Content is HTML under the hub's sanitizing policy: feedparser's HTML through the same policy. */
class Html extends Ours {
  constructor(
    value: string | undefined,
    private readonly base: string,
  ) {
    super(value, (e) => sanitizeContent(e, base).html);
  }
  // text/plain content is literal text in feedparser's value: escaped, it is our HTML
  override equals(expected: unknown): boolean {
    return super.equals(expected) || (typeof expected === 'string' && this.value === sanitizeContent(escapeText(expected), this.base).html);
  }
}
const html = (v: string | undefined, base: string) => new Html(v, base);
const url = (v: string | undefined, base: string) => new Ours(v, (e) => canonicalUrl(e, base) ?? e);
/**
 * A name is compared with feedparser's own value, as plain text: the adapter's reading of names
 * (rss.ts personName) is what is under test, so it is not applied to the expected side.
 */
const person = (v: string | undefined) => new Ours(v, (e) => plainText(e));
/**
 * feedparser's `author` is a display string: the name, then the e-mail in parentheses when the
 * feed gives one ("Example author (me@example.com)"). The item shape keeps names, not e-mail
 * addresses, so such a value is outside it; any other value is a name.
 */
class DisplayAuthor extends Ours {
  constructor(value: string | undefined) {
    super(value, (e) => plainText(e));
  }
  override equals(expected: unknown): boolean {
    if (super.equals(expected)) return true;
    if (typeof expected === 'string' && /\s\([^\s()@]+@[^\s()@]+\)$/.test(expected)) throw new OutOfScope('author with an e-mail address');
    return false;
  }
}
/** Dates are ISO 8601 with offset: equal when they are the same instant. */
class Instant implements Comparable {
  constructor(readonly value: string | undefined) {}
  equals(expected: unknown): boolean {
    if (!this.value) return false;
    const ours = Date.parse(this.value);
    if (typeof expected === 'string') return ours === Date.parse(expected);
    // a Python time.struct_time in UTC: (year, month, day, hour, minute, second, wday, yday, isdst)
    if (Array.isArray(expected)) {
      const d = new Date(ours);
      return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].every(
        (n, i) => n === expected[i],
      );
    }
    return false;
  }
}

const detail = (value: Ours) => ({ value });

export function feedView(result: AdapterResult, items: (Item | string[])[], raws: RawItem[]) {
  const ch = result.channel ?? {};
  const base = ch.link ?? '';
  // the adapter gives the channel's title and description as plain text already
  const description = text(ch.description);
  const feed = {
    title: text(ch.title),
    title_detail: detail(text(ch.title)),
    link: url(ch.link, base),
    subtitle: description,
    tagline: description,
    description,
    subtitle_detail: detail(description),
    tagline_detail: detail(description),
  };
  const entries = items.map((item, i) => (Array.isArray(item) ? new Rejected(item, ENTRY_FIELDS) : entryView(item, raws[i])));
  return { feed, entries };
}

const ENTRY_FIELDS = new Set([
  'title',
  'title_detail',
  'summary',
  'description',
  'summary_detail',
  'content',
  'link',
  'id',
  'guid',
  'author',
  'author_detail',
  'authors',
  'tags',
  'category',
  'enclosures',
  'published',
  'updated',
  'created',
  'published_parsed',
  'updated_parsed',
  'created_parsed',
]);

function entryView(item: Item, raw: RawItem) {
  const s = summary(item.summary);
  const dated = !item.flags.includes('date-missing');
  const published = new Instant(dated ? item.publishedAt : undefined);
  const updated = new Instant(raw.updated || raw.published ? item.updatedAt : undefined);
  const authors = item.authors.map((a) => ({ name: person(a) }));
  const tags = item.categories.map((c) => ({ term: text(c) }));
  // feedparser's enclosure dict has href, type, length; `url` is its alias, not a key of its own
  const enclosures = item.media.map((m) =>
    Object.defineProperty({ href: url(m.url, item.url), type: m.type, length: m.length === undefined ? undefined : String(m.length) }, 'url', {
      value: url(m.url, item.url),
      enumerable: false,
    }),
  );
  return {
    title: text(item.title),
    title_detail: detail(text(item.title)),
    summary: s,
    description: s,
    summary_detail: detail(s),
    content: raw.contentHtml ? [{ value: html(item.contentHtml, item.url) }] : [],
    link: url(item.url, item.url),
    id: new Ours(item.guid, (e) => e.trim()),
    guid: new Ours(item.guid, (e) => e.trim()),
    author: new DisplayAuthor(item.authors[0]),
    author_detail: { name: person(item.authors[0]) },
    authors,
    tags,
    category: text(item.categories[0]),
    enclosures,
    published,
    updated,
    created: published,
    published_parsed: published,
    updated_parsed: updated,
    created_parsed: published,
  };
}
