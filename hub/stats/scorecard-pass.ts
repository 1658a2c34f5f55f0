/**
 * The scorecards' tally (./scorecard.ts), kept up to date instead of recomputed on every change.
 *
 * A full pass reads every item of the 12 weeks (store.scanItems): about 100,000 at national scale,
 * over 100 ms. Items change all the time (every poll that finds news), so the tally is not thrown
 * away when they do: each announced change (ItemAnnouncer, which also carries other instances'
 * changes) marks its portal, and the next scorecard read re-tallies the marked portals only — their
 * items of the window through queryItems, a few hundred at most — keeping every other portal's part.
 * A full pass is still made on the first read, when the directory changes, when the week turns,
 * when something changed items without announcing them (`invalidate`: a source removed with its
 * items), when more than PARTIAL_MAX portals changed at once, and at least every FULL_PASS_MAX_MS
 * (whatever a missed change could have left behind lasts no longer than that).
 *
 * The sources (their health): all of them at least once a minute; a re-tallied portal's again with it.
 */
import type { Directory } from '../directory/directory.ts';
import type { Item, Source } from '../model.ts';
import type { ItemAnnouncer } from '../publish/announce.ts';
import type { Store } from '../store/store.ts';
import { ScorecardTally } from './scorecard.ts';

/** Above this many changed portals, one full pass is cheaper than a query per portal. */
export const PARTIAL_MAX = 64;
/** A full pass at least this often. */
export const FULL_PASS_MAX_MS = 15 * 60_000;
const PAGE = 500;

export interface ScorecardState {
  tally: ScorecardTally;
  sources: Source[];
}

export class ScorecardPasses {
  private tally?: ScorecardTally;
  private version?: string;
  private fullAt = 0;
  private stale = true;
  private readonly dirty = new Set<string>();
  private sources?: { minute: number; tally: ScorecardTally; list: Promise<Source[]> };
  /** The portals the last partial re-tally changed (undefined after a full pass). */
  private lastChanged?: Set<string>;
  private running?: Promise<ScorecardTally>;
  /** Counts, for tests and benchmarks: how each read was answered. */
  readonly counts = { full: 0, partial: 0, kept: 0 };

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    announcer: ItemAnnouncer,
  ) {
    announcer.onItems((changes) => {
      for (const item of changes.created) this.dirty.add(item.portalId);
      for (const item of changes.updated) this.dirty.add(item.portalId);
    });
  }

  /** Items changed without an announcement: the next read makes a full pass. */
  invalidate(): void {
    this.stale = true;
  }

  async current(directory: Directory): Promise<ScorecardState> {
    const now = this.now();
    // one pass at a time; changes announced meanwhile wait for the next read
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.update(directory, now);
    try {
      const tally = await this.running;
      tally.at(now);
      return { tally, sources: await this.sourcesFor(tally, now) };
    } finally {
      this.running = undefined;
    }
  }

  /**
   * The sources: all of them once a minute and with every full pass; with a partial re-tally, those
   * of the changed portals again (items came: a source just added, a health just changed).
   */
  private async sourcesFor(tally: ScorecardTally, now: Date): Promise<Source[]> {
    const minute = Math.floor(now.getTime() / 60_000);
    const cached = this.sources;
    const changed = this.lastChanged;
    if (!cached || cached.minute !== minute || (cached.tally !== tally && !changed)) {
      this.sources = { minute, tally, list: this.store.listSources() };
    } else if (cached.tally !== tally && changed) {
      this.sources = {
        minute,
        tally,
        list: (async () => {
          const fresh = await Promise.all([...changed].map((portalId) => this.store.listSources({ portalId })));
          return [...(await cached.list).filter((s) => !changed.has(s.portalId)), ...fresh.flat()];
        })(),
      };
    }
    return this.sources!.list;
  }

  private async update(directory: Directory, now: Date): Promise<ScorecardTally> {
    const full =
      !this.tally ||
      this.stale ||
      this.version !== directory.version ||
      !this.tally.sameWeek(now) ||
      now.getTime() - this.fullAt > FULL_PASS_MAX_MS ||
      this.dirty.size > PARTIAL_MAX;
    if (full) {
      this.stale = false;
      this.dirty.clear();
      this.lastChanged = undefined;
      const tally = await this.fullPass(directory, now);
      this.tally = tally;
      this.version = directory.version;
      this.fullAt = now.getTime();
      this.counts.full++;
      return tally;
    }
    if (!this.dirty.size) {
      this.counts.kept++;
      return this.tally!;
    }
    const changed = new Set(this.dirty);
    this.dirty.clear();
    // the tally being read (a page rendering from it) is left as it is: the changes go to a copy
    const tally = this.tally!.clone();
    try {
      await this.retally(tally, directory, changed);
    } catch (e) {
      // those portals are not re-tallied: the next read starts afresh
      this.stale = true;
      throw e;
    }
    this.tally = tally;
    this.lastChanged = changed;
    this.counts.partial++;
    return tally;
  }

  private async fullPass(directory: Directory, now: Date): Promise<ScorecardTally> {
    const tally = new ScorecardTally(now);
    await this.store.scanItems({ since: new Date(tally.since).toISOString() }, (items) => tally.add(items));
    await this.quietAndFirsts(
      tally,
      directory.all().map((p) => p.id),
    );
    return tally;
  }

  /** The changed portals' part again: their items of the window, a page at a time. */
  private async retally(tally: ScorecardTally, directory: Directory, changed: Set<string>): Promise<void> {
    tally.forget(changed);
    const since = new Date(tally.since).toISOString();
    const known = [...changed].filter((id) => directory.get(id));
    await Promise.all(
      known.map(async (portalId) => {
        let cursor: string | undefined;
        do {
          const page = await this.store.queryItems({ portalIds: [portalId], since, limit: PAGE, ...(cursor ? { cursor } : {}) });
          tally.add(page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }),
    );
    await this.quietAndFirsts(tally, known);
  }

  /**
   * A portal with nothing in the window: its newest item older than that is its last publication.
   * The first item of a cluster a copy in the window joined, wherever the scan put it: read by id.
   */
  private async quietAndFirsts(tally: ScorecardTally, portalIds: string[]): Promise<void> {
    const quiet = portalIds.filter((id) => !tally.has(id));
    const newest = await Promise.all(quiet.map((id) => this.newestItem(id)));
    tally.add(newest.filter((i) => i !== undefined));
    tally.addFirsts((await this.store.getItems(tally.missingFirsts())).values());
  }

  /** A portal's newest item that is not withdrawn. */
  private async newestItem(portalId: string): Promise<Item | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.store.queryItems({ portalIds: [portalId], limit: 5, ...(cursor ? { cursor } : {}) });
      const found = page.items.find((i) => !i.flags.includes('withdrawn'));
      if (found) return found;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return undefined;
  }
}
