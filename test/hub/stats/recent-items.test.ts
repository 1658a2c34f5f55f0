/**
 * Items per source over the last 7 days (the console's lists): one pass over the window, withdrawn
 * and older items left out, kept for RECENT_MAX_AGE_MS; after that the counts at hand are served
 * while one new pass runs.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { RECENT_MAX_AGE_MS, RECENT_WINDOW_MS, RecentItemCounts } from '../../../hub/stats/recent-items.ts';
import type { Store } from '../../../hub/store/store.ts';
import { makeItem } from '../store/contract.ts';

const HOUR = 3600_000;
/** makeItem(n) is published n hours after this. */
const ZERO = Date.UTC(2026, 10, 1);

describe('RecentItemCounts', () => {
  let dir: string;
  let store: EmbeddedStore;
  let now: number;
  let scans: number;
  /** When set, a pass waits for it before reading the store. */
  let gate: Promise<void> | undefined;
  let passDone: () => void = () => {};
  let counter: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recent-'));
    store = await EmbeddedStore.open(dir);
    now = ZERO + 240 * HOUR;
    scans = 0;
    gate = undefined;
    // the store as the counter sees it: passes counted, and held while a test holds the gate
    counter = Object.create(store, {
      scanItems: {
        value: async (...args: Parameters<Store['scanItems']>) => {
          scans++;
          if (gate) await gate;
          await store.scanItems(...args);
          passDone();
        },
      },
    });
    // items every hour for 240 hours, by three sources; one withdrawn in the window
    await store.putItems(Array.from({ length: 240 }, (_, n) => makeItem(n, { sourceId: `s${n % 3}`, ...(n === 201 ? { flags: ['withdrawn'] } : {}) })));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = () => {
    const since = now - RECENT_WINDOW_MS;
    const out = new Map<string, number>();
    for (let n = 0; n < 240; n++) {
      if (ZERO + n * HOUR < since || n === 201) continue;
      out.set(`s${n % 3}`, (out.get(`s${n % 3}`) ?? 0) + 1);
    }
    return out;
  };

  it('counts the items of the last 7 days by source, leaving out withdrawn and older ones', async () => {
    const counts = await new RecentItemCounts(counter, () => new Date(now)).get();
    expect(counts.bySource).to.deep.equal(expected());
    expect([...counts.bySource.values()].reduce((a, b) => a + b)).to.equal(7 * 24 - 1);
    expect(counts.since).to.equal(new Date(now - RECENT_WINDOW_MS).toISOString());
  });

  it('reads the store once per RECENT_MAX_AGE_MS however often it is asked, one pass at a time', async () => {
    const recent = new RecentItemCounts(counter, () => new Date(now));
    const [a, b] = await Promise.all([recent.get(), recent.get()]);
    expect(scans).to.equal(1);
    expect(a).to.equal(b);
    await store.putItems([makeItem(239.5, { id: 'late', sourceId: 's0' })]);
    now += RECENT_MAX_AGE_MS - 1;
    expect(await recent.get()).to.equal(a);
    expect(scans).to.equal(1);
  });

  it('after the minute, serves the counts at hand while one new pass runs, then the new counts', async () => {
    const recent = new RecentItemCounts(counter, () => new Date(now));
    const first = await recent.get();
    await store.putItems([makeItem(239, { id: 'late', sourceId: 's0', publishedAt: new Date(ZERO + 239.5 * HOUR).toISOString() })]);
    now += RECENT_MAX_AGE_MS;
    let open: () => void = () => {};
    gate = new Promise((resolve) => (open = resolve));
    const finished = new Promise<void>((resolve) => (passDone = resolve));
    // the pass is held: both callers get the old counts at once, and only one pass started
    expect(await recent.get()).to.equal(first);
    expect(await recent.get()).to.equal(first);
    expect(scans).to.equal(2);
    open();
    await finished;
    // the pass's result is taken in on the next turn of the event loop
    await new Promise((resolve) => setImmediate(resolve));
    const second = await recent.get();
    expect(second).not.to.equal(first);
    expect(second.bySource.get('s0')).to.equal(expected().get('s0')! + 1);
    expect(scans).to.equal(2);
  });
});
