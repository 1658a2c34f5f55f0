/**
 * Portal silence: a portal whose newest item was published longer ago than its level's norm
 * (HUB_SILENT_DAYS; defaults in DEFAULTS.silentDays). Only a portal with at least one source that
 * is not paused is expected to publish: a portal without sources (or with only paused ones) is
 * never silent. A portal whose sources never brought an item counts from its oldest such
 * source's registration.
 */
import { DEFAULTS, type HubConfig } from '../config.ts';
import type { Portal, PortalLevel, Source } from '../model.ts';
import type { Store } from '../store/store.ts';
import { SILENT_MAP } from './outbox.ts';

const DAY_MS = 86_400_000;

export type SilentNorms = Record<PortalLevel, number>;

export const silentNorms = (config: HubConfig): SilentNorms => ({ ...DEFAULTS.silentDays, ...(config.silentDays ?? {}) });

export interface Silence {
  portalId: string;
  /** The newest publication, when there is one. */
  lastPublishedAt?: string;
  /** What the silence is counted from: the newest publication, else the oldest source's registration. */
  since: string;
  /** The level's norm, in days. */
  days: number;
}

/** The portal's silence now, or undefined when it is not silent (or nothing is expected of it). */
export async function silenceOf(store: Store, portal: Portal, sources: Source[], norms: SilentNorms, now: number): Promise<Silence | undefined> {
  const expected = sources.filter((s) => s.portalId === portal.id && !s.paused);
  if (!expected.length) return undefined;
  const last = await newestPublication(store, portal.id);
  const since = last ?? expected.map((s) => s.createdAt).sort()[0];
  const days = norms[portal.level];
  if (now - Date.parse(since) <= days * DAY_MS) return undefined;
  return { portalId: portal.id, ...(last ? { lastPublishedAt: last } : {}), since, days };
}

/** The publication time of the portal's newest item that is not withdrawn. */
async function newestPublication(store: Store, portalId: string): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await store.queryItems({ portalIds: [portalId], limit: 10, ...(cursor ? { cursor } : {}) });
    const found = page.items.find((i) => !i.flags.includes('withdrawn'));
    if (found) return found.publishedAt;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/** The silences the last check found (one per portal, until it publishes again): what the console's overview lists. */
export async function currentSilences(store: Store): Promise<Silence[]> {
  return [...(await store.getMetaEntries(SILENT_MAP)).values()].map((json) => JSON.parse(json) as Silence);
}
