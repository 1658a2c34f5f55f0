import type Router from '@koa/router';
import type { Hub, ItemFilter } from '../../hub.ts';
import { validQuery } from '../validate.ts';

export function itemRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/items', async (ctx) => {
    ctx.body = await hub.listItems(validQuery<ItemFilter>(ctx, 'listItems'));
  });

  router.get('/api/v1/items/:id', async (ctx) => {
    ctx.body = await hub.getItem(ctx.params.id);
  });
}
