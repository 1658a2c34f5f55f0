/** The items' use cases: listing them (API, feeds, live stream), withdrawing and restoring them, the feeds and the home page. */
import { notFound } from '../errors.ts';
import type { Item, ItemPage } from '../model.ts';
import type { Principal } from '../keys/principal.ts';
import { assertCoversPortal } from '../keys/scope.ts';
import { restoreItem, withdrawItem } from '../publish/withdrawals.ts';
import { withAlsoPublishedBy } from '../publish/clusters.ts';
import { tombstone } from '../publish/tombstone.ts';
import type { ItemQuery } from '../store/store.ts';
import type { FeedFormat, RenderedFeed } from '../publish/feeds.ts';
import { renderItemPage, type RenderedItemPage } from '../publish/item-page.ts';
import { resolveFilter, type ItemFilter } from '../filter/filter.ts';
import { renderSelection, type FeedSelection } from '../publish/selection.ts';
import { homePageData, type HomeData } from '../pages/data.ts';
import type { UseCaseContext } from './context.ts';

/** Items a live stream that resumes from an old event id catches up with, at most. */
export const CATCH_UP_LIMIT = 200;

export class ItemUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /**
   * Items for the API and the feeds alike, so both list the same items in the same order. A
   * withdrawn item is a tombstone: reachable by id, announced on the stream, listed nowhere. A page
   * may therefore hold fewer than `limit` items; its cursor still continues where the store stopped.
   */
  async listItems(filter: ItemFilter): Promise<ItemPage> {
    const page = await this.ctx.store.queryItems(await this.ctx.resolveFilter(filter));
    return { ...page, items: page.items.filter((i) => !i.flags.includes('withdrawn')) };
  }

  /** `listItems` as the API serves it, rendered and cached per filter like a feed. */
  itemsPage(filter: ItemFilter): Promise<RenderedItemPage> {
    return renderItemPage(this.ctx, filter);
  }

  async getItem(id: string): Promise<Item> {
    return (await this.ctx.store.getItems([id])).get(id) ?? Promise.reject(notFound('item', id));
  }

  /** An operator takes an item of their subtree out of the feeds (a tombstone stays in the API). */
  async withdrawItem(who: Principal, id: string): Promise<Item> {
    const before = await this.ctx.getItem(id);
    await assertCoversPortal(this.ctx.store, who, before.portalId, 'the item belongs to portal');
    const after = await withdrawItem(this.ctx, id, this.ctx.now());
    if (!before.flags.includes('withdrawn'))
      await this.ctx.record(who, {
        action: 'item.withdraw',
        target: { type: 'item', id },
        portalId: after.portalId,
        before: { flags: before.flags },
        after: { flags: after.flags },
      });
    return after;
  }

  async restoreItem(who: Principal, id: string): Promise<Item> {
    const before = await this.ctx.getItem(id);
    await assertCoversPortal(this.ctx.store, who, before.portalId, 'the item belongs to portal');
    const after = await restoreItem(this.ctx, id, this.ctx.now());
    await this.ctx.record(who, {
      action: 'item.restore',
      target: { type: 'item', id },
      portalId: after.portalId,
      before: { flags: before.flags },
      after: { flags: after.flags },
    });
    return after;
  }

  /** One item as `GET /api/v1/items/{id}` serves it: with the portals that also published it, a tombstone when withdrawn. */
  async publishedItem(id: string): Promise<Item> {
    const [item] = await withAlsoPublishedBy([await this.ctx.getItem(id)], this.ctx.store, await this.ctx.directory(), this.ctx.config.publicUrl);
    return tombstone(item);
  }

  /** Items of a resolved query that were fetched or changed after `sinceMs`, oldest first (a live stream catching up). */
  async itemsChangedSince(query: ItemQuery, sinceMs: number): Promise<Item[]> {
    const page = await this.ctx.store.queryItems({ ...query, limit: CATCH_UP_LIMIT });
    return page.items.filter((i) => Date.parse(i.fetchedAt) > sinceMs || Date.parse(i.updatedAt) > sinceMs).reverse();
  }

  /** The filter language → a store query (`within` and `level` expanded to portal ids). */
  async resolveFilter(filter: ItemFilter): Promise<ItemQuery> {
    return resolveFilter(filter, await this.ctx.directory());
  }

  // --- feeds

  /**
   * A feed in one format: the same items `listItems` returns for the same filter, rendered once
   * per selection and filter and cached until new items arrive.
   */
  async feed(format: FeedFormat, filter: ItemFilter, selection: FeedSelection = { kind: 'named', name: 'all' }): Promise<RenderedFeed> {
    return renderSelection(this.ctx, format, filter, selection);
  }

  // --- public pages

  /** What the home page at / shows: the directory with source counts, the latest items, the topics. */
  homePage(): Promise<HomeData> {
    return homePageData(this.ctx);
  }
}
