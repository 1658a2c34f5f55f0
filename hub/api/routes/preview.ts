import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { Preview, PreviewInput } from '../../model.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireKey } from '../guard.ts';

type PreviewQuery = NonNullable<operations['previewSource']['parameters']['query']>;

/** POST /api/v1/sources/preview: a key is needed because it makes the hub fetch a URL. */
export function previewRoutes(router: Router, hub: Hub) {
  router.post('/api/v1/sources/preview', requireKey(hub), async (ctx) => {
    const query = validQuery<PreviewQuery>(ctx, 'previewSource');
    const body = validBody<PreviewInput>(ctx, 'previewSource');
    ctx.body = (await hub.previewSource(principalOf(ctx), body, query.limit ?? 10)) satisfies Preview;
  });
}
