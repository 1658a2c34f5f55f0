/**
 * JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). Its `title`, `summary` and the
 * feed's `description` are plain text by the specification, while a raw item's title and summary
 * are HTML (the normalizer makes plain text of them, as for RSS and Atom): text is escaped here,
 * like an Atom type="text" construct, so "<canvas>" and "AT&amp;T" reach the reader as written.
 */
import type { AdapterResult, RawItem } from '../types.ts';
import { HubError } from '../../hub/errors.ts';
import { escapeText } from './xml/tree.ts';

/*
 * JSON Feed 1.1 objects as a portal serves them: nothing is checked, so every field is `unknown`
 * until the code narrows it. The document and the entries of its arrays may be any JSON value (null,
 * a string); reading one of these fields off a non-object gives undefined, which every read copes with.
 */
interface JsonFeedAuthor {
  name?: unknown;
  url?: unknown;
  avatar?: unknown;
}

interface JsonFeedAttachment {
  url?: unknown;
  mime_type?: unknown;
  title?: unknown;
  size_in_bytes?: unknown;
  duration_in_seconds?: unknown;
}

interface JsonFeedHub {
  type?: unknown;
  url?: unknown;
}

/** Fields an item and the feed both have: `authors` (1.1), `author` (1.0), `language` (1.1). */
interface JsonFeedAuthored {
  authors?: unknown;
  author?: unknown;
  language?: unknown;
}

interface JsonFeedItem extends JsonFeedAuthored {
  id?: unknown;
  url?: unknown;
  external_url?: unknown;
  title?: unknown;
  content_html?: unknown;
  content_text?: unknown;
  summary?: unknown;
  image?: unknown;
  banner_image?: unknown;
  date_published?: unknown;
  date_modified?: unknown;
  tags?: unknown;
  attachments?: unknown;
}

interface JsonFeed extends JsonFeedAuthored {
  version?: unknown;
  title?: unknown;
  description?: unknown;
  home_page_url?: unknown;
  feed_url?: unknown;
  hubs?: unknown;
  items?: unknown;
}

export function parseJsonFeed(text: string, warnings: string[]): AdapterResult {
  let doc: JsonFeed | null | undefined;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HubError('PARSE.JSON', `The JSON Feed is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof doc?.version !== 'string' || !doc.version.startsWith('https://jsonfeed.org/version/') || !Array.isArray(doc.items))
    throw new HubError('PARSE.NOT_A_FEED', 'The JSON document is not a JSON Feed (no jsonfeed.org version or no items array)');
  const feedAuthors = authorsOf(doc);
  const items: RawItem[] = doc.items
    .filter((i: unknown): i is JsonFeedItem => !!i && typeof i === 'object')
    .map((i): RawItem => ({
      guid: i.id != null ? String(i.id) : undefined,
      url: str(i.url) ?? str(i.external_url),
      title: textHtml(i.title),
      summary: textHtml(i.summary),
      contentHtml: str(i.content_html) ?? textToHtml(str(i.content_text)),
      published: str(i.date_published),
      updated: str(i.date_modified),
      authors: authorsOf(i).length ? authorsOf(i) : feedAuthors,
      categories: Array.isArray(i.tags) ? i.tags.map(textHtml).filter((t): t is string => t !== undefined) : [],
      image: str(i.image) ?? str(i.banner_image),
      language: str(i.language) ?? str(doc.language),
      media: Array.isArray(i.attachments)
        ? i.attachments
            .filter((a: JsonFeedAttachment | null | undefined): a is JsonFeedAttachment & { url: string } => !!str(a?.url))
            .map((a: JsonFeedAttachment & { url: string }) => ({
              url: a.url,
              type: str(a.mime_type),
              length: Number(a.size_in_bytes) || undefined,
              title: str(a.title),
            }))
        : [],
    }));
  const websub: JsonFeedHub | undefined = Array.isArray(doc.hubs)
    ? doc.hubs.find((h: JsonFeedHub | null | undefined) => typeof h?.type === 'string' && h.type.toLowerCase() === 'websub')
    : undefined;
  const hub = typeof websub?.url === 'string' ? websub.url : undefined;
  return {
    items,
    warnings,
    channel: {
      title: textHtml(doc.title),
      description: textHtml(doc.description),
      link: str(doc.home_page_url),
      language: str(doc.language),
      websubHub: hub,
      selfUrl: str(doc.feed_url),
    },
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function authorsOf(o: JsonFeedAuthored): string[] {
  const list: unknown[] = Array.isArray(o?.authors) ? o.authors : o?.author ? [o.author] : [];
  return list.map((a) => textHtml((a as JsonFeedAuthor | null | undefined)?.name)).filter((name): name is string => !!name);
}

/** A plain-text field as the HTML a raw item carries: escaped, so nothing in it reads as markup. */
const textHtml = (v: unknown): string | undefined => {
  const t = str(v);
  return t === undefined ? undefined : escapeText(t);
};

/**
 * `content_text` as HTML: escaped, a paragraph per block of lines between blank lines, <br> between
 * the lines of a block. Read line by line (no regex that could backtrack over long runs of spaces).
 */
export function textToHtml(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const paragraphs: string[][] = [[]];
  for (const line of value.split(/\r\n|\r|\n/)) {
    const text = line.trim();
    if (text) paragraphs[paragraphs.length - 1].push(escapeText(text));
    else if (paragraphs[paragraphs.length - 1].length) paragraphs.push([]);
  }
  const html = paragraphs
    .filter((lines) => lines.length)
    .map((lines) => `<p>${lines.join('<br>')}</p>`)
    .join('');
  return html || undefined;
}
