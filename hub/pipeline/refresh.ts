/**
 * The pipeline, top to bottom, for one source:
 *   fetch → parse (adapter) → normalize → validate → dedupe → store → publish.
 * Whatever goes wrong is kept on the source's health with a specific reason; nothing already
 * stored is touched by a failed fetch, and one bad item never stops the others.
 */
import { getAdapter } from '../../adapters/registry.ts';
import { DEFAULTS, type HubConfig } from '../config.ts';
import { asHubError, HubError } from '../errors.ts';
import type { LayoutDrift, RefreshResult, Source, SourceHealth } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { ItemAnnouncer } from '../publish/announce.ts';
import { fetchPolicy, fetchUrl, type Fetched } from './fetch.ts';
import { extractItems, type Extracted } from './extract.ts';
import type { ExtractPool } from './extract-pool.ts';
import { reconcile } from './dedupe.ts';
import { dueAfterRefresh, failureHealth, freshnessHintMs } from '../scheduler/policy.ts';

export interface PipelineDeps {
  store: Store;
  config: HubConfig;
  announcer: ItemAnnouncer;
  now?: () => Date;
  /** Extract workers; without them parse → normalize → validate run on this thread. */
  extract?: ExtractPool;
  /** Told after a fetched body is stored (WebSub discovery, corrections). Pushed content passes none. */
  onFetched?: (source: Source, fetched: Fetched, extracted: Extracted) => void;
}

const MAX_KEPT = 50;

/** What the scheduler knows of this poll: when it was due (its phase) and how much to stretch the interval. */
export interface PollPlan {
  dueAt?: number;
  /** A source that pushes (WebSub) is polled this many times less often, as a safety net. */
  intervalFactor?: number;
  /** The scheduler's clock, which `dueAt` is on (by default the time the fetch was made). */
  clock?: () => number;
}

/**
 * Fetches a source now and runs the whole pipeline on what comes back, then decides when the
 * source is next due (`nextDueAt`): its interval, or later when the portal asked — Retry-After on
 * a 429 or 503, RSS <ttl>, Cache-Control max-age, Expires — never later than the backoff cap. The
 * scheduler only obeys it; a disabled source has none.
 */
export async function refreshSource(deps: PipelineDeps, source: Source, plan: PollPlan = {}): Promise<RefreshResult> {
  const { hintMs, ...result } = await fetchAndProcess(deps, source);
  // a failure has decided already: the backoff, or the portal's Retry-After (none once disabled)
  if (result.error) return result;
  const now = plan.clock?.() ?? Date.parse(result.fetchedAt);
  const intervalMs = source.intervalSeconds * 1000 * (plan.intervalFactor ?? 1);
  const capMs = (deps.config.backoffMaxSeconds ?? DEFAULTS.backoffMaxSeconds) * 1000;
  return { ...result, nextDueAt: new Date(dueAfterRefresh(plan.dueAt ?? now, intervalMs, now, hintMs, capMs)).toISOString() };
}

type Polled = RefreshResult & { hintMs?: number };

async function fetchAndProcess(deps: PipelineDeps, source: Source): Promise<Polled> {
  const fetchedAt = deps.now?.() ?? new Date();
  const policy = fetchPolicy(deps.config);
  const adapter = getAdapter(source.kind);
  let fetched: Fetched;
  try {
    fetched = await fetchUrl({ url: source.url, etag: source.health.etag, lastModified: source.health.lastModified, accept: adapter.accept }, policy);
  } catch (e) {
    const error = asHubError(e, 'FETCH.FAILED');
    return recordFailure(deps, source, error, fetchedAt, error.upstreamStatus);
  }
  if (fetched.notModified) {
    const health: SourceHealth = {
      ...source.health,
      state: 'ok',
      lastFetchedAt: fetchedAt.toISOString(),
      lastSuccessAt: fetchedAt.toISOString(),
      lastStatus: 304,
      consecutiveFailures: 0,
    };
    delete health.lastError;
    delete health.backoffUntil;
    await deps.store.putSource({ ...source, health });
    return {
      sourceId: source.id,
      fetchedAt: fetchedAt.toISOString(),
      httpStatus: 304,
      notModified: true,
      new: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      warnings: [],
      bytes: 0,
      hintMs: freshnessHintMs(fetched.headers, undefined, fetchedAt.getTime()),
    };
  }
  const { result, channel } = await processBody(deps, source, fetched, fetchedAt, 'poll');
  return {
    ...result,
    bytes: fetched.body.length,
    hintMs: result.error ? undefined : freshnessHintMs(fetched.headers, channel?.ttlMinutes, fetchedAt.getTime()),
  };
}

/**
 * Everything after the fetch: parse → normalize → validate → dedupe → store → publish. A body a
 * WebSub hub pushed (`push`) leaves the source's ETag and Last-Modified as they were: they describe
 * what the source's URL last answered, and the next poll asks with them.
 */
export async function processFetched(
  deps: PipelineDeps,
  source: Source,
  fetched: Fetched,
  fetchedAt: Date,
  origin: 'poll' | 'push' = 'poll',
): Promise<RefreshResult> {
  return { ...(await processBody(deps, source, fetched, fetchedAt, origin)).result, bytes: fetched.body.length };
}

/** The pipeline after the fetch, without the byte count. */
async function processBody(
  deps: PipelineDeps,
  source: Source,
  fetched: Fetched,
  fetchedAt: Date,
  origin: 'poll' | 'push',
): Promise<{ result: RefreshResult; channel?: Extracted['channel'] }> {
  const { store } = deps;
  let extracted: Extracted;
  try {
    const portal = await store.getPortal(source.portalId);
    extracted = await (deps.extract
      ? deps.extract.run(portal, source, fetched, fetchedAt)
      : extractItems({ config: deps.config, portal }, source, fetched, fetchedAt));
  } catch (e) {
    return { result: await recordFailure(deps, source, asHubError(e, 'PARSE.FAILED'), fetchedAt, fetched.status) };
  }
  const { valid, rejected } = extracted;
  // a layout that yields nothing is a failure (the stored items stay); one that yields some is kept as a note
  const drift = extracted.drift && {
    ...extracted.drift,
    since: sameDrift(source.health.drift, extracted.drift) ? source.health.drift!.since : fetchedAt.toISOString(),
  };
  if (drift && !valid.length)
    return { result: await recordFailure(deps, source, new HubError('PARSE.LAYOUT_DRIFT', drift.message), fetchedAt, fetched.status, drift) };

  const outcome = await reconcile(valid, store);

  const warnings = extracted.warnings.slice(0, MAX_KEPT);
  const health: SourceHealth = {
    ...source.health,
    state: 'ok',
    lastFetchedAt: fetchedAt.toISOString(),
    lastSuccessAt: fetchedAt.toISOString(),
    lastStatus: fetched.status,
    consecutiveFailures: 0,
    warnings,
    rejected: rejected.slice(0, MAX_KEPT),
    ...(drift ? { drift } : {}),
  };
  delete health.lastError;
  if (!drift) delete health.drift;
  delete health.backoffUntil;
  if (origin === 'poll') {
    if (fetched.headers.etag) health.etag = fetched.headers.etag;
    else delete health.etag;
    if (fetched.headers['last-modified']) health.lastModified = fetched.headers['last-modified'];
    else delete health.lastModified;
  }
  // one durable write per refresh (acknowledged = durable, once): the items, then the source's health
  await store.putItems(outcome.toWrite, { ...source, health });
  deps.announcer.announce({ created: outcome.created, updated: outcome.updated });
  deps.onFetched?.({ ...source, health }, fetched, extracted);
  const result: RefreshResult = {
    sourceId: source.id,
    fetchedAt: fetchedAt.toISOString(),
    httpStatus: fetched.status,
    notModified: false,
    new: outcome.created.length,
    updated: outcome.updated.length,
    unchanged: outcome.unchanged,
    rejected: rejected.length,
    warnings,
  };
  return { result, channel: extracted.channel };
}

async function recordFailure(deps: PipelineDeps, source: Source, error: HubError, at: Date, httpStatus?: number, drift?: LayoutDrift): Promise<RefreshResult> {
  const lastError = {
    code: error.code,
    message: error.message,
    at: at.toISOString(),
    ...(error.resolvedAddress ? { resolvedAddress: error.resolvedAddress } : {}),
  };
  const failures = source.health.consecutiveFailures + 1;
  const health: SourceHealth = {
    ...source.health,
    ...failureHealth(source, failures, at, deps.config, Math.random, error.retryAfterMs),
    lastFetchedAt: at.toISOString(),
    lastError,
    consecutiveFailures: failures,
    ...(httpStatus ? { lastStatus: httpStatus } : {}),
    ...(drift ? { drift } : {}),
  };
  await deps.store.putSource({ ...source, health });
  return {
    sourceId: source.id,
    fetchedAt: at.toISOString(),
    ...(httpStatus ? { httpStatus } : {}),
    notModified: false,
    new: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    warnings: [],
    error: lastError,
    ...(health.state !== 'disabled' && health.backoffUntil ? { nextDueAt: health.backoffUntil } : {}),
  };
}

const sameDrift = (before: LayoutDrift | undefined, now: Omit<LayoutDrift, 'since'>) =>
  !!before && before.field === now.field && before.selector === now.selector;
