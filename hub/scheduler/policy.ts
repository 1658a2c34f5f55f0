/**
 * When a source is polled next, and what its failures make of its health. Pure functions of the
 * source, the time and the config, so the pipeline (which records health) and the scheduler
 * (which plans fetches) agree.
 */
import type { HubConfig } from '../config.ts';
import { DEFAULTS } from '../config.ts';
import type { Source, SourceHealth } from '../model.ts';

/** New sources are first fetched within this long, so an operator sees a result soon. */
const FIRST_FETCH_SPREAD_MS = 30_000;
/** Retries are spread by up to this fraction, so sources that failed together do not retry together. */
const RETRY_JITTER = 0.1;

/**
 * The first due time of a source this instance has not planned: where its cadence left off when
 * it was fetched before (a restart does not refetch everything), else a random point in its
 * interval (jitter: 10,000 sources do not all fall due at once).
 */
export function firstDue(source: Source, now: number, random: () => number = Math.random): number {
  const interval = source.intervalSeconds * 1000;
  const backoff = source.health.backoffUntil ? Date.parse(source.health.backoffUntil) : NaN;
  if (backoff > now) return backoff;
  if (source.health.state === 'new') return now + random() * Math.min(interval, FIRST_FETCH_SPREAD_MS);
  const last = source.health.lastFetchedAt ? Date.parse(source.health.lastFetchedAt) : NaN;
  if (last + interval > now) return last + interval;
  return now + random() * interval;
}

/** After a successful fetch: the same phase one interval on; intervals missed while busy are skipped, not caught up. */
export function dueAfterSuccess(dueAt: number, intervalSeconds: number, now: number): number {
  const interval = intervalSeconds * 1000;
  const next = dueAt + interval;
  return next > now ? next : dueAt + Math.ceil((now - dueAt + 1) / interval) * interval;
}

/** Exponential backoff on consecutive failures: the interval, doubled per failure, capped. */
export function backoffMs(intervalSeconds: number, failures: number, maxSeconds: number): number {
  return Math.min(intervalSeconds * 2 ** Math.max(0, failures - 1), maxSeconds) * 1000;
}

/**
 * The health fields a failure decides: state by the thresholds, and when to try again — after the
 * backoff, or later if the portal asked (Retry-After), though never later than the backoff cap.
 */
export function failureHealth(
  source: Source,
  failures: number,
  at: Date,
  config: HubConfig,
  random: () => number = Math.random,
  retryAfterMs?: number,
): Pick<SourceHealth, 'state' | 'backoffUntil'> {
  const failingAfter = config.failingAfter ?? DEFAULTS.failingAfter;
  const disableAfter = config.disableAfter ?? DEFAULTS.disableAfter;
  const capMs = (config.backoffMaxSeconds ?? DEFAULTS.backoffMaxSeconds) * 1000;
  const backoff = backoffMs(source.intervalSeconds, failures, capMs / 1000) * (1 + random() * RETRY_JITTER);
  const delay = retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, capMs));
  const state = failures >= disableAfter ? 'disabled' : failures >= failingAfter ? 'failing' : source.health.state === 'new' ? 'new' : 'ok';
  return { state, backoffUntil: new Date(at.getTime() + delay).toISOString() };
}

/**
 * How long the portal says its answer stays fresh, in ms: the longest of RSS <ttl>,
 * Cache-Control max-age (RFC 9111 §5.2.2.1) and Expires against the answer's Date (§5.3);
 * undefined when it says nothing usable.
 */
export function freshnessHintMs(headers: Record<string, string>, ttlMinutes: number | undefined, now: number): number | undefined {
  const hints: number[] = [];
  if (ttlMinutes) hints.push(ttlMinutes * 60_000);
  const cacheControl = headers['cache-control'] ?? '';
  // no-cache / no-store say nothing about how often to look again; max-age does
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl);
  if (maxAge) hints.push(Number(maxAge[1]) * 1000);
  else if (headers.expires) {
    const expires = Date.parse(headers.expires);
    const date = headers.date ? Date.parse(headers.date) : now;
    if (!Number.isNaN(expires)) hints.push(expires - (Number.isNaN(date) ? now : date));
  }
  const longest = Math.max(...hints.filter((h) => h > 0));
  return Number.isFinite(longest) ? longest : undefined;
}

/**
 * When a source is due after a successful refresh: one interval on from when it was due (keeping
 * its phase), or later when the portal says its answer stays fresh longer — never sooner than the
 * interval, never later than the backoff cap.
 */
export function dueAfterRefresh(dueAt: number, intervalMs: number, now: number, hintMs: number | undefined, capMs: number): number {
  const cadence = dueAfterSuccess(dueAt, intervalMs / 1000, now);
  if (!hintMs || hintMs <= intervalMs) return cadence;
  return Math.max(cadence, now + Math.min(hintMs, capMs));
}
