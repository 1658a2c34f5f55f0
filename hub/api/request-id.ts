/**
 * A request id per HTTP request: the client's X-Request-Id when it is sane, else a new UUID. It is
 * sent back in the X-Request-Id header, and `ctx.state.log` is the app's log with the id in every
 * record (the problem middleware logs errors through it).
 */
import type { Context, Next } from 'koa';
import { childLog, requestIdOf, type Log } from '../log.ts';

export function requestIds(log: Log) {
  return async (ctx: Context, next: Next) => {
    const requestId = requestIdOf(ctx.get('x-request-id') || undefined);
    ctx.state.requestId = requestId;
    ctx.state.log = childLog(log, { requestId });
    ctx.set('X-Request-Id', requestId);
    return next();
  };
}
