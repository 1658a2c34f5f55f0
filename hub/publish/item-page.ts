/**
 * A page of GET /api/v1/items, rendered once per filter and cursor and cached with the feeds until
 * items or portals change: every visitor of a portal that embeds the widget asks for the same page.
 * The same items as the feeds (hub.listItems), each with its "also published by" portals, withdrawn
 * ones left out.
 */
import { canonicalQuery, type ItemFilter } from '../filter/filter.ts';
import type { Store } from '../store/store.ts';
import type { FeedDeps } from './selection.ts';
import { withAlsoPublishedBy } from './clusters.ts';
import { etagOf, type RenderedFeed } from './feeds.ts';
import { tombstone } from './tombstone.ts';
import { linkHeader } from '../pipeline/link-header.ts';

export interface RenderedItemPage extends RenderedFeed {
  /** RFC 8288 Link header value to the next page, when there is one. */
  next?: string;
}

/** What a page of items is rendered from: a feed's dependencies and the store (for clusters). */
export interface ItemPageDeps extends FeedDeps {
  readonly store: Store;
}

export async function renderItemPage(hub: ItemPageDeps, filter: ItemFilter): Promise<RenderedItemPage> {
  const directory = await hub.directory();
  const query = canonicalQuery(filter);
  return hub.feeds.get(`api|items|${query}|${filter.cursor ?? ''}|${directory.version}`, async () => {
    const page = await hub.listItems(filter);
    const items = (await withAlsoPublishedBy(page.items, hub.store, directory, hub.config.publicUrl)).map(tombstone);
    const body = JSON.stringify({ ...page, items });
    const updated = page.items.reduce((max, i) => Math.max(max, Date.parse(i.updatedAt)), 0);
    const next = page.nextCursor
      ? linkHeader([`${hub.config.publicUrl}/api/v1/items?${[query, `cursor=${encodeURIComponent(page.nextCursor)}`].filter(Boolean).join('&')}`, 'next'])
      : undefined;
    return {
      body,
      contentType: 'application/json; charset=utf-8',
      etag: etagOf(body),
      lastModified: new Date(Math.floor(updated / 1000) * 1000),
      ...(next ? { next } : {}),
    };
  });
}
