import type Router from '@koa/router';
import type { Hub, ItemFilter } from '../../hub.ts';
import { canonicalQuery } from '../../filter/filter.ts';
import { validQuery } from '../validate.ts';
import { withAlsoPublishedBy } from '../../publish/clusters.ts';
import { tombstone } from '../../publish/withdrawals.ts';

export function itemRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/items', async (ctx) => {
    const filter = validQuery<ItemFilter>(ctx, 'listItems');
    const page = await hub.listItems(filter);
    if (page.nextCursor) {
      // RFC 8288: the same filter, one page on
      const query = [canonicalQuery(filter), `cursor=${encodeURIComponent(page.nextCursor)}`].filter(Boolean).join('&');
      ctx.set('Link', `<${hub.config.publicUrl}/api/v1/items?${query}>; rel="next"`);
    }
    ctx.body = { ...page, items: (await withAlsoPublishedBy(page.items, hub.store, hub.config.publicUrl)).map(tombstone) };
  });

  router.get('/api/v1/items/:id', async (ctx) => {
    ctx.body = tombstone((await withAlsoPublishedBy([await hub.getItem(ctx.params.id)], hub.store, hub.config.publicUrl))[0]);
  });
}
