import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import { requireAdmin } from '../guard.ts';

/** GET /metrics: the hub's metrics in the Prometheus text format, for an admin key (a scraper's bearer token). */
export function metricsRoutes(router: Router, hub: Hub) {
  router.get('/metrics', requireAdmin(hub, 'read the metrics'), async (ctx) => {
    const { body, contentType } = await hub.metrics.render();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  });
}
