import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { SourceInput, SourceUpdate } from '../../model.ts';
import type { Principal } from '../../keys/principal.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireAdmin, requireKey } from '../guard.ts';
import { headerUrl } from '../../pipeline/link-header.ts';

type SourceList = operations['listSources']['responses']['200']['content']['application/json'];
type SourceQuery = NonNullable<operations['listSources']['parameters']['query']>;
type RefreshesQuery = NonNullable<operations['listRefreshes']['parameters']['query']>;

export function sourceRoutes(router: Router, hub: Hub, onChange: () => void) {
  router.get('/api/v1/sources', async (ctx) => {
    const query = validQuery<SourceQuery>(ctx, 'listSources');
    const viewer = ctx.state.principal as Principal | undefined;
    ctx.body = { sources: await hub.viewSources(viewer, query.portal ? { portalId: query.portal } : {}) } satisfies SourceList;
  });

  router.post('/api/v1/sources', requireKey(hub), async (ctx) => {
    const source = await hub.createSource(principalOf(ctx), validBody<SourceInput>(ctx, 'createSource'));
    onChange();
    ctx.status = 201;
    ctx.set('Location', headerUrl(`/api/v1/sources/${source.id}`));
    ctx.body = source;
  });

  router.get('/api/v1/sources/:id', async (ctx) => {
    ctx.body = await hub.viewSource(ctx.state.principal as Principal | undefined, ctx.params.id);
  });

  router.get('/api/v1/sources/:id/refreshes', async (ctx) => {
    const query = validQuery<RefreshesQuery>(ctx, 'listRefreshes');
    ctx.body = await hub.listRefreshes(ctx.params.id, { ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.limit ? { limit: query.limit } : {}) });
  });

  router.patch('/api/v1/sources/:id', requireKey(hub), async (ctx) => {
    ctx.body = await hub.updateSource(principalOf(ctx), ctx.params.id, validBody<SourceUpdate>(ctx, 'updateSource'));
    onChange();
  });

  router.delete('/api/v1/sources/:id', requireKey(hub), async (ctx) => {
    await hub.removeSource(principalOf(ctx), ctx.params.id);
    onChange();
    ctx.status = 204;
  });

  router.post('/api/v1/sources/:id/refresh', requireKey(hub), async (ctx) => {
    ctx.body = await hub.refreshSource(principalOf(ctx), ctx.params.id);
  });

  router.post('/api/v1/sources/:id/ownership/verify', requireKey(hub), async (ctx) => {
    ctx.body = await hub.verifyOwnership(principalOf(ctx), ctx.params.id);
    onChange();
  });

  router.post('/api/v1/sources/:id/ownership/approve', requireAdmin(hub, 'approve the ownership of a source'), async (ctx) => {
    ctx.body = await hub.approveOwnership(principalOf(ctx), ctx.params.id);
    onChange();
  });
}
