import type Router from '@koa/router';
import type { Hub, ItemFilter } from '../../hub.ts';
import { validQuery } from '../validate.ts';
import { send } from './feeds.ts';

export function itemRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/items', async (ctx) => {
    const page = await hub.itemsPage(validQuery<ItemFilter>(ctx, 'listItems'));
    // RFC 8288: the same filter, one page on
    if (page.next) ctx.set('Link', page.next);
    send(ctx, page);
  });

  router.get('/api/v1/items/:id', async (ctx) => {
    ctx.body = await hub.publishedItem(ctx.params.id);
  });
}
