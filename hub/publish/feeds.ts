/**
 * Unified feeds: RSS 2.0 and Atom 1.0 through the `feed` package, JSON Feed 1.1 directly (the
 * package writes JSON Feed 1.0). Every entry names its origin portal. Rendered bodies are cached
 * per format and filter with their ETag, and dropped when new items are announced.
 */
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import type { Item, Portal } from '../model.ts';
import type { ItemAnnouncer } from './announce.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedMeta {
  /** Stable id of this feed (its canonical URL without format). */
  id: string;
  title: string;
  description: string;
  /** The hub's public base URL. */
  hubUrl: string;
  /** Path of this feed without the extension, e.g. /feeds/all */
  path: string;
  /** Query string (with ?) that selected the items, kept in self links. */
  query: string;
}

export interface RenderedFeed {
  body: string;
  contentType: string;
  etag: string;
  lastModified: Date;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderFeed(format: FeedFormat, items: Item[], portals: Map<string, Portal>, meta: FeedMeta): RenderedFeed {
  const updated = items.reduce((max, i) => Math.max(max, Date.parse(i.updatedAt)), 0) || 0;
  const self = (ext: FeedFormat) => `${meta.hubUrl}${meta.path}.${ext}${meta.query}`;
  let body: string;
  if (format === 'json') body = jsonFeed(items, portals, meta, self('json'));
  else {
    const feed = new Feed({
      id: meta.id,
      title: meta.title,
      description: meta.description,
      link: meta.hubUrl,
      updated: new Date(updated),
      generator: 'portal-hub',
      language: 'vi',
      copyright: 'Nội dung thuộc về các cổng thông tin nguồn',
      feedLinks: { rss: self('rss'), atom: self('atom'), json: self('json') },
    });
    for (const item of items) {
      const portal = portals.get(item.portalId);
      feed.addItem({
        title: item.title,
        id: item.url,
        guid: `${meta.hubUrl}/i/${item.id}`,
        link: item.url,
        date: new Date(item.updatedAt),
        published: new Date(item.publishedAt),
        description: item.summary,
        content: item.contentHtml || undefined,
        author: [{ name: portal?.name ?? item.portalId, link: portal?.url }],
        category: item.categories.map((name) => ({ name })),
        ...(item.image ? { image: item.image } : {}),
      });
    }
    body = format === 'rss' ? withSources(feed.rss2(), '</item>', items, portals, rssSource) : withSources(feed.atom1(), '</entry>', items, portals, atomSource);
  }
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, contentType: CONTENT_TYPES[format], etag, lastModified: new Date(Math.floor((updated || Date.now()) / 1000) * 1000) };
}

// `feed` has no per-entry <source>; entries come out in the order they went in, so the
// attribution is written into each closing tag in turn.
function withSources(xml: string, close: string, items: Item[], portals: Map<string, Portal>, source: (p: Portal | undefined, item: Item) => string): string {
  let i = 0;
  return xml.split(close).map((part, n, all) => (n < all.length - 1 ? `${part}${source(portals.get(items[i]?.portalId ?? ''), items[i++])}${close}` : part)).join('');
}

const rssSource = (p: Portal | undefined, item: Item) => `<source url="${xmlEscape(p?.url ?? item.url)}">${xmlEscape(p?.name ?? item.portalId)}</source>`;
const atomSource = (p: Portal | undefined, item: Item) =>
  `<source><id>${xmlEscape(p?.url ?? item.portalId)}</id><title>${xmlEscape(p?.name ?? item.portalId)}</title><link href="${xmlEscape(p?.url ?? item.url)}"/></source>`;

function jsonFeed(items: Item[], portals: Map<string, Portal>, meta: FeedMeta, selfUrl: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    home_page_url: meta.hubUrl,
    feed_url: selfUrl,
    language: 'vi',
    items: items.map((item) => {
      const portal = portals.get(item.portalId);
      return {
        id: `${meta.hubUrl}/i/${item.id}`,
        url: item.url,
        title: item.title,
        ...(item.contentHtml ? { content_html: item.contentHtml } : { content_text: item.summary }),
        summary: item.summary,
        ...(item.image ? { image: item.image } : {}),
        date_published: item.publishedAt,
        date_modified: item.updatedAt,
        authors: [{ name: portal?.name ?? item.portalId, ...(portal?.url ? { url: portal.url } : {}) }],
        tags: item.categories,
        language: item.language,
        ...(item.media.length ? { attachments: item.media.map((m) => ({ url: m.url, mime_type: m.type, ...(m.length ? { size_in_bytes: m.length } : {}), ...(m.title ? { title: m.title } : {}) })) } : {}),
        _hub: { item_id: item.id, portal_id: item.portalId, portal_name: portal?.name, portal_level: portal?.level, source_id: item.sourceId, cluster_id: item.clusterId, topics: item.topics },
      };
    }),
  });
}

/** Rendered feeds by format and filter; emptied whenever items are announced. */
export class FeedCache {
  private readonly entries = new Map<string, RenderedFeed>();
  private readonly maxEntries: number;
  /** Bumped on every clear, so a render that started before new items arrived is not kept. */
  private generation = 0;

  constructor(announcer: ItemAnnouncer, maxEntries = 500) {
    this.maxEntries = maxEntries;
    announcer.onItems(() => this.clear());
  }

  async get(key: string, render: () => Promise<RenderedFeed>): Promise<RenderedFeed> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const generation = this.generation;
    const rendered = await render();
    if (generation !== this.generation) return rendered;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, rendered);
    return rendered;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
