import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { Preview, PreviewInput } from '../../model.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireKey } from '../guard.ts';
import { assertCoversPortal } from '../../keys/scope.ts';
import { previewSource } from '../../preview.ts';

type PreviewQuery = NonNullable<operations['previewSource']['parameters']['query']>;

/** POST /api/v1/sources/preview: a key is needed because it makes the hub fetch a URL. */
export function previewRoutes(router: Router, hub: Hub) {
  router.post('/api/v1/sources/preview', requireKey(hub), async (ctx) => {
    const query = validQuery<PreviewQuery>(ctx, 'previewSource');
    const body = validBody<PreviewInput>(ctx, 'previewSource');
    // an operator previews only for portals in their scope, as they could only register there
    if (body.portalId && (await hub.store.getPortal(body.portalId))) await assertCoversPortal(hub.store, principalOf(ctx), body.portalId);
    ctx.body = (await previewSource({ config: hub.config, store: hub.store }, body, query.limit ?? 10)) satisfies Preview;
  });
}
