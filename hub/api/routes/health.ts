import type Router from '@koa/router';
import type { operations } from '../openapi.gen.ts';

type Health = operations['getHealth']['responses']['200']['content']['application/json'];

export function healthRoutes(router: Router) {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' } satisfies Health;
  });
}
