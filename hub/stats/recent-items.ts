/**
 * Items per source over the last 7 days, for the console's source lists: one pass over the
 * window's items (Store.scanItems), counted by source, kept for a minute. A list of 10,000
 * sources then costs a map lookup per row, never a store read. When the minute is up, the next
 * caller still gets the counts at hand while one new pass runs (at most one at a time), so no
 * page waits for a pass but the very first. Withdrawn items do not count (they are not published).
 */
import type { Store } from '../store/store.ts';

export const RECENT_WINDOW_MS = 7 * 24 * 3600_000;
/** How long one pass's counts are served before a new pass starts. */
export const RECENT_MAX_AGE_MS = 60_000;

export interface RecentCounts {
  /** Items published since `since` by source id; a source without any is absent. */
  bySource: Map<string, number>;
  /** When the pass ran (ISO 8601), and the window's start. */
  at: string;
  since: string;
}

export class RecentItemCounts {
  private current?: { at: number; counts: Promise<RecentCounts> };
  private running?: Promise<RecentCounts>;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly maxAgeMs = RECENT_MAX_AGE_MS,
  ) {}

  get(): Promise<RecentCounts> {
    const now = this.now().getTime();
    if (this.current && now - this.current.at < this.maxAgeMs) return this.current.counts;
    const fresh = this.refresh(now);
    // a stale answer now beats a fresh one later; the first caller has none to give
    return this.current ? this.current.counts : fresh;
  }

  private refresh(now: number): Promise<RecentCounts> {
    this.running ??= this.count(now)
      .then(
        (counts) => {
          this.current = { at: now, counts: Promise.resolve(counts) };
          return counts;
        },
        // a failed pass keeps the last counts (and is tried again by the next caller)
        (e) => this.current?.counts ?? Promise.reject(e),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async count(now: number): Promise<RecentCounts> {
    const since = new Date(now - RECENT_WINDOW_MS).toISOString();
    const bySource = new Map<string, number>();
    await this.store.scanItems({ since }, (items) => {
      for (const item of items) {
        if (item.flags.length && item.flags.includes('withdrawn')) continue;
        bySource.set(item.sourceId, (bySource.get(item.sourceId) ?? 0) + 1);
      }
    });
    return { bySource, at: new Date(now).toISOString(), since };
  }
}
