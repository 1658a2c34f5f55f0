/**
 * Unified feeds: RSS 2.0 and Atom 1.0 through the `feed` package, JSON Feed 1.1 directly (the
 * package writes JSON Feed 1.0). Every entry names its origin portal; channels carry self and
 * alternate links, the portal logo, RFC 5005 `next` paging and, when push exists, `rel="hub"`.
 * Rendered bodies are cached per format and filter with their ETag, and dropped when new items
 * are announced.
 */
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import type { Item, Portal } from '../model.ts';
import type { ItemAnnouncer } from './announce.ts';
import { stripXmlForbidden, xmlText, XmlTextSlots } from './xml-text.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];

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
  /** Canonical query string (without ?) that selected the items, kept in self and alternate links. */
  query: string;
  /** The web page this feed stands for (a portal's home page); the hub's own URL when absent. */
  homeUrl?: string;
  /** Logo shown as the feed image (RSS <image>, Atom <logo>, JSON Feed icon). */
  imageUrl?: string;
  /** A WebSub hub that pushes this feed; rendered as rel="hub" when set. */
  websubHub?: string;
  /** Cursor of the next (older) page, for the RFC 5005 rel="next" link. */
  nextCursor?: string | null;
}

export interface RenderedFeed {
  body: string;
  contentType: string;
  etag: string;
  lastModified: Date;
}

const xmlEscape = xmlText;

/** The URL of this feed in a format, with its filter and optionally a page cursor. */
export function feedUrl(meta: Pick<FeedMeta, 'hubUrl' | 'path' | 'query'>, format: FeedFormat, cursor?: string): string {
  const query = [meta.query, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
  return `${meta.hubUrl}${meta.path}.${format}${query ? `?${query}` : ''}`;
}

/** A strong entity tag for a rendered body (feeds, API pages, embeds alike). */
export const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** The item's permalink (/i/{id}, a redirect to the article): the permanent, unique id of an entry in every format. */
export const itemUri = (hubUrl: string, item: Item) => `${hubUrl}/i/${item.id}`;
/** The subtree feed of a portal, which RSS and Atom `<source>` point at. */
const portalFeedUrl = (hubUrl: string, portalId: string, format: FeedFormat) => `${hubUrl}/feeds/portals/${portalId}.${format}`;

export function renderFeed(format: FeedFormat, allItems: Item[], portals: Map<string, Portal>, meta: FeedMeta): RenderedFeed {
  // withdrawn items are tombstones for the API and the stream; feeds drop them
  const items = allItems.filter((i) => !i.flags.includes('withdrawn'));
  const updated = items.reduce((max, i) => Math.max(max, Date.parse(i.updatedAt)), 0);
  // whatever reached the XML without the one escape (URLs, ids), no character XML 1.0 forbids does
  const body = format === 'json' ? jsonFeed(items, portals, meta) : stripXmlForbidden(xmlFeed(format, items, portals, meta, updated));
  const etag = etagOf(body);
  // an empty feed has no item dates; the epoch keeps its Last-Modified stable between renders
  return { body, contentType: CONTENT_TYPES[format], etag, lastModified: new Date(Math.floor(updated / 1000) * 1000) };
}

/**
 * RSS and Atom through `feed`, every piece of text through one escape (hub/publish/xml-text.ts):
 * names, titles and summaries read, after one XML parse, exactly as stored. Titles and summaries
 * are plain text, so Atom marks them `type="text"` (the package writes `html`); RSS has no such
 * mark, and readers that render its <title> as HTML see the escaped text as text all the same.
 */
function xmlFeed(format: 'rss' | 'atom', items: Item[], portals: Map<string, Portal>, meta: FeedMeta, updated: number): string {
  const text = new XmlTextSlots();
  const t = (s: string) => text.slot(s);
  const feed = new Feed({
    id: meta.id,
    title: t(meta.title),
    description: t(meta.description),
    link: meta.homeUrl ?? meta.hubUrl,
    updated: new Date(updated),
    generator: 'portal-hub',
    language: 'vi',
    copyright: t('Nội dung thuộc về các cổng thông tin nguồn'),
    feedLinks: { rss: feedUrl(meta, 'rss'), atom: feedUrl(meta, 'atom') },
    ...(meta.imageUrl ? { image: meta.imageUrl } : {}),
    ...(meta.websubHub ? { hub: meta.websubHub } : {}),
  });
  for (const item of items) {
    const portal = portals.get(item.portalId);
    feed.addItem({
      title: t(item.title),
      id: itemUri(meta.hubUrl, item),
      guid: itemUri(meta.hubUrl, item),
      link: item.url,
      date: new Date(item.updatedAt),
      published: new Date(item.publishedAt),
      description: t(item.summary),
      content: item.contentHtml ? t(item.contentHtml) : undefined,
      // RSS <author> must be an e-mail address; the portal is named by <source> there instead
      ...(format === 'atom' ? { author: [{ name: t(portal?.name ?? item.portalId), ...(portal?.url ? { link: portal.url } : {}) }] } : {}),
      // Atom needs `term` (RFC 4287 §4.2.2); RSS writes the name
      category: item.categories.map((name) => ({ name: t(name), term: t(name) })),
      ...(item.image ? { image: item.image } : {}),
      ...(format === 'rss'
        ? {
            extensions: [
              { name: 'source', objects: { _attributes: { url: portalFeedUrl(meta.hubUrl, item.portalId, 'rss') }, _text: t(portal?.name ?? item.portalId) } },
            ],
          }
        : {}),
    });
  }
  if (format === 'rss')
    return addChannelLinks(
      text.fill(feed.rss2()),
      'rss',
      meta,
      (rel, href, type) => `<atom:link href="${xmlEscape(href)}" rel="${rel}"${type ? ` type="${type}"` : ''}/>`,
    );
  return addChannelLinks(
    withAtomSources(text.fill(plainAtomText(feed.atom1())), items, portals, meta.hubUrl),
    'atom',
    meta,
    (rel, href, type) => `<link rel="${rel}" href="${xmlEscape(href)}"${type ? ` type="${type}"` : ''}/>`,
  );
}

/**
 * Links `feed` cannot write, placed right after the self link: the same feed in the other
 * formats (rel="alternate" with a type) and RFC 5005 §3 `next` for the older entries.
 */
function addChannelLinks(xml: string, format: 'rss' | 'atom', meta: FeedMeta, link: (rel: string, href: string, type?: string) => string): string {
  const others = FEED_FORMATS.filter((f) => f !== format).map((f) => link('alternate', feedUrl(meta, f), CONTENT_TYPES[f].split(';')[0]));
  const next = meta.nextCursor ? [link('next', feedUrl(meta, format, meta.nextCursor))] : [];
  const self = xml.indexOf('rel="self"');
  const end = xml.indexOf('/>', self) + 2;
  return `${xml.slice(0, end)}${[...others, ...next].map((l) => `\n        ${l}`).join('')}${xml.slice(end)}`;
}

/** Entry titles and summaries are plain text: `type="text"`, so Atom readers show the characters as they are. */
const plainAtomText = (xml: string) => xml.replace(/<(title|summary) type="html">/g, '<$1 type="text">');

/**
 * `feed` writes no per-entry Atom <source> (RFC 4287 §4.2.11) and entries come out in the order
 * they went in, so each portal's source element is written into the closing tags in turn.
 */
function withAtomSources(xml: string, items: Item[], portals: Map<string, Portal>, hubUrl: string): string {
  let i = 0;
  return xml
    .split('</entry>')
    .map((part, n, all) => (n < all.length - 1 ? `${part}${atomSource(portals.get(items[i]?.portalId ?? ''), items[i++], hubUrl)}</entry>` : part))
    .join('');
}

const atomSource = (p: Portal | undefined, item: Item, hubUrl: string) =>
  `<source><id>${xmlEscape(portalFeedUrl(hubUrl, item.portalId, 'atom'))}</id><title>${xmlEscape(p?.name ?? item.portalId)}</title>` +
  `<link rel="self" href="${xmlEscape(portalFeedUrl(hubUrl, item.portalId, 'atom'))}"/><link rel="alternate" href="${xmlEscape(p?.url ?? item.url)}"/>` +
  `${p?.logoUrl ? `<logo>${xmlEscape(p.logoUrl)}</logo>` : ''}</source>`;

function jsonFeed(items: Item[], portals: Map<string, Portal>, meta: FeedMeta): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    home_page_url: meta.homeUrl ?? meta.hubUrl,
    feed_url: feedUrl(meta, 'json'),
    ...(meta.nextCursor ? { next_url: feedUrl(meta, 'json', meta.nextCursor) } : {}),
    ...(meta.imageUrl ? { icon: meta.imageUrl } : {}),
    ...(meta.websubHub ? { hubs: [{ type: 'WebSub', url: meta.websubHub }] } : {}),
    language: 'vi',
    items: items.map((item) => {
      const portal = portals.get(item.portalId);
      return {
        id: itemUri(meta.hubUrl, item),
        url: item.url,
        title: item.title,
        ...(item.contentHtml ? { content_html: item.contentHtml } : { content_text: item.summary }),
        summary: item.summary,
        ...(item.image ? { image: item.image } : {}),
        date_published: item.publishedAt,
        date_modified: item.updatedAt,
        authors: [{ name: portal?.name ?? item.portalId, ...(portal?.url ? { url: portal.url } : {}), ...(portal?.logoUrl ? { avatar: portal.logoUrl } : {}) }],
        tags: item.categories,
        language: item.language,
        ...(item.media.length
          ? {
              attachments: item.media.map((m) => ({
                url: m.url,
                mime_type: m.type,
                ...(m.length ? { size_in_bytes: m.length } : {}),
                ...(m.title ? { title: m.title } : {}),
              })),
            }
          : {}),
        _hub: {
          item_id: item.id,
          portal_id: item.portalId,
          portal_name: portal?.name,
          portal_level: portal?.level,
          source_id: item.sourceId,
          cluster_id: item.clusterId,
          topics: item.topics,
        },
      };
    }),
  });
}

/** Rendered feeds (and API item pages) by format and filter; emptied whenever items are announced. */
export class FeedCache {
  private readonly entries = new Map<string, RenderedFeed>();
  private readonly maxEntries: number;
  /** Bumped on every clear, so a render that started before new items arrived is not kept. */
  private generation = 0;
  /** Renders under way, so a burst of requests for one cold feed renders it once. */
  private readonly pending = new Map<string, Promise<RenderedFeed>>();

  constructor(announcer: ItemAnnouncer, maxEntries = 500) {
    this.maxEntries = maxEntries;
    announcer.onItems(() => this.clear());
  }

  async get<T extends RenderedFeed>(key: string, render: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as T | undefined;
    if (hit) {
      // least recently used goes first when full
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const running = this.pending.get(key) as Promise<T> | undefined;
    if (running) return running;
    const generation = this.generation;
    const work = render().finally(() => {
      if (this.pending.get(key) === work) this.pending.delete(key);
    });
    this.pending.set(key, work);
    const rendered = await work;
    if (generation !== this.generation) return rendered;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, rendered);
    return rendered;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.pending.clear();
  }
}
