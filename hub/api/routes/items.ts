import type Router from '@koa/router';
import type { Hub, ItemFilter } from '../../hub.ts';
import { validQuery } from '../validate.ts';
import { withAlsoPublishedBy } from '../../publish/clusters.ts';

export function itemRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/items', async (ctx) => {
    const page = await hub.listItems(validQuery<ItemFilter>(ctx, 'listItems'));
    ctx.body = { ...page, items: await withAlsoPublishedBy(page.items, hub.store, hub.config.publicUrl) };
  });

  router.get('/api/v1/items/:id', async (ctx) => {
    ctx.body = (await withAlsoPublishedBy([await hub.getItem(ctx.params.id)], hub.store, hub.config.publicUrl))[0];
  });
}
