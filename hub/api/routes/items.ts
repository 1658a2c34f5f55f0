import type Router from '@koa/router';
import type { Hub, ItemFilter } from '../../hub.ts';
import { validQuery } from '../validate.ts';
import { send } from './feeds.ts';
import { withAlsoPublishedBy } from '../../publish/clusters.ts';
import { tombstone } from '../../publish/tombstone.ts';

export function itemRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/items', async (ctx) => {
    const page = await hub.itemsPage(validQuery<ItemFilter>(ctx, 'listItems'));
    // RFC 8288: the same filter, one page on
    if (page.next) ctx.set('Link', page.next);
    send(ctx, page);
  });

  router.get('/api/v1/items/:id', async (ctx) => {
    ctx.body = tombstone((await withAlsoPublishedBy([await hub.getItem(ctx.params.id)], hub.store, await hub.directory(), hub.config.publicUrl))[0]);
  });
}
