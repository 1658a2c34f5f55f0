/** Portal scorecards (hub/stats/scorecard.ts): public reads, rendered once and cached with the feeds, sent with an ETag. */
import type Router from '@koa/router';
import type { Hub, ScorecardQuery } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import { validQuery } from '../validate.ts';
import { send } from './feeds.ts';

type CardQuery = NonNullable<operations['getPortalScorecard']['parameters']['query']>;

export function scorecardRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/portals/:id/scorecard', async (ctx) => {
    const { subtree } = validQuery<CardQuery>(ctx, 'getPortalScorecard');
    send(ctx, await hub.renderedScorecard(ctx.params.id, { subtree: yes(subtree) }, 'json'));
  });

  router.get('/api/v1/portals/:id/scorecard.svg', async (ctx) => {
    const { subtree } = validQuery<CardQuery>(ctx, 'getPortalScorecardSvg');
    send(ctx, await hub.renderedScorecard(ctx.params.id, { subtree: yes(subtree) }, 'svg'));
  });

  router.get('/api/v1/scorecards', async (ctx) => {
    send(ctx, await hub.renderedScorecards(validQuery<ScorecardQuery>(ctx, 'listScorecards'), 'json'));
  });

  router.get('/api/v1/scorecards.csv', async (ctx) => {
    const rendered = await hub.renderedScorecards(validQuery<ScorecardQuery>(ctx, 'listScorecardsCsv'), 'csv');
    ctx.set('Content-Disposition', 'inline; filename="scorecards.csv"');
    send(ctx, rendered);
  });
}

/** `subtree=1` as the console's links write it, or `subtree=true` as the statistics take it. */
const yes = (flag: string | undefined) => flag === '1' || flag === 'true';
