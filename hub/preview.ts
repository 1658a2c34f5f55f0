/**
 * Preview: what the hub would make of a source before it is registered. The same fetch policy,
 * adapter, normalizer and validator as a refresh (extractItems), and nothing stored. Every problem
 * is collected rather than thrown, so an operator sees them all at once.
 */
import { fieldErrors, validatorFor } from '../schemas/index.ts';
import { adapterKinds, getAdapter, optionErrors } from '../adapters/registry.ts';
import type { HubConfig } from './config.ts';
import { asHubError, invalidRequest, type HubError } from './errors.ts';
import type { Portal, Preview, PreviewInput, PreviewProblem } from './model.ts';
import type { Store } from './store/store.ts';
import { fetchUrl, type Fetched } from './pipeline/fetch.ts';
import { extractItems } from './pipeline/extract.ts';
import { fetchPolicy } from './pipeline/fetch.ts';
import { detectKind } from './discovery/detect.ts';
import { suggestHtmlOptions } from './discovery/suggest.ts';

export interface PreviewDeps {
  config: HubConfig;
  /** Without a store (the CLI's `hub check`), the portal is not looked up. */
  store?: Store;
  now?: () => Date;
  /** The hub's extract workers (pipeline/extract-pool.ts); without them what was fetched is read on this thread. */
  extract?: { preview(task: PreviewTask): Promise<PreviewAnalysis> };
}

/** Problems that still let the source be registered and yield items. */
const NOT_BLOCKING = new Set(['ITEM.INVALID']);
const MAX_PROBLEMS = 50;

export async function previewSource(deps: PreviewDeps, input: PreviewInput, limit = 10): Promise<Preview> {
  return (await inspectSource(deps, input, limit)).preview;
}

/** A preview with what it fetched and, when the fetch failed, the error itself (its status, its TLS cause), for the check at registration. */
export interface Inspection {
  preview: Preview;
  fetched?: Fetched;
  fetchError?: HubError;
}

/** The preview, keeping the fetched answer and the fetch's error (hub/sources/registration-check.ts reads them). */
export async function inspectSource(deps: PreviewDeps, input: PreviewInput, limit = 10): Promise<Inspection> {
  const validate = validatorFor('common.schema.json#/$defs/previewInput');
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
  const problems: PreviewProblem[] = [];
  const warnings: string[] = [];
  const preview = (rest: Partial<Preview>): Preview => {
    const shown = problems.slice(0, MAX_PROBLEMS);
    const ok = (rest.itemCount ?? 0) > 0 && shown.every((p) => NOT_BLOCKING.has(p.code));
    return { url: input.url, kind: input.kind ?? 'unknown', ok, itemCount: 0, rejectedCount: 0, items: [], problems: shown, warnings, ...rest };
  };

  const portal = await lookUpPortal(deps, input, problems, warnings);
  if (input.kind && !adapterKinds().includes(input.kind)) {
    problems.push({ code: 'SOURCE.UNKNOWN_KIND', field: '/kind', message: `Unknown source kind "${input.kind}"; known kinds: ${adapterKinds().join(', ')}` });
    return { preview: preview({}) };
  }

  let fetched: Fetched;
  try {
    fetched = await fetchUrl({ url: input.url, accept: input.kind ? getAdapter(input.kind).accept : undefined }, fetchPolicy(deps.config));
  } catch (e) {
    const error = asHubError(e, 'FETCH.FAILED');
    problems.push({ code: error.code, field: '/url', message: error.message });
    return { preview: preview({}), fetchError: error };
  }
  const task: PreviewTask = {
    input,
    fetched,
    ...(portal?.timeZone ? { portal: { timeZone: portal.timeZone } } : {}),
    now: (deps.now?.() ?? new Date()).toISOString(),
    limit,
  };
  let analysis: PreviewAnalysis;
  try {
    // off the thread that answers requests when the hub has extract workers, within their timeout
    analysis = await (deps.extract ? deps.extract.preview(task) : analysePreview(deps.config, task));
  } catch (e) {
    const error = asHubError(e, 'PARSE.FAILED');
    problems.push({ code: error.code, field: '/url', message: error.message });
    return { preview: preview({ finalUrl: fetched.finalUrl, httpStatus: fetched.status }), fetched };
  }
  problems.push(...analysis.problems);
  warnings.push(...analysis.warnings);
  return { preview: preview(analysis.preview), fetched };
}

/** What a preview reads from what it fetched: everything a worker does for it, as values that cross threads. */
export interface PreviewTask {
  input: PreviewInput;
  fetched: Fetched;
  portal?: Pick<Portal, 'timeZone'>;
  /** ISO date-time of the fetch. */
  now: string;
  limit: number;
}

export interface PreviewAnalysis {
  preview: Partial<Preview>;
  problems: PreviewProblem[];
  warnings: string[];
}

/**
 * Detect → suggest → parse → normalize → validate for what a preview fetched; run by an extract
 * worker (or inline without workers). Every problem is collected, nothing is thrown.
 */
export async function analysePreview(config: HubConfig, task: PreviewTask): Promise<PreviewAnalysis> {
  const problems: PreviewProblem[] = [];
  const warnings: string[] = [];
  const answer = (rest: Partial<Preview>): PreviewAnalysis => ({ preview: rest, problems, warnings });
  try {
    return await readFetched(config, task, problems, warnings, answer);
  } catch (e) {
    const error = asHubError(e, 'PARSE.FAILED');
    problems.push({ code: error.code, message: error.message });
    return answer({ finalUrl: task.fetched.finalUrl, httpStatus: task.fetched.status });
  }
}

async function readFetched(
  config: HubConfig,
  { input, fetched, portal, now, limit }: PreviewTask,
  problems: PreviewProblem[],
  warnings: string[],
  preview: (rest: Partial<Preview>) => PreviewAnalysis,
): Promise<PreviewAnalysis> {
  const http = { finalUrl: fetched.finalUrl, httpStatus: fetched.status };
  const detection = detectKind(fetched, config.maxFeedBytes);
  const detectedKind = detection.kind;
  const kind = input.kind ?? (detectedKind === 'unknown' ? undefined : detectedKind);
  if (!kind) {
    problems.push({
      code: 'PARSE.UNKNOWN_KIND',
      field: '/url',
      message: `The body at ${fetched.finalUrl} is not a feed, a sitemap, JSON or HTML the hub can read`,
    });
    return preview({ ...http, detectedKind });
  }
  if (input.kind && detectedKind !== 'unknown' && detectedKind !== input.kind) warnings.push(`The body looks like ${detectedKind}, not ${input.kind}`);
  // an HTML page without options: show what the hub's guess at them extracts, but do not call it usable
  let suggestedOptions: Preview['suggestedOptions'];
  if (kind === 'html' && !input.options?.itemSelector) {
    suggestedOptions = detectedKind === 'html' ? suggestHtmlOptions(detection.text) : undefined;
    problems.push({
      code: 'SOURCE.OPTIONS_REQUIRED',
      field: '/options/itemSelector',
      message: suggestedOptions
        ? `${fetched.finalUrl} is an HTML page given without options: the items below come from the hub's guess in suggestedOptions; check them, then register with kind "html" and those options (corrected as needed)`
        : `${fetched.finalUrl} is an HTML page: give kind "html" with options.itemSelector (and title, link, date as needed), or look for its feeds with POST /api/v1/discover`,
    });
    if (!suggestedOptions) return preview({ ...http, detectedKind, kind });
  }
  const shown = (rest: Partial<Preview>) => preview({ ...http, detectedKind, kind, ...(suggestedOptions ? { suggestedOptions } : {}), ...rest });

  // the schema fills in defaults; the caller's object stays as it was
  const options = structuredClone(suggestedOptions ?? input.options ?? {});
  const adapter = getAdapter(kind);
  const misfits = optionErrors(adapter, options);
  if (misfits.length) {
    for (const f of misfits) problems.push({ code: 'SOURCE.INVALID_OPTIONS', field: f.field, message: `${f.field} ${f.message}` });
    return shown({});
  }

  try {
    const extracted = await extractItems({ config, portal }, { id: 'preview', portalId: input.portalId ?? 'preview', kind, options }, fetched, new Date(now));
    warnings.push(...extracted.warnings);
    if (extracted.drift)
      problems.push({ code: 'PARSE.LAYOUT_DRIFT', field: `/options/${extracted.drift.field.replace(/\./g, '/')}`, message: extracted.drift.message });
    for (const r of extracted.rejected) problems.push({ code: 'ITEM.INVALID', ref: r.ref, message: r.reasons.join('; ') });
    if (!extracted.valid.length && !extracted.drift) problems.push({ code: 'SOURCE.NO_ITEMS', message: `Nothing usable was found at ${fetched.finalUrl}` });
    const channel = Object.fromEntries(Object.entries(extracted.channel ?? {}).filter(([k, v]) => v && ['title', 'link', 'language'].includes(k)));
    return shown({ channel, itemCount: extracted.valid.length, rejectedCount: extracted.rejected.length, items: extracted.valid.slice(0, limit) });
  } catch (e) {
    const error = asHubError(e, 'PARSE.FAILED');
    problems.push({ code: error.code, message: error.message });
    return shown({});
  }
}

async function lookUpPortal(deps: PreviewDeps, input: PreviewInput, problems: PreviewProblem[], warnings: string[]): Promise<Portal | undefined> {
  if (!input.portalId || !deps.store) return undefined;
  const portal = await deps.store.getPortal(input.portalId);
  if (!portal) {
    problems.push({ code: 'SOURCE.UNKNOWN_PORTAL', field: '/portalId', message: `The portal "${input.portalId}" is not registered` });
    return undefined;
  }
  const existing = (await deps.store.listSources({ portalId: portal.id })).find((s) => s.url === input.url && s.kind === (input.kind ?? 'feed'));
  if (existing) warnings.push(`The portal already has this source: ${existing.id}`);
  return portal;
}
