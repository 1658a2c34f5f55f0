import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { SourceInput } from '../../model.ts';
import { validBody, validQuery } from '../validate.ts';
import { requireKey } from '../guard.ts';

type SourceList = operations['listSources']['responses']['200']['content']['application/json'];
type SourceQuery = NonNullable<operations['listSources']['parameters']['query']>;

export function sourceRoutes(router: Router, hub: Hub, onChange: () => void) {
  router.get('/api/v1/sources', async (ctx) => {
    const query = validQuery<SourceQuery>(ctx, 'listSources');
    ctx.body = { sources: await hub.listSources(query.portal ? { portalId: query.portal } : {}) } satisfies SourceList;
  });

  router.post('/api/v1/sources', requireKey(hub), async (ctx) => {
    const source = await hub.createSource(validBody<SourceInput>(ctx, 'createSource'));
    onChange();
    ctx.status = 201;
    ctx.set('Location', `/api/v1/sources/${source.id}`);
    ctx.body = source;
  });

  router.get('/api/v1/sources/:id', async (ctx) => {
    ctx.body = await hub.getSource(ctx.params.id);
  });

  router.post('/api/v1/sources/:id/refresh', requireKey(hub), async (ctx) => {
    ctx.body = await hub.refreshSource(ctx.params.id);
  });
}
