/** JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). */
import type { AdapterResult, RawItem } from '../types.ts';
import { HubError } from '../../hub/errors.ts';

export function parseJsonFeed(text: string, warnings: string[]): AdapterResult {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HubError('PARSE.JSON', `The JSON Feed is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof doc?.version !== 'string' || !doc.version.startsWith('https://jsonfeed.org/version/') || !Array.isArray(doc.items))
    throw new HubError('PARSE.NOT_A_FEED', 'The JSON document is not a JSON Feed (no jsonfeed.org version or no items array)');
  const feedAuthors = authorsOf(doc);
  const items: RawItem[] = doc.items.filter((i: unknown) => i && typeof i === 'object').map((i: any): RawItem => ({
    guid: i.id != null ? String(i.id) : undefined,
    url: str(i.url) ?? str(i.external_url),
    title: str(i.title),
    summary: str(i.summary),
    contentHtml: str(i.content_html) ?? (str(i.content_text) ? escapeText(i.content_text) : undefined),
    published: str(i.date_published),
    updated: str(i.date_modified),
    authors: authorsOf(i).length ? authorsOf(i) : feedAuthors,
    categories: Array.isArray(i.tags) ? i.tags.filter((t: unknown) => typeof t === 'string') : [],
    image: str(i.image) ?? str(i.banner_image),
    language: str(i.language) ?? str(doc.language),
    media: Array.isArray(i.attachments)
      ? i.attachments.filter((a: any) => str(a?.url)).map((a: any) => ({ url: a.url, type: str(a.mime_type), length: Number(a.size_in_bytes) || undefined, title: str(a.title) }))
      : [],
  }));
  const hub = Array.isArray(doc.hubs) ? doc.hubs.find((h: any) => h?.type?.toLowerCase() === 'websub')?.url : undefined;
  return { items, warnings, channel: { title: str(doc.title), link: str(doc.home_page_url), language: str(doc.language), websubHub: hub, selfUrl: str(doc.feed_url) } };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function authorsOf(o: any): string[] {
  const list = Array.isArray(o?.authors) ? o.authors : o?.author ? [o.author] : [];
  return list.map((a: any) => str(a?.name)).filter(Boolean);
}

const escapeText = (t: string) => `<p>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
