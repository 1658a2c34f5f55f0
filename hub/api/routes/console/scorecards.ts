/**
 * /console/scorecards (the national table of a level) and /console/portals/{id}/scorecard (one
 * portal, ?subtree=1 with its subtree). The API serves scorecards to anyone, so every signed-in
 * key sees them all here too; an unknown portal is a 404 page, a bad level or column a 422 page
 * (Hub's FILTER.INVALID), as the API answers.
 */
import type Router from '@koa/router';
import type { Hub } from '../../../hub.ts';
import { renderPortalScorecard, renderScorecards } from '../../../console/pages/scorecards.ts';
import { sendPage, viewOf } from './http.ts';

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const yes = (v: unknown) => ['1', 'true'].includes(one(v) ?? '');

export function scorecardPages(router: Router, hub: Hub) {
  router.get('/console/scorecards', async (ctx) => {
    const level = one(ctx.query.level);
    const sort = one(ctx.query.sort);
    const order = one(ctx.query.order);
    const table = await hub.scorecards({ ...(level ? { level } : {}), ...(sort ? { sort } : {}), ...(order ? { order } : {}) });
    sendPage(ctx, renderScorecards(viewOf(ctx), table));
  });

  router.get('/console/portals/:id/scorecard', async (ctx) => {
    sendPage(ctx, renderPortalScorecard(viewOf(ctx), await hub.scorecard(ctx.params.id, { subtree: yes(ctx.query.subtree) })));
  });
}
