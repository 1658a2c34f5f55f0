import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import { principalOf, requireKey } from '../guard.ts';
import { tombstone } from '../../publish/tombstone.ts';

/** An operator withdraws an item (PUT, idempotent) or takes the withdrawal back (DELETE). */
export function withdrawalRoutes(router: Router, hub: Hub) {
  router.put('/api/v1/items/:id/withdrawal', requireKey(hub), async (ctx) => {
    ctx.body = tombstone(await hub.withdrawItem(principalOf(ctx), ctx.params.id));
  });

  router.delete('/api/v1/items/:id/withdrawal', requireKey(hub), async (ctx) => {
    ctx.body = await hub.restoreItem(principalOf(ctx), ctx.params.id);
  });
}
