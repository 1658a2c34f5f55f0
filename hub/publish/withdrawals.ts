/**
 * Corrections downstream, the removal side. An item is withdrawn (the `withdrawn` flag: a
 * tombstone in the API and the stream, gone from feeds) when an operator withdraws it, or when it
 * disappears from its source for good: missing from a polled feed although newer than the feed's
 * oldest entry (so it was taken down, not rolled off), and its article answers 404 or 410. An item
 * withdrawn that way comes back if its source lists it again; an operator's withdrawal holds until
 * the operator restores it. Edits need nothing here: dedupe announces them as updates.
 */
import type { HubConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { ItemAnnouncer } from './announce.ts';
import { BackgroundWork } from '../background.ts';
import { HubError } from '../errors.ts';
import type { Item, Source } from '../model.ts';
import type { Extracted } from '../pipeline/extract.ts';
import type { Fetched } from '../pipeline/fetch.ts';
import { ping } from '../pipeline/ping.ts';

export type WithdrawnBy = 'operator' | 'source';

/** What withdrawals use of the hub. */
export interface WithdrawalDeps {
  readonly store: Store;
  readonly announcer: ItemAnnouncer;
  readonly config: HubConfig;
  /** Told after each polled fetch is stored. */
  readonly fetchListeners: Set<(source: Source, fetched: Fetched, extracted: Extracted) => void>;
  getItem(id: string): Promise<Item>;
}

const metaKey = (id: string) => `withdrawn:${id}`;
/** Articles probed per poll, at most, so one feed rewrite cannot set off a storm of requests. */
const MAX_PROBES = 20;

const withFlag = (item: Item, on: boolean, now: Date): Item => ({
  ...item,
  flags: on ? [...new Set([...item.flags, 'withdrawn' as const])] : item.flags.filter((f) => f !== 'withdrawn'),
  updatedAt: now.toISOString(),
});

async function setWithdrawn(hub: WithdrawalDeps, item: Item, by: WithdrawnBy | null, now: Date): Promise<Item> {
  const next = withFlag(item, by !== null, now);
  await hub.store.putItems([next]);
  await hub.store.setMeta(metaKey(item.id), by ?? '');
  hub.announcer.announce({ created: [], updated: [next] });
  return next;
}

/** An operator withdraws an item: it leaves the feeds and shows as a tombstone. */
export async function withdrawItem(hub: WithdrawalDeps, id: string, now = new Date()): Promise<Item> {
  const item = await hub.getItem(id);
  if (item.flags.includes('withdrawn') && (await hub.store.getMeta(metaKey(id))) === 'operator') return item;
  return setWithdrawn(hub, item, 'operator', now);
}

/** An operator takes back a withdrawal. */
export async function restoreItem(hub: WithdrawalDeps, id: string, now = new Date()): Promise<Item> {
  const item = await hub.getItem(id);
  if (!item.flags.includes('withdrawn')) throw new HubError('ITEM.NOT_WITHDRAWN', `The item "${id}" is not withdrawn`);
  return setWithdrawn(hub, item, null, now);
}

/** Watches polls for items taken down at their source (and for their return). */
export class SourceWithdrawals {
  private readonly work: BackgroundWork;
  private readonly unlisten: () => void;

  constructor(
    private readonly hub: WithdrawalDeps,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.work = new BackgroundWork(log, 'withdrawals');
    const listener = (source: Source, _f: Fetched, extracted: Extracted) => this.work.track(this.check(source, extracted.valid));
    hub.fetchListeners.add(listener);
    this.unlisten = () => hub.fetchListeners.delete(listener);
  }

  private async check(source: Source, present: Item[]): Promise<void> {
    // an empty or broken feed says nothing about what was removed
    if (!present.length) return;
    const now = new Date();
    const listed = new Set(present.map((i) => i.id));
    const stored = await this.hub.store.getItems([...listed]);
    for (const item of stored.values()) {
      if (item.flags.includes('withdrawn') && (await this.hub.store.getMeta(metaKey(item.id))) === 'source') {
        await setWithdrawn(this.hub, item, null, now);
        this.log(`item ${item.id} of ${source.id} is listed again: restored`);
      }
    }
    const oldest = Math.min(...present.map((i) => Date.parse(i.publishedAt)));
    const window = await this.hub.store.queryItems({ sourceId: source.id, since: new Date(oldest).toISOString(), limit: 500 });
    const missing = window.items.filter((i) => !listed.has(i.id) && !i.flags.includes('withdrawn') && Date.parse(i.publishedAt) > oldest).slice(0, MAX_PROBES);
    for (const item of missing) {
      if (!(await this.gone(item.url))) continue;
      await setWithdrawn(this.hub, item, 'source', now);
      this.log(`item ${item.id} of ${source.id} was taken down at ${item.url}: withdrawn`);
    }
  }

  /** 404 Not Found or 410 Gone (RFC 9110 §15.5.5, §15.5.11); anything else may be passing. */
  private async gone(url: string): Promise<boolean> {
    try {
      let answer = await ping(this.hub.config, url, { method: 'HEAD' });
      if (answer.status === 405 || answer.status === 501) answer = await ping(this.hub.config, url, { method: 'GET' });
      return answer.status === 404 || answer.status === 410;
    } catch {
      return false;
    }
  }

  /** Resolves once the work under way is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.work.idle();
  }

  async close(): Promise<void> {
    this.unlisten();
    await this.idle();
  }
}
