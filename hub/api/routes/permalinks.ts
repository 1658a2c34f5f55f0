import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import { HubError } from '../../errors.ts';

/**
 * Stable hub permalinks: /i/{id} answers 302 to the article on its portal, so a link shared across
 * portals keeps working when the hub learns the article's new URL. 302, not 301: the target may
 * change and must not be cached for good. A withdrawn item is 410 Gone (RFC 9110 §15.5.11).
 */
export function permalinkRoutes(router: Router, hub: Hub) {
  router.get('/i/:id', async (ctx) => {
    const item = await hub.getItem(ctx.params.id);
    if (item.flags.includes('withdrawn')) throw new HubError('ITEM.WITHDRAWN', `The item "${item.id}" was withdrawn by its portal`);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.status = 302;
    ctx.redirect(item.url);
  });
}
