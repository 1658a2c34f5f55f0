/**
 * Per-portal statistics: items per day over the last 30 days (days in Viet Nam, UTC+07:00, the
 * zone portals publish in), the last publication, and each topic's share of the window's items.
 * Read through the same store query as the items API, page by page, so it holds for any store.
 */
import type { Store } from '../store/store.ts';
import type { PortalStats } from '../model.ts';

export const STATS_DAYS = 30;
const VN_OFFSET_MS = 7 * 3600_000;
const PAGE = 200;

/** The calendar day in Viet Nam of an instant, as YYYY-MM-DD. */
export const vnDay = (time: number) => new Date(time + VN_OFFSET_MS).toISOString().slice(0, 10);

export async function portalStats(store: Store, portalId: string, portalIds: string[], now: Date, subtree: boolean): Promise<PortalStats> {
  const today = vnDay(now.getTime());
  const firstDay = vnDay(Date.parse(`${today}T00:00:00+07:00`) - (STATS_DAYS - 1) * 86_400_000);
  const since = `${firstDay}T00:00:00+07:00`;
  const perDay = new Map<string, number>();
  for (let i = 0; i < STATS_DAYS; i++) perDay.set(vnDay(Date.parse(since) + i * 86_400_000), 0);
  const topics = new Map<string, number>();
  let total = 0;
  let untagged = 0;
  let cursor: string | undefined;
  do {
    const page = await store.queryItems({ portalIds, since, until: now.toISOString(), limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const day = vnDay(Date.parse(item.publishedAt));
      if (!perDay.has(day)) continue;
      perDay.set(day, perDay.get(day)! + 1);
      total++;
      if (!item.topics.length) untagged++;
      for (const t of new Set(item.topics)) topics.set(t, (topics.get(t) ?? 0) + 1);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const last = (await store.queryItems({ portalIds, limit: 1 })).items[0];
  return {
    portalId,
    subtree,
    portals: portalIds.length,
    window: { since, until: now.toISOString(), days: STATS_DAYS },
    itemsPerDay: [...perDay].map(([date, items]) => ({ date, items })),
    itemsInWindow: total,
    lastPublishedAt: last?.publishedAt ?? null,
    // an item may carry several topics, so shares can add up to more than 1
    topics: [...topics]
      .map(([topic, items]) => ({ topic, items, share: round(items / total) }))
      .sort((a, b) => b.items - a.items || a.topic.localeCompare(b.topic)),
    untagged: { items: untagged, share: total ? round(untagged / total) : 0 },
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
