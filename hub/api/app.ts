/** The Koa app: error middleware first, then body reading, then thin routes over the Hub. */
import Koa from 'koa';
import Router from '@koa/router';
import type { Hub } from '../hub.ts';
import { problemMiddleware } from './problem.ts';
import { jsonBody } from './body.ts';
import { healthRoutes } from './routes/health.ts';
import { portalRoutes } from './routes/portals.ts';
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
import { corsForReads } from './cors.ts';
import { websubRoutes } from './routes/websub.ts';
import { withdrawalRoutes } from './routes/withdrawals.ts';
import type { WebSub } from '../websub/index.ts';

export interface AppOptions {
  log?: (line: string) => void;
  /** Called after sources change, so the scheduler can pick them up. */
  onSourcesChanged?: () => void;
  maxBodyBytes?: number;
  websub?: WebSub;
}

export function createApp(hub: Hub, options: AppOptions = {}): Koa {
  const app = new Koa();
  app.proxy = true;
  const router = new Router();
  healthRoutes(router);
  portalRoutes(router, hub);
  sourceRoutes(router, hub, options.onSourcesChanged ?? (() => {}));
  itemRoutes(router, hub);
  feedRoutes(router, hub);
  permalinkRoutes(router, hub);
  streamRoutes(router, hub);
  embedRoutes(router, hub);
  previewRoutes(router, hub);
  discoverRoutes(router, hub);
  opmlRoutes(router, hub, options.onSourcesChanged ?? (() => {}));
  docsRoutes(router);
  app.use(corsForReads());
  withdrawalRoutes(router, hub);
  app.use(problemMiddleware(options.log ?? ((l) => console.error(l))));
  app.use(websubRoutes(options.websub));
  app.use(jsonBody(options.maxBodyBytes ?? 1024 * 1024));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
