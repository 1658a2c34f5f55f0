import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { DiscoverInput, Discovery } from '../../model.ts';
import { validBody } from '../validate.ts';
import { principalOf, requireKey } from '../guard.ts';

/** POST /api/v1/discover: a key is needed because it makes the hub fetch a URL. */
export function discoverRoutes(router: Router, hub: Hub) {
  router.post('/api/v1/discover', requireKey(hub), async (ctx) => {
    const { url } = validBody<DiscoverInput>(ctx, 'discoverSources');
    ctx.body = (await hub.discoverSources(principalOf(ctx), url)) satisfies Discovery;
  });
}
