/** Route guard: writes need a valid key. Scopes and roles grow here. */
import type { Context, Next } from 'koa';
import type { Hub } from '../hub.ts';
import { authenticate } from '../auth.ts';

export function requireKey(hub: Hub) {
  return async (ctx: Context, next: Next) => {
    ctx.state.principal = await authenticate(hub.store, ctx.get('authorization') || undefined);
    return next();
  };
}
