/**
 * Which feed a request asks for: a named feed (`/feeds/{name}.{fmt}`, `all` and one per level of
 * the hierarchy) or a portal's subtree feed (`/feeds/portals/{id}.{fmt}`), narrowed further by the
 * filter language. Builds the feed's metadata and renders it through the hub's cache, reading the
 * items exactly as `GET /api/v1/items` does.
 */
import type { Directory } from '../directory/directory.ts';
import { HubError, notFound } from '../errors.ts';
import type { ItemFilter } from '../filter/filter.ts';
import { canonicalQuery } from '../filter/filter.ts';
import type { ItemPage, PortalLevel } from '../model.ts';
import { renderFeed, type FeedCache, type FeedFormat, type FeedMeta, type RenderedFeed } from './feeds.ts';

/** What a feed is rendered from: the directory, the items as the API lists them, and the cache. */
export interface FeedDeps {
  readonly config: { publicUrl: string };
  readonly feeds: FeedCache;
  readonly websubHub?: string;
  directory(): Promise<Directory>;
  listItems(filter: ItemFilter): Promise<ItemPage>;
}

export type FeedSelection = { kind: 'named'; name: string } | { kind: 'portal'; portalId: string };

interface NamedFeed {
  title: string;
  description: string;
  levels?: PortalLevel[];
}

/** The named feeds. Their ids are part of published URLs: add, never rename. */
export const NAMED_FEEDS: Record<string, NamedFeed> = {
  all: { title: 'Tin tổng hợp từ các cổng thông tin điện tử', description: 'Unified news of every government portal connected to this hub' },
  central: { title: 'Tin từ Cổng Thông tin điện tử Chính phủ', description: 'News of the central government portal', levels: ['central'] },
  ministries: { title: 'Tin từ các bộ, ngành', description: 'News of the ministry and agency portals', levels: ['ministry'] },
  provinces: {
    title: 'Tin từ các tỉnh, thành phố',
    description: 'News of the provincial portals (34 provinces and centrally-run cities)',
    levels: ['province'],
  },
  departments: { title: 'Tin từ các sở, ban, ngành', description: 'News of the department portals', levels: ['department'] },
  communes: { title: 'Tin từ các xã, phường, đặc khu', description: 'News of the commune and ward portals', levels: ['commune'] },
};

/** The filter a selection stands for, combined with the request's filter. */
function effectiveFilter(selection: FeedSelection, filter: ItemFilter): ItemFilter {
  if (selection.kind === 'portal') {
    if (filter.within)
      throw new HubError('REQUEST.INVALID', 'A portal feed is already the subtree of its portal; use /feeds/all with within= instead', {
        errors: [{ field: 'within', message: 'is set by the path of a portal feed' }],
      });
    return { ...filter, within: selection.portalId };
  }
  const levels = NAMED_FEEDS[selection.name]?.levels;
  if (!levels) return filter;
  const asked = filter.level ? (Array.isArray(filter.level) ? filter.level : [filter.level]) : undefined;
  // both given: only the levels in both (none in common: an empty feed)
  return { ...filter, level: asked ? levels.filter((l) => asked.includes(l)) : levels };
}

export async function renderSelection(hub: FeedDeps, format: FeedFormat, filter: ItemFilter, selection: FeedSelection): Promise<RenderedFeed> {
  const directory = await hub.directory();
  const named = selection.kind === 'named' ? NAMED_FEEDS[selection.name] : undefined;
  if (selection.kind === 'named' && !named)
    throw new HubError('FEED.NOT_FOUND', `No feed named "${selection.name}"; the named feeds are ${Object.keys(NAMED_FEEDS).join(', ')}`);
  const portal = selection.kind === 'portal' ? directory.get(selection.portalId) : undefined;
  if (selection.kind === 'portal' && !portal) throw notFound('portal', selection.portalId);
  const path = selection.kind === 'portal' ? `/feeds/portals/${selection.portalId}` : `/feeds/${selection.name}`;
  const query = canonicalQuery(filter);
  const key = `${format}|${path}|${query}|${filter.cursor ?? ''}|${directory.version}`;
  return hub.feeds.get(key, async () => {
    const page = await hub.listItems(effectiveFilter(selection, filter));
    const hubUrl = hub.config.publicUrl;
    // a feed of one portal shows that portal's logo; so does a filter naming exactly one
    const single = portal ?? (filter.portal?.length === 1 ? directory.get(filter.portal[0]) : undefined);
    const portals = new Map(page.items.map((i) => [i.portalId, directory.get(i.portalId)!]).filter(([, p]) => p) as [string, NonNullable<typeof portal>][]);
    const meta: FeedMeta = {
      id: `${hubUrl}${path}${query ? `?${query}` : ''}`,
      title: portal ? portal.name : named!.title,
      description: portal
        ? `Tin từ ${portal.name} và các cổng trực thuộc${portal.nameEn ? ` (${portal.nameEn} and the portals below it)` : ''}`
        : named!.description,
      hubUrl,
      path,
      query,
      ...(portal ? { homeUrl: portal.url } : {}),
      ...(single?.logoUrl ? { imageUrl: single.logoUrl } : {}),
      ...(hub.websubHub ? { websubHub: hub.websubHub } : {}),
      nextCursor: page.nextCursor,
    };
    return renderFeed(format, page.items, portals, meta);
  });
}
