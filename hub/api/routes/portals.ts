import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Principal } from '../../keys/principal.ts';
import type { Hub, PortalQuery } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { PortalInput, PortalUpdate } from '../../model.ts';
import { directoryFormat } from '../../directory/import.ts';
import { HubError } from '../../errors.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireAdmin, requireKey } from '../guard.ts';
import { textBody } from '../body.ts';
import { headerUrl } from '../../pipeline/link-header.ts';

type PortalList = operations['listPortals']['responses']['200']['content']['application/json'];
type TreeQuery = NonNullable<operations['getPortalTree']['parameters']['query']>;
type StatsQuery = NonNullable<operations['getPortalStats']['parameters']['query']>;
type ImportQuery = NonNullable<operations['importPortals']['parameters']['query']>;
type ImportBody = operations['importPortals']['requestBody']['content']['application/json'];

/** Who reads (a key, or nobody): a portal's alertEmails are shown only to a key that covers it. */
const viewerOf = (ctx: Context) => ctx.state.principal as Principal | undefined;

export function portalRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/portals', async (ctx) => {
    ctx.body = { portals: await hub.viewPortals(viewerOf(ctx), validQuery<PortalQuery>(ctx, 'listPortals')) } satisfies PortalList;
  });

  router.post('/api/v1/portals', requireKey(hub), async (ctx) => {
    const portal = await hub.createPortal(principalOf(ctx), validBody<PortalInput>(ctx, 'createPortal'));
    ctx.status = 201;
    ctx.set('Location', headerUrl(`/api/v1/portals/${portal.id}`));
    ctx.body = portal;
  });

  // AIP-136 custom method; the colon is escaped so the router does not read it as a parameter
  router.post('/api/v1/portals\\:import', requireAdmin(hub, 'import a portal directory'), async (ctx) => {
    const { dryRun } = validQuery<ImportQuery>(ctx, 'importPortals');
    const csv = textBody(ctx);
    if (csv !== undefined && !ctx.is('text/csv')) throw new HubError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'A directory is sent as application/json or text/csv');
    const text = csv ?? JSON.stringify(validBody<ImportBody>(ctx, 'importPortals'));
    ctx.body = await hub.importPortals(principalOf(ctx), text, directoryFormat(ctx.get('content-type'), text), { dryRun });
  });

  router.get('/api/v1/portals/:id', async (ctx) => {
    ctx.body = await hub.viewPortal(viewerOf(ctx), ctx.params.id);
  });

  router.get('/api/v1/portals/:id/tree', async (ctx) => {
    const { depth } = validQuery<TreeQuery>(ctx, 'getPortalTree');
    ctx.body = await hub.viewPortalTree(viewerOf(ctx), ctx.params.id, depth);
  });

  router.get('/api/v1/portals/:id/stats', async (ctx) => {
    const { subtree } = validQuery<StatsQuery>(ctx, 'getPortalStats');
    ctx.body = await hub.portalStats(ctx.params.id, { subtree });
  });

  router.patch('/api/v1/portals/:id', requireKey(hub), async (ctx) => {
    ctx.body = await hub.updatePortal(principalOf(ctx), ctx.params.id, validBody<PortalUpdate>(ctx, 'updatePortal'));
  });

  router.delete('/api/v1/portals/:id', requireKey(hub), async (ctx) => {
    await hub.removePortal(principalOf(ctx), ctx.params.id);
    ctx.status = 204;
  });
}
