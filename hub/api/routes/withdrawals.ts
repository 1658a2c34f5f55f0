import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import { requireItemInScope } from '../guard.ts';
import { restoreItem, tombstone, withdrawItem } from '../../publish/withdrawals.ts';

/** An operator withdraws an item (PUT, idempotent) or takes the withdrawal back (DELETE). */
export function withdrawalRoutes(router: Router, hub: Hub) {
  router.put('/api/v1/items/:id/withdrawal', requireItemInScope(hub), async (ctx) => {
    ctx.body = tombstone(await withdrawItem(hub, ctx.params.id));
  });

  router.delete('/api/v1/items/:id/withdrawal', requireItemInScope(hub), async (ctx) => {
    ctx.body = await restoreItem(hub, ctx.params.id);
  });
}
