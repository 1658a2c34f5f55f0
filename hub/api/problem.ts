/** The one error middleware: every failure leaves as RFC 9457 problem+json with a stable code. */
import type { Context, Next } from 'koa';
import { asHubError, HubError } from '../errors.ts';
import { ERROR_CATALOGUE } from '../error-catalogue.ts';
import type { Problem } from '../model.ts';
import type { Log } from '../log.ts';

export function problemBody(error: HubError, instance?: string): Problem {
  return {
    type: `https://portal-hub.example/problems/${error.code.toLowerCase().replace(/[._]/g, '-')}`,
    title: error.expose ? error.title : ERROR_CATALOGUE.INTERNAL.title,
    status: error.status,
    detail: error.expose ? error.message : 'The hub hit an unexpected error; it has been logged.',
    code: error.expose ? error.code : 'INTERNAL',
    ...(instance ? { instance } : {}),
    ...(error.errors?.length ? { errors: error.errors } : {}),
    ...(error.expose ? error.extensions : {}),
  };
}

export function problemMiddleware(log: Log) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HubError('ROUTE.NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
    } catch (e) {
      // Koa/router errors (405, 501, 413 from body reading) carry a status of their own
      const status = (e as { status?: number }).status;
      const error =
        e instanceof HubError
          ? e
          : status && status < 500
            ? new HubError(status === 405 ? 'ROUTE.METHOD_NOT_ALLOWED' : 'REQUEST.INVALID', (e as Error).message, { status })
            : asHubError(e);
      if (!error.expose)
        ((ctx.state.log as Log | undefined) ?? log)(`error on ${ctx.method} ${ctx.path}: ${(e as Error).stack ?? e}`, {
          level: 'error',
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          code: error.code,
        });
      ctx.status = error.status;
      for (const [k, v] of Object.entries(error.headers ?? {})) ctx.set(k, v);
      ctx.type = 'application/problem+json';
      ctx.body = JSON.stringify(problemBody(error, ctx.path));
    }
  };
}
