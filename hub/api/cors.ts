/**
 * CORS for reads, so a portal's pages can call the API and the feeds from the browser (Fetch
 * standard, "CORS protocol"). Only GET and HEAD are opened, to any origin and without
 * credentials; writes need a key and get no CORS headers, so browsers never send them cross-site.
 */
import type { Context, Next } from 'koa';

// embed/ too: the widget reads /embed/items.json from other origins, and must be able to read its errors
const READ_PATHS = /^\/(api\/v1\/|feeds\/|opml\/|embed\/|schemas\/|openapi\.yaml$)/;
const READ_METHODS = ['GET', 'HEAD'];

export function corsForReads() {
  return async (ctx: Context, next: Next) => {
    if (!READ_PATHS.test(ctx.path)) return next();
    const preflight = ctx.method === 'OPTIONS' && ctx.get('origin') && ctx.get('access-control-request-method');
    if (preflight) {
      // a preflight for a write is answered by the router (Allow, no CORS): the browser refuses
      if (!READ_METHODS.includes(ctx.get('access-control-request-method').toUpperCase())) return next();
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Access-Control-Allow-Methods', READ_METHODS.join(', '));
      ctx.set('Access-Control-Allow-Headers', 'Accept, Accept-Language, If-None-Match, If-Modified-Since, Last-Event-ID, Cache-Control');
      ctx.set('Access-Control-Max-Age', '86400');
      ctx.status = 204;
      return;
    }
    if (READ_METHODS.includes(ctx.method)) {
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Access-Control-Expose-Headers', 'ETag, Last-Modified, Link, Location, Retry-After');
    }
    return next();
  };
}
