import Router from '@koa/router';
import type { Context } from 'koa';
import { HubError } from '../../errors.ts';
import type { WebSub } from '../../websub/index.ts';
import type { RateLimits } from '../limits.ts';

const MAX_FORM_BYTES = 16 * 1024;

/**
 * WebSub endpoints. They read their own bodies (a form for the hub, any feed for callbacks), so
 * they are mounted ahead of the JSON body reader. They are open to anyone, so a request takes a
 * token from the client address's write bucket (the API's limiter) before anything is read; only
 * callbacks of subscriptions this instance holds (their token is a secret) pass without one.
 *   POST /websub                               the hub (subscribe / unsubscribe, §5.1)
 *   GET  /websub/callback/{source}/{token}     our callback: verification of intent (§5.3)
 *   POST /websub/callback/{source}/{token}     our callback: content distribution (§7)
 */
export function websubRoutes(websub: WebSub | undefined, limiter: RateLimits): ReturnType<Router['routes']> {
  const router = new Router();
  if (!websub) return router.routes();
  const { publisher, subscriber } = websub;
  const limited = async (ctx: Context, next: () => Promise<unknown>) => {
    await limiter.take('write', `ip:${ctx.ip}`);
    return next();
  };
  // a publishing hub may push many of our sources from one address: calls for a subscription this
  // instance holds pass; any other call spends a token before the hub does any work for it
  const callbackLimited = async (ctx: Context, next: () => Promise<unknown>) => {
    if (!(await subscriber.holds(ctx.params.source, ctx.params.token))) await limiter.take('write', `ip:${ctx.ip}`);
    return next();
  };

  router.post('/websub', limited, async (ctx) => {
    if (!ctx.is('application/x-www-form-urlencoded'))
      throw new HubError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'A WebSub request is a form: Content-Type: application/x-www-form-urlencoded');
    const form = new URLSearchParams((await readBody(ctx, MAX_FORM_BYTES)).toString('utf8'));
    const mode = form.get('hub.mode');
    const errors: { field: string; message: string }[] = [];
    if (mode !== 'subscribe' && mode !== 'unsubscribe') errors.push({ field: 'hub.mode', message: 'must be subscribe or unsubscribe' });
    for (const field of ['hub.callback', 'hub.topic']) if (!form.get(field)) errors.push({ field, message: 'is required' });
    const lease = form.get('hub.lease_seconds');
    if (lease !== null && !/^\d{1,9}$/.test(lease)) errors.push({ field: 'hub.lease_seconds', message: 'must be a whole number of seconds' });
    if (errors.length)
      throw new HubError('WEBSUB.INVALID_REQUEST', `The subscription request is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
        errors,
      });
    await publisher.request({
      mode: mode as 'subscribe' | 'unsubscribe',
      callback: form.get('hub.callback')!,
      topic: form.get('hub.topic')!,
      ...(lease ? { leaseSeconds: Number(lease) } : {}),
      ...(form.get('hub.secret') !== null ? { secret: form.get('hub.secret')! } : {}),
    });
    // §5.1.1: 202 Accepted; the outcome reaches the callback
    ctx.status = 202;
    ctx.body = '';
  });

  router.get('/websub/callback/:source/:token', callbackLimited, async (ctx) => {
    const q = (name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : undefined);
    const lease = q('hub.lease_seconds');
    const challenge = await subscriber.verify(ctx.params.source, ctx.params.token, {
      mode: q('hub.mode'),
      topic: q('hub.topic'),
      challenge: q('hub.challenge'),
      leaseSeconds: lease ? Number(lease) : undefined,
      reason: q('hub.reason'),
    });
    if (challenge === undefined) throw new HubError('WEBSUB.UNKNOWN_SUBSCRIPTION', 'This hub did not ask for that subscription');
    ctx.type = 'text/plain';
    ctx.body = challenge;
  });

  router.post('/websub/callback/:source/:token', callbackLimited, async (ctx) => {
    // a push for no live subscription is refused before its body is read, and the connection closed
    // so the rest of the body is not read either
    if (!(await subscriber.isLive(ctx.params.source, ctx.params.token))) {
      ctx.set('Connection', 'close');
      throw new HubError('WEBSUB.UNKNOWN_SUBSCRIPTION', 'No live subscription of this hub has that callback');
    }
    const body = await readBody(ctx, websub.hub.config.maxFeedBytes);
    const headers = Object.fromEntries(Object.entries(ctx.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    if (!(await subscriber.receive(ctx.params.source, ctx.params.token, body, headers)))
      throw new HubError('WEBSUB.UNKNOWN_SUBSCRIPTION', 'No live subscription of this hub has that callback');
    ctx.status = 202;
    ctx.body = '';
  });

  return router.routes();
}

async function readBody(ctx: Context, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > maxBytes) throw new HubError('REQUEST.TOO_LARGE', `The request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
