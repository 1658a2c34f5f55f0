import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import { HubError } from '../../errors.ts';
import { principalOf, requireAdmin } from '../guard.ts';
import { textBody } from '../body.ts';
import { validQuery } from '../validate.ts';
import { send } from './feeds.ts';

type ImportQuery = NonNullable<operations['importSources']['parameters']['query']>;

export function opmlRoutes(router: Router, hub: Hub, onSourcesChanged: () => void) {
  router.get('/opml/sources.opml', async (ctx) => {
    send(ctx, await hub.sourcesOpml());
  });

  router.get('/opml/portals.opml', async (ctx) => {
    send(ctx, await hub.portalsOpml());
  });

  router.post('/api/v1/sources\\:import', requireAdmin(hub, 'import sources in bulk'), async (ctx) => {
    const query = validQuery<ImportQuery>(ctx, 'importSources');
    const text = textBody(ctx);
    if (text === undefined || ctx.is('text/csv'))
      throw new HubError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the OPML file as text/x-opml (or application/xml)');
    const result = await hub.importSources(principalOf(ctx), text, query);
    if (result.created.length) onSourcesChanged();
    ctx.body = result;
  });
}
