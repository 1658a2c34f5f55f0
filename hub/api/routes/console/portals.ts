/**
 * The console's portal pages and source lists: the tree, a portal, add and edit a portal, delete
 * it, bulk import, the ownership steps' actions, and every source in scope. Thin: read the query
 * or form, call one use case of Hub with the signed-in principal, render or redirect (303). A
 * refused form is shown again with what was typed and the reasons next to the fields; scope is
 * the use cases' (an operator's 403/404 becomes an error page through consoleMiddleware).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Hub } from '../../../hub.ts';
import { isHubError } from '../../../errors.ts';
import { adminOnly } from '../../../keys/scope.ts';
import type { PortalInput, PortalUpdate } from '../../../model.ts';
import { SOURCE_STATES, type SourceState } from '../../../console/portals.ts';
import { renderPortal, renderPortalTree, renderSourceList, portalHref } from '../../../console/pages/portals.ts';
import {
  emailList,
  OPTIONAL_FIELDS,
  portalFormProblem,
  portalFormValues,
  renderPortalForm,
  valuesOf,
  type PortalForm,
  type PortalFormValues,
} from '../../../console/pages/portals-form.ts';
import { renderPortalImport } from '../../../console/pages/portals-import.ts';
import { formOf, principalOf, safeNext, seeOther, sendPage, viewOf } from './http.ts';

const query = (ctx: Context, name: string): string | undefined => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : undefined);

/** The typed values as a new portal: empty fields left out (the schema then names what is missing). */
function newPortal(v: PortalFormValues): PortalInput {
  const { alertEmails, ...fields } = v;
  return {
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '')),
    ...(alertEmails ? { alertEmails: emailList(alertEmails) } : {}),
  } as unknown as PortalInput;
}

/** The typed values as a change: every field sent, emptied optional ones removed. */
function portalPatch(v: PortalFormValues): PortalUpdate {
  const { id: _id, ...fields } = v;
  const patch: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value !== '') patch[name] = name === 'alertEmails' ? emailList(value) : value;
    else if ((OPTIONAL_FIELDS as readonly string[]).includes(name)) unset.push(name);
    // an emptied required field is sent empty, so the schema names it
    else patch[name] = value;
  }
  return { ...patch, ...(unset.length ? { unset } : {}) } as PortalUpdate;
}

export function portalPages(router: Router, hub: Hub) {
  /** The operator's own portal, for the scope rule on the form. */
  const scopePortal = async (ctx: Context) => {
    const who = principalOf(ctx);
    return who.role !== 'admin' && who.portalId ? (await hub.directory()).get(who.portalId) : undefined;
  };

  const showForm = async (ctx: Context, form: Omit<PortalForm, 'scopePortal'>, status = 200) => {
    const scope = await scopePortal(ctx);
    sendPage(ctx, renderPortalForm(viewOf(ctx), { ...form, ...(scope ? { scopePortal: scope } : {}) }), status);
  };

  router.get('/console/portals', async (ctx) => {
    sendPage(ctx, renderPortalTree(viewOf(ctx), await hub.consolePortals(principalOf(ctx), query(ctx, 'q')?.slice(0, 200))));
  });

  router.get('/console/portals/new', async (ctx) => {
    const parent = query(ctx, 'parent');
    await showForm(ctx, { mode: 'new', values: { ...(parent ? { parentId: parent } : {}), level: 'province' } });
  });

  router.post('/console/portals/new', async (ctx) => {
    const values = portalFormValues(formOf(ctx));
    try {
      const portal = await hub.createPortal(principalOf(ctx), newPortal(values));
      seeOther(ctx, `${portalHref(portal.id)}?done=created`);
    } catch (e) {
      if (!isHubError(e) || !e.expose) throw e;
      await showForm(ctx, { mode: 'new', values, problem: portalFormProblem(e, viewOf(ctx)) }, e.status);
    }
  });

  // admin only, as the use case: the page says so before anything is pasted
  router.get('/console/portals/import', async (ctx) => {
    if (principalOf(ctx).role !== 'admin') throw adminOnly('import a portal directory');
    sendPage(ctx, renderPortalImport(viewOf(ctx)));
  });

  router.post('/console/portals/import', async (ctx) => {
    const form = formOf(ctx);
    const dryRun = form.get('action') !== 'import';
    const data = await hub.consoleImportPortals(principalOf(ctx), form.get('text') ?? '', { dryRun });
    sendPage(ctx, renderPortalImport(viewOf(ctx), data), data.error ? data.error.status : 200);
  });

  router.get('/console/portals/:id', async (ctx) => {
    sendPage(ctx, renderPortal(viewOf(ctx), await hub.consolePortal(principalOf(ctx), ctx.params.id), ctx.query.done));
  });

  router.get('/console/portals/:id/edit', async (ctx) => {
    // the page shows what the use case would refuse: a portal outside the scope is a 403/404 page
    const { portal } = await hub.consolePortal(principalOf(ctx), ctx.params.id);
    await showForm(ctx, { mode: 'edit', portal, values: valuesOf(portal) });
  });

  router.post('/console/portals/:id/edit', async (ctx) => {
    const who = principalOf(ctx);
    const values = portalFormValues(formOf(ctx));
    try {
      const portal = await hub.updatePortal(who, ctx.params.id, portalPatch(values));
      seeOther(ctx, `${portalHref(portal.id)}?done=updated`);
    } catch (e) {
      if (!isHubError(e) || !e.expose) throw e;
      // a portal the caller may not see is an error page (404, 403), not a form; a parent out of scope is the form's
      const { portal } = await hub.consolePortal(who, ctx.params.id);
      await showForm(ctx, { mode: 'edit', portal, values: { ...values, id: portal.id }, problem: portalFormProblem(e, viewOf(ctx)) }, e.status);
    }
  });

  router.post('/console/portals/:id/delete', async (ctx) => {
    const portal = await hub.getPortal(ctx.params.id);
    await hub.removePortal(principalOf(ctx), ctx.params.id);
    seeOther(ctx, `${portal.parentId ? portalHref(portal.parentId) : '/console/portals'}?done=deleted`);
  });

  // the ownership steps' buttons (hub/console/pages/ownership.ts), from the portal page or the source page
  router.post('/console/ownership/:id/verify', async (ctx) => {
    const source = await hub.verifyOwnership(principalOf(ctx), ctx.params.id);
    seeOther(ctx, withDone(safeNext(formOf(ctx).get('back')) ?? portalHref(source.portalId), source.ownership?.state === 'pending' ? 'pending' : 'verified'));
  });

  router.post('/console/ownership/:id/approve', async (ctx) => {
    const source = await hub.approveOwnership(principalOf(ctx), ctx.params.id);
    seeOther(ctx, withDone(safeNext(formOf(ctx).get('back')) ?? portalHref(source.portalId), 'approved'));
  });

  router.get('/console/sources', async (ctx) => {
    const state = query(ctx, 'state');
    const page = Number(query(ctx, 'page') ?? 1);
    const data = await hub.consoleSources(principalOf(ctx), {
      ...(state && (SOURCE_STATES as string[]).includes(state) ? { state: state as SourceState } : {}),
      page: Number.isFinite(page) ? page : 1,
    });
    sendPage(ctx, renderSourceList(viewOf(ctx), data));
  });
}

/** A console path with ?done=… set (the notice the page shows), other parameters kept. */
function withDone(path: string, done: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('done', done);
  return `${url.pathname}${url.search}`;
}
