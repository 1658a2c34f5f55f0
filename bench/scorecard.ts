/**
 * npm run bench:scorecard — portal scorecards at national scale: an embedded store holding the
 * portal tree of bench/store-corpus.ts (1,346 portals: the Government, 22 ministries, 63 provinces
 * each with 8 departments and 12 communes), 10,000 sources and 200,000 items published over the
 * last 24 weeks (so about half fall in the scorecards' 12 weeks), each fetched 0–3 hours after it
 * was published, 40 % with an image, 2 % in cross-portal clusters. Times, through the use cases
 * the API calls (rendering included):
 *
 * - full pass: the tally thrown away before each run (as on the first read, or after a directory
 *   change): one pass over every item of the window, the sources read, the rows put together and rendered;
 * - after one new item: an item stored and announced before each run, as a poll does (the feed
 *   cache is emptied; the scorecards re-tally that item's portal only, hub/stats/scorecard-pass.ts);
 * - warm: from the feed cache.
 *
 *   BENCH_ITEMS=200000 BENCH_SOURCES=10000 BENCH_RUNS=20 npm run bench:scorecard
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { openHub } from '../hub/main.ts';
import { loadConfig } from '../hub/config.ts';
import { fillNationalStore, storeNewItem } from './national-corpus.ts';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at start: ${load()}; Node ${process.version}`);
const N = Number(process.env.BENCH_ITEMS ?? 200_000);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARM_RUNS = RUNS * 10;

const dir = mkdtempSync(join(tmpdir(), 'bench-scorecard-'));
const store = await EmbeddedStore.open(dir);
const now = Date.now();

let t = performance.now();
const { portals } = await fillNationalStore(store, { items: N, sources: SOURCES, now });
console.log(
  `store: ${portals.length.toLocaleString('en')} portals, ${SOURCES.toLocaleString('en')} sources, ${N.toLocaleString('en')} items, built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const { hub } = await openHub(loadConfig({}, { dataDir: dir, demo: false, schedule: false, adminKey: 'bench-scorecard-key-0123' }), { store });
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

let changes = 0;
/** Before each run: nothing (warm), one new item stored and announced (as a poll does), or the tally thrown away (a full pass). */
async function time(name: string, runs: number, cold: false | 'item' | 'full', work: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (cold === 'item') await storeNewItem(hub, portals, ++changes);
    if (cold === 'full') {
      hub.feeds.clear();
      hub.scorecardPasses.invalidate();
    }
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${runs} | ${pct(times, 50).toFixed(1)} ms | ${pct(times, 95).toFixed(1)} ms |`);
}

// the directory is read once (hub.directory() caches it for a few seconds); then every run times the scorecards alone
await hub.directory();
t = performance.now();
const table = await hub.scorecards({ level: 'province' });
console.log(
  `first table (${table.scorecards.length} provinces) in ${(performance.now() - t).toFixed(0)} ms; items in the window: ${table.scorecards.reduce((n, r) => n + r.itemsInWindow, 0).toLocaleString('en')} of the provinces'`,
);
console.log('\n| what | runs | p50 | p95 |\n| --- | --- | --- | --- |');
await time('national table, provinces, full pass (JSON)', RUNS, 'full', () => hub.renderedScorecards({ level: 'province' }, 'json'));
await time('national table, provinces, after one new item (JSON)', RUNS, 'item', () => hub.renderedScorecards({ level: 'province' }, 'json'));
await time('national table, provinces, warm (JSON)', WARM_RUNS, false, () => hub.renderedScorecards({ level: 'province' }, 'json'));
await time('national table, provinces sorted by grade, after one new item (CSV)', RUNS, 'item', () =>
  hub.renderedScorecards({ level: 'province', sort: 'grade' }, 'csv'),
);
await time('national table, communes (756 rows), full pass (JSON)', RUNS, 'full', () => hub.renderedScorecards({ level: 'commune' }, 'json'));
await time('national table, communes (756 rows), after one new item (JSON)', RUNS, 'item', () => hub.renderedScorecards({ level: 'commune' }, 'json'));
await time("one province's scorecard, full pass", RUNS, 'full', () => hub.renderedScorecard('tinh-1', {}, 'json'));
await time("one province's scorecard, after one new item", RUNS, 'item', () => hub.renderedScorecard('tinh-1', {}, 'json'));
await time("one province's scorecard, warm", WARM_RUNS, false, () => hub.renderedScorecard('tinh-1', {}, 'json'));
await time("one province's subtree (21 portals), after one new item", RUNS, 'item', () => hub.renderedScorecard('tinh-1', { subtree: true }, 'json'));
console.log(`tally: ${JSON.stringify(hub.scorecardPasses.counts)}`);
console.log(`\nload average at end: ${load()}`);
await hub.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
