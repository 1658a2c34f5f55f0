/**
 * Who may call what. `identify` runs before any body is read: it authenticates a key when one is
 * sent (a wrong key is a 401 at once) and takes a rate-limit token, so bad writes cost the hub
 * almost nothing and never crowd out reads. Routes then say what they need: `requireKey` (any valid
 * key; 401 without), `requireAdmin` (403 for operators); portal scopes are checked by the use
 * cases in hub/hub.ts (403 AUTH.SCOPE).
 */
import type { Context, Next } from 'koa';
import type { Hub } from '../hub.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly } from '../keys/scope.ts';
import type { RateLimits } from './limits.ts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function identify(hub: Hub, limiter: RateLimits) {
  return async (ctx: Context, next: Next) => {
    const kind = READ_METHODS.has(ctx.method) ? 'read' : 'write';
    const header = ctx.get('authorization');
    if (header) {
      try {
        ctx.state.principal = { ...(await hub.authenticate(header)), ip: ctx.ip } satisfies Principal;
      } catch (e) {
        // failed attempts spend the address's write tokens: guessing keys is throttled like any flood
        await limiter.take('write', `ip:${ctx.ip}`);
        throw e;
      }
    }
    const principal = ctx.state.principal as Principal | undefined;
    // every write of the API needs a key: say so before the body is read (WebSub's public endpoints live outside /api/)
    if (!principal && kind === 'write' && ctx.path.startsWith('/api/')) {
      await limiter.take('write', `ip:${ctx.ip}`);
      await hub.authenticate(undefined);
    }
    await limiter.take(kind, principal ? `key:${principal.keyId}` : `ip:${ctx.ip}`);
    return next();
  };
}

/** The caller's principal; 401 when the request carried no valid key. */
export function principalOf(ctx: Context): Principal {
  const p = ctx.state.principal as Principal | undefined;
  if (!p) throw Object.assign(new Error('unreachable: requireKey runs first'), { status: 500 });
  return p;
}

export function requireKey(hub: Hub) {
  return async (ctx: Context, next: Next) => {
    // apps built without `identify` (or a missing header) authenticate here
    ctx.state.principal ??= { ...(await hub.authenticate(ctx.get('authorization') || undefined)), ip: ctx.ip };
    return next();
  };
}

export function requireAdmin(hub: Hub, what: string) {
  const key = requireKey(hub);
  return async (ctx: Context, next: Next) =>
    key(ctx, async () => {
      if ((ctx.state.principal as Principal).role !== 'admin') throw adminOnly(what);
      return next();
    });
}
