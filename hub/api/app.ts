/**
 * The Koa app: error middleware first, then who is calling and rate limits (before any body is
 * read), then body reading with a size cap, then thin routes over the Hub.
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { Hub } from '../hub.ts';
import { problemMiddleware } from './problem.ts';
import { jsonBody } from './body.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { portalRoutes } from './routes/portals.ts';
import { scorecardRoutes } from './routes/scorecards.ts';
import { sourceRoutes } from './routes/sources.ts';
import { itemRoutes } from './routes/items.ts';
import { feedRoutes } from './routes/feeds.ts';
import { permalinkRoutes } from './routes/permalinks.ts';
import { streamRoutes } from './routes/stream.ts';
import { embedRoutes } from './routes/embed.ts';
import { previewRoutes } from './routes/preview.ts';
import { discoverRoutes } from './routes/discover.ts';
import { opmlRoutes } from './routes/opml.ts';
import { docsRoutes } from './routes/docs.ts';
import { pageRoutes } from './routes/pages.ts';
import { consoleMiddleware, consoleRoutes } from './routes/console/index.ts';
import { corsForReads } from './cors.ts';
import { websubRoutes } from './routes/websub.ts';
import { withdrawalRoutes } from './routes/withdrawals.ts';
import type { WebSub } from '../websub/index.ts';
import { keyRoutes } from './routes/keys.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { identify } from './guard.ts';
import type { RateLimits } from './limits.ts';
import { DEFAULTS } from '../config.ts';
import type { Log } from '../log.ts';
import { requestIds } from './request-id.ts';

export interface AppOptions {
  /** Callers' rate-limit buckets: the backend's (hub/backend.ts), shared by the deployment's instances. */
  limiter: RateLimits;
  /** Where errors are logged; each request's records carry its request id. */
  log?: Log;
  /** Called after sources change, so the scheduler can pick them up. */
  onSourcesChanged?: () => void;
  maxBodyBytes?: number;
  websub?: WebSub;
}

export function createApp(hub: Hub, options: AppOptions): Koa {
  const app = new Koa();
  // X-Forwarded-For decides the client address (and so its rate limit) only behind a proxy the deployment names
  app.proxy = hub.config.trustProxy ?? false;
  const router = new Router();
  healthRoutes(router, hub);
  metricsRoutes(router, hub);
  portalRoutes(router, hub);
  scorecardRoutes(router, hub);
  sourceRoutes(router, hub, options.onSourcesChanged ?? (() => {}));
  itemRoutes(router, hub);
  feedRoutes(router, hub);
  permalinkRoutes(router, hub);
  streamRoutes(router, hub);
  embedRoutes(router, hub);
  keyRoutes(router, hub);
  webhookRoutes(router, hub);
  previewRoutes(router, hub);
  discoverRoutes(router, hub);
  opmlRoutes(router, hub, options.onSourcesChanged ?? (() => {}));
  docsRoutes(router, hub.config.publicUrl);
  pageRoutes(router, hub);
  consoleRoutes(router, hub);
  app.use(corsForReads());
  withdrawalRoutes(router, hub);
  const log: Log = options.log ?? ((l) => console.error(l));
  // a request id per request, sent back and in every log record of the request
  app.use(requestIds(log));
  // outermost but CORS: every request is counted once, with the status it finally got
  app.use(async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      hub.metrics.request(ctx.method, (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched', ctx.status, (performance.now() - started) / 1000);
    }
  });
  app.use(problemMiddleware(log));
  app.use(websubRoutes(options.websub, options.limiter));
  app.use(identify(hub, options.limiter));
  app.use(jsonBody(options.maxBodyBytes ?? hub.config.maxBodyBytes ?? DEFAULTS.maxBodyBytes));
  // the console's pages answer in HTML, with their own session, form and CSRF handling
  app.use(consoleMiddleware(hub, options.maxBodyBytes ?? hub.config.maxBodyBytes ?? DEFAULTS.maxBodyBytes, log));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
