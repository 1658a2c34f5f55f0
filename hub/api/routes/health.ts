/**
 * Health. `/livez` is liveness: the process answers (200, always). `/healthz` is readiness: 200
 * while the store can be used, 503 while it cannot (Redis gone: reported within a PING timeout,
 * hub/store/redis.ts), with `degraded` and the details when the store was opened with damage
 * (a corrupted journal line, hub/store/embedded.ts). Neither needs a key.
 */
import type Router from '@koa/router';
import type { operations } from '../openapi.gen.ts';
import type { Hub } from '../../hub.ts';

type Live = operations['getLiveness']['responses']['200']['content']['application/json'];
type Ready = operations['getHealth']['responses']['200']['content']['application/json'];

export function healthRoutes(router: Router, hub: Hub) {
  router.get('/livez', (ctx) => {
    ctx.body = { status: 'ok' } satisfies Live;
  });
  router.get('/healthz', async (ctx) => {
    const store = await hub.store.status();
    const body: Ready = store.state === 'down' ? { status: 'unavailable', store } : store.damage?.length ? { status: 'degraded', store } : { status: 'ok' };
    ctx.set('cache-control', 'no-store');
    ctx.status = store.state === 'down' ? 503 : 200;
    ctx.body = body;
  });
}
