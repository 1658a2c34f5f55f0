/**
 * Reads JSON request bodies with a size cap; malformed JSON is a 400 that says where it broke.
 * Routes that take files (a CSV directory, an OPML list) get the text as `ctx.request.text`.
 */
import type { Context, Next } from 'koa';
import { HubError } from '../errors.ts';

export function jsonBody(maxBytes: number) {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method) || (!ctx.request.length && !ctx.get('transfer-encoding'))) return next();
    // the console's forms are read by its own middleware (hub/api/routes/console/http.ts)
    if ((ctx.path === '/console' || ctx.path.startsWith('/console/')) && ctx.is('application/x-www-form-urlencoded')) return next();
    const isText = !!ctx.is(...TEXT_TYPES);
    if (!isText && !ctx.is('application/json', 'application/*+json'))
      throw new HubError('REQUEST.UNSUPPORTED_MEDIA_TYPE', `Send JSON with Content-Type: application/json, not ${ctx.get('content-type') || 'nothing'}`);
    if (ctx.request.length > maxBytes) throw tooLarge(maxBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (isText) {
      (ctx.request as { text?: string }).text = text;
      return next();
    }
    try {
      (ctx.request as { body?: unknown }).body = JSON.parse(text);
    } catch (e) {
      throw new HubError('REQUEST.MALFORMED_JSON', `The body is not valid JSON: ${(e as Error).message}`, {
        errors: [{ field: '/', message: 'is not valid JSON' }],
      });
    }
    return next();
  };
}

/** File bodies some routes accept besides JSON: CSV directories, OPML lists. */
export const TEXT_TYPES = ['text/csv', 'text/x-opml', 'application/xml', 'text/xml'];

/** The text body of a file upload, or undefined when the request sent JSON (or nothing). */
export const textBody = (ctx: Context): string | undefined => (ctx.request as { text?: string }).text;

const tooLarge = (max: number) => new HubError('REQUEST.TOO_LARGE', `The request body is larger than ${max} bytes`);
