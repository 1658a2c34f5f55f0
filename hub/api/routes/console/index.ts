/**
 * The console's pages (/console/…), each group in its own file beside this one. Routes stay thin:
 * read the form, call one use case of Hub with the signed-in principal, render or redirect.
 */
import type Router from '@koa/router';
import type { Hub } from '../../../hub.ts';
import { isHubError } from '../../../errors.ts';
import { renderOverview } from '../../../console/pages/overview.ts';
import { portalPages } from './portals.ts';
import { sourcePages } from './sources.ts';
import { keyPages } from './keys.ts';
import { auditPages } from './audit.ts';
import { scorecardPages } from './scorecards.ts';
import { clearSessionCookie, formOf, principalOf, safeNext, seeOther, sendPage, setSessionCookie, signInPage, SIGN_IN_PATH, viewOf } from './http.ts';

export { consoleMiddleware } from './http.ts';

export function consoleRoutes(router: Router, hub: Hub) {
  router.get(SIGN_IN_PATH, async (ctx) => {
    const state = ctx.state.console;
    // already signed in: straight on
    if (state.session) return seeOther(ctx, safeNext(ctx.query.next) ?? '/console');
    const notice = ctx.query.notice === 'signedOut' ? 'signedOut' : undefined;
    signInPage(ctx, state, { ...(notice ? { notice } : {}), ...(safeNext(ctx.query.next) ? { next: safeNext(ctx.query.next) } : {}) });
  });

  router.post(SIGN_IN_PATH, async (ctx) => {
    const form = formOf(ctx);
    const key = form.get('key')?.trim() ?? '';
    const next = safeNext(form.get('next'));
    if (!key) return signInPage(ctx, ctx.state.console, { error: 'keyMissing', ...(next ? { next } : {}) }, 400);
    try {
      const { id } = await hub.signIn(key, ctx.ip);
      setSessionCookie(ctx, hub.config.publicUrl, id);
      seeOther(ctx, next ?? '/console');
    } catch (e) {
      if (!isHubError(e) || e.kind !== 'auth') throw e;
      signInPage(ctx, ctx.state.console, { error: 'keyRefused', ...(next ? { next } : {}) }, 401);
    }
  });

  router.post('/console/sign-out', async (ctx) => {
    await hub.signOut(ctx.state.console.sessionId, principalOf(ctx));
    clearSessionCookie(ctx, hub.config.publicUrl);
    seeOther(ctx, `${SIGN_IN_PATH}?notice=signedOut`);
  });

  router.get('/console', async (ctx) => {
    sendPage(ctx, renderOverview(viewOf(ctx), await hub.consoleOverview(principalOf(ctx))));
  });

  portalPages(router, hub);
  sourcePages(router, hub);
  keyPages(router, hub);
  auditPages(router, hub);
  scorecardPages(router, hub);
}
