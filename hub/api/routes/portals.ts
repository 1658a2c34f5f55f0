import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { PortalInput } from '../../model.ts';
import { validBody } from '../validate.ts';
import { requireKey } from '../guard.ts';

type PortalList = operations['listPortals']['responses']['200']['content']['application/json'];

export function portalRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/portals', async (ctx) => {
    ctx.body = { portals: await hub.listPortals() } satisfies PortalList;
  });

  router.post('/api/v1/portals', requireKey(hub), async (ctx) => {
    const portal = await hub.createPortal(validBody<PortalInput>(ctx, 'createPortal'));
    ctx.status = 201;
    ctx.set('Location', `/api/v1/portals/${portal.id}`);
    ctx.body = portal;
  });

  router.get('/api/v1/portals/:id', async (ctx) => {
    ctx.body = await hub.getPortal(ctx.params.id);
  });
}
