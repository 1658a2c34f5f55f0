/**
 * The console's source pages: adding a source (address → what the hub found → preview → save),
 * a source's page, refresh now, pause and resume, edit with a preview of the change, delete with
 * a confirmation. Every read and write is a use case of Hub called with the signed-in principal:
 * a source outside the caller's scope answers 404 or 403 as the use case does.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Hub } from '../../../hub.ts';
import { invalidRequest, isHubError, type HubError } from '../../../errors.ts';
import type { Portal, Preview, PreviewInput, SourceUpdate } from '../../../model.ts';
import { formProblem } from '../../../console/forms.ts';
import { renderAddPreview, renderAddUrl, renderCandidates, NEW_SOURCE_PATH } from '../../../console/pages/source-new.ts';
import { renderDeleteConfirm, renderSource, sourcePath, SOURCE_NOTICES, type SourceNotice } from '../../../console/pages/source.ts';
import { renderSourceEdit } from '../../../console/pages/source-edit.ts';
import { draftFromForm, draftOf, draftProblem, readDraft, type DraftForm, type SourceDraft } from '../../../console/pages/source-parts.ts';
import type { ConsoleView } from '../../../console/view.ts';
import { formOf, principalOf, seeOther, sendPage, viewOf } from './http.ts';

/** Items a preview shows. */
export const CONSOLE_PREVIEW_ITEMS = 10;

/** Portals by name as Vietnamese sorts them (one collator: 1,350 names sort in about a millisecond). */
const BY_NAME = new Intl.Collator('vi');

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Refusals a form shows next to its fields; a scope refusal or a missing thing is a page of its own. */
const showsOnForm = (e: unknown): e is HubError => isHubError(e) && e.expose && !['auth', 'forbidden', 'not_found'].includes(e.kind) && e.status < 500;

/**
 * How the source form (add and edit) answers: `show` renders it again with a preview or a refusal;
 * `attempt` runs a use case and, when it refuses what the form can show (a validation, a check),
 * shows the form with the reasons next to the fields instead (anything else is the error page's).
 */
function formAnswers(view: ConsoleView, draft: SourceDraft, show: (extra: Partial<DraftForm>, status: number) => void) {
  const refused = (e: HubError) => show({ problem: draftProblem(e, view, draft.kind), error: e }, e.status);
  return {
    show,
    // options that are not JSON: said next to the field, in the page's language only
    typedWrong: (errors: ReturnType<typeof readDraft>['errors']) =>
      show({ problem: { ...draftProblem(invalidRequest(errors), view, draft.kind), detail: '' } }, 400),
    async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
      try {
        return await work();
      } catch (e) {
        if (!showsOnForm(e)) throw e;
        refused(e);
        return undefined;
      }
    },
  };
}

export function sourcePages(router: Router, hub: Hub) {
  const tz = hub.config.timeZone;
  const defaultInterval = hub.config.defaultIntervalSeconds;

  /** The portals the caller may add a source to, by name. */
  async function portalChoices(ctx: Context): Promise<Portal[]> {
    const [scope, directory] = await Promise.all([hub.portalsInScope(principalOf(ctx)), hub.directory()]);
    return directory
      .all()
      .filter((p) => !scope || scope.has(p.id))
      .sort((a, b) => BY_NAME.compare(a.name, b.name));
  }

  const previewInput = (draft: SourceDraft, read: ReturnType<typeof readDraft>): PreviewInput => ({
    portalId: draft.portalId,
    url: draft.url,
    ...(read.kind ? { kind: read.kind } : {}),
    ...(read.options ? { options: read.options } : {}),
  });

  router.get(NEW_SOURCE_PATH, async (ctx) => {
    const view = viewOf(ctx);
    const who = principalOf(ctx);
    const portals = await portalChoices(ctx);
    const url = str(ctx.query.url).trim();
    const portalId = str(ctx.query.portal) || (portals.length === 1 ? portals[0].id : '');
    if (!url || !portalId || ctx.query.edit !== undefined) {
      const missing = ctx.query.url !== undefined && ctx.query.edit === undefined;
      const problem = missing
        ? formProblem(
            invalidRequest([
              ...(url ? [] : [{ field: '/url', message: view.t.srcUrlMissing }]),
              ...(portalId ? [] : [{ field: '/portal', message: view.t.srcPortalMissing }]),
            ]),
            view,
          )
        : undefined;
      return sendPage(ctx, renderAddUrl(view, { portals, portalId, url, ...(problem ? { problem } : {}) }), problem ? 400 : 200);
    }
    const choice = str(ctx.query.source);
    if (!choice) {
      try {
        const discovery = await hub.discoverSources(who, url);
        return sendPage(ctx, renderCandidates(view, { portalId, url, discovery }));
      } catch (e) {
        // the address could not be read (a bad address, a network error, the portal's error): said next to it
        if (!isHubError(e) || !e.expose || ['auth', 'forbidden', 'not_found'].includes(e.kind)) throw e;
        const problem = formProblem(e, view);
        if (!problem.fields.size) problem.fields.set('url', problem.title);
        return sendPage(ctx, renderAddUrl(view, { portals, portalId, url, problem }), e.status);
      }
    }
    const [kind, chosen] = choice === 'asis' ? [str(ctx.query.asisKind), url] : [choice.slice(0, choice.indexOf('|')), choice.slice(choice.indexOf('|') + 1)];
    let draft = draftOf({ portalId, url: chosen, kind });
    const read = readDraft(draft, view.lang);
    const preview = await previewOrProblem(view, who, previewInput(draft, read));
    if ('problem' in preview)
      return sendPage(
        ctx,
        renderAddPreview(view, { ...preview, draft, portal: portals.find((p) => p.id === portalId), timeZone: tz, defaultInterval }),
        preview.error.status,
      );
    // what the hub read it as, and its guess at an html page's selectors, become the settings to check
    if (!kind || preview.preview.suggestedOptions)
      draft = draftOf({
        portalId,
        url: chosen,
        kind: preview.preview.suggestedOptions ? 'html' : preview.preview.kind === 'unknown' ? '' : preview.preview.kind,
        options: preview.preview.suggestedOptions,
      });
    sendPage(ctx, renderAddPreview(view, { draft, preview: preview.preview, portal: portals.find((p) => p.id === portalId), timeZone: tz, defaultInterval }));
  });

  /** A preview, or the refusal of its input as a form problem. */
  async function previewOrProblem(
    view: ReturnType<typeof viewOf>,
    who: ReturnType<typeof principalOf>,
    input: PreviewInput,
  ): Promise<{ preview: Preview } | { problem: ReturnType<typeof formProblem>; error: HubError }> {
    try {
      return { preview: await hub.previewSource(who, input, CONSOLE_PREVIEW_ITEMS) };
    } catch (e) {
      if (!showsOnForm(e)) throw e;
      return { problem: formProblem(e, view), error: e };
    }
  }

  router.post(NEW_SOURCE_PATH, async (ctx) => {
    const view = viewOf(ctx);
    const who = principalOf(ctx);
    const form = formOf(ctx);
    const draft = draftFromForm(form);
    const portal = (await hub.directory()).get(draft.portalId);
    const read = readDraft(draft, view.lang);
    const answer = formAnswers(view, draft, (extra, status) =>
      sendPage(ctx, renderAddPreview(view, { draft, ...(portal ? { portal } : {}), timeZone: tz, defaultInterval, ...extra }), status),
    );
    if (read.errors.length) return answer.typedWrong(read.errors);
    if (form.get('do') !== 'save') {
      const preview = await answer.attempt(() => hub.previewSource(who, previewInput(draft, read), CONSOLE_PREVIEW_ITEMS));
      return preview && answer.show({ preview }, 200);
    }
    const { errors: _e, ...settings } = read;
    const created = await answer.attempt(() => hub.createSource(who, { portalId: draft.portalId, url: draft.url, ...settings, kind: settings.kind ?? 'feed' }));
    if (!created) return;
    const id = created.id;
    // the first refresh now, so the source's page shows what it brought (bounded by the fetch timeout);
    // whatever it met is on that page: its report, the last error, a pending ownership
    await hub.refreshSource(who, id).catch(() => undefined);
    seeOther(ctx, `${sourcePath(id)}?notice=created`);
  });

  router.get('/console/sources/:id', async (ctx) => {
    const refreshes = str(ctx.query.refreshes);
    const items = str(ctx.query.items);
    const data = await hub.consoleSource(principalOf(ctx), ctx.params.id, {
      ...(refreshes ? { refreshCursor: refreshes } : {}),
      ...(items ? { itemCursor: items } : {}),
    });
    const notice = SOURCE_NOTICES.find((n) => n === ctx.query.notice) as SourceNotice | undefined;
    sendPage(
      ctx,
      renderSource(viewOf(ctx), {
        ...data,
        ...(notice ? { notice } : {}),
        timeZone: tz,
        query: { ...(refreshes ? { refreshes } : {}), ...(items ? { items } : {}) },
      }),
    );
  });

  router.post('/console/sources/:id/refresh', async (ctx) => {
    // a refresh that fails is still a refresh: its report and the last error are on the page
    await hub.refreshSource(principalOf(ctx), ctx.params.id).catch((e) => {
      if (!isHubError(e) || ['auth', 'forbidden', 'not_found'].includes(e.kind)) throw e;
    });
    seeOther(ctx, `${sourcePath(ctx.params.id)}?notice=refreshed`);
  });

  // an operator silences a source's alert e-mails (its webhook events still go: integrators asked for them)
  router.post('/console/sources/:id/alerts', async (ctx) => {
    const alertsMuted = formOf(ctx).get('muted') === '1';
    await hub.updateSource(principalOf(ctx), ctx.params.id, { alertsMuted });
    seeOther(ctx, `${sourcePath(ctx.params.id)}?notice=${alertsMuted ? 'muted' : 'unmuted'}`);
  });

  router.post('/console/sources/:id/pause', async (ctx) => {
    const paused = formOf(ctx).get('paused') === '1';
    await hub.updateSource(principalOf(ctx), ctx.params.id, { paused });
    seeOther(ctx, `${sourcePath(ctx.params.id)}?notice=${paused ? 'paused' : 'resumed'}`);
  });

  router.post('/console/sources/:id/delete', async (ctx) => {
    const who = principalOf(ctx);
    // without script (or without the browser's confirmation), a page asks first
    if (formOf(ctx).get('confirmed') !== '1') return sendPage(ctx, renderDeleteConfirm(viewOf(ctx), await hub.consoleSource(who, ctx.params.id)));
    const { source } = await hub.consoleSource(who, ctx.params.id);
    await hub.removeSource(who, source.id);
    seeOther(ctx, `/console/portals/${encodeURIComponent(source.portalId)}?notice=sourceDeleted`);
  });

  router.get('/console/sources/:id/edit', async (ctx) => {
    const data = await hub.consoleSource(principalOf(ctx), ctx.params.id);
    const draft = draftOf(data.source);
    sendPage(ctx, renderSourceEdit(viewOf(ctx), { ...data, draft, timeZone: tz, defaultInterval }));
  });

  router.post('/console/sources/:id/edit', async (ctx) => {
    const view = viewOf(ctx);
    const who = principalOf(ctx);
    const form = formOf(ctx);
    const data = await hub.consoleSource(who, ctx.params.id);
    const { source } = data;
    const draft = { ...draftFromForm(form), portalId: source.portalId, url: source.url };
    const read = readDraft(draft, view.lang);
    const answer = formAnswers(view, draft, (extra, status) =>
      sendPage(ctx, renderSourceEdit(view, { ...data, draft, timeZone: tz, defaultInterval, ...extra }), status),
    );
    if (read.errors.length) return answer.typedWrong(read.errors);
    if (form.get('do') !== 'save') {
      const preview = await answer.attempt(() => hub.previewSource(who, previewInput(draft, read), CONSOLE_PREVIEW_ITEMS));
      // the preview finds the source itself registered: no news to the one editing it
      return preview && answer.show({ preview: { ...preview, warnings: preview.warnings.filter((w) => !w.includes(source.id)) } }, 200);
    }
    // the settings as the form has them: an emptied options box means no options, an emptied interval the default
    const interval = read.intervalSeconds ?? defaultInterval;
    const options = read.options ?? {};
    const patch: SourceUpdate = {
      ...(read.kind && read.kind !== source.kind ? { kind: read.kind } : {}),
      ...(interval !== source.intervalSeconds ? { intervalSeconds: interval } : {}),
      ...(JSON.stringify(options) !== JSON.stringify(source.options ?? {}) ? { options } : {}),
    };
    if (Object.keys(patch).length && !(await answer.attempt(() => hub.updateSource(who, source.id, patch)))) return;
    seeOther(ctx, `${sourcePath(source.id)}?notice=saved`);
  });
}
