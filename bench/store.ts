/**
 * npm run bench:store — inserts 200,000 realistic items (bench/corpus.ts) into each store in
 * batches of 50 (one refresh's worth), then times filtered 50-item pages: a province subtree +
 * topic + folded text, and each filter alone. The baseline, measured in the same run, is the
 * unindexed scan the walking skeleton did (walk every item newest first, test each). Every
 * store's pages are checked against the baseline's, so the figures are for right answers.
 *
 *   BENCH_ITEMS=200000 BENCH_QUERIES=300 BENCH_STORES=embedded,redis npm run bench:store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { RedisStore, randomPrefix } from '../hub/store/redis.ts';
import type { ItemQuery, Store } from '../hub/store/store.ts';
import type { Item } from '../hub/model.ts';
import { compareOrder, orderKey } from '../hub/store/item-order.ts';
import { matches, prepareQuery, searchText } from '../hub/store/item-match.ts';
import { TOPICS, aWord, makeItem, portalTree, seeded, subtree } from './store-corpus.ts';
import { benchRedisUrl } from './redis-server.ts';

// the machine is shared: say how busy it was, figures from a loaded run are not comparable with a quiet one
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at start: ${load()}`);
const N = Number(process.env.BENCH_ITEMS ?? 200_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const BATCH = 50;

const portals = portalTree();
/** The corpus, made again batch by batch for each store (same seed, same items), so the bench does not hold 200,000 items of its own while it times queries. */
function* corpus(): Generator<Item[]> {
  const random = seeded(42);
  for (let n = 0; n < N; n += BATCH) yield Array.from({ length: Math.min(BATCH, N - n) }, (_, k) => makeItem(n + k, portals, random));
}

type Kind = 'subtree + topic + q' | 'subtree' | 'topic' | 'q' | 'subtree, page 3';
function queries(seed: number): { kind: Kind; query: ItemQuery }[] {
  const r = seeded(seed);
  const out: { kind: Kind; query: ItemQuery }[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const within = subtree(1 + Math.floor(r() * 63), portals);
    const topic = TOPICS[Math.floor(r() * TOPICS.length)];
    const q = aWord(r);
    out.push({ kind: 'subtree + topic + q', query: { limit: 50, portalIds: within, topics: [topic], q } });
    out.push({ kind: 'subtree', query: { limit: 50, portalIds: within } });
    out.push({ kind: 'topic', query: { limit: 50, topics: [topic] } });
    out.push({ kind: 'q', query: { limit: 50, q: `${q} ${aWord(r)}` } });
  }
  return out;
}

/** The skeleton's store without indexes: every item newest first, each tested. */
function scanBaseline(all: Item[]) {
  const sorted = all.map((item) => ({ item, key: orderKey(item), folded: searchText(item) })).sort((a, b) => compareOrder(a.key, b.key));
  return (query: ItemQuery): Item[] => {
    const p = prepareQuery(query);
    const page: Item[] = [];
    for (const e of sorted) if (matches(e.item, p, () => e.folded) && page.push(e.item) === query.limit) break;
    return page;
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(name: string, store: Store, expected: Map<string, string[]>, baseline: Map<Kind, number[]>) {
  let insertMs = 0;
  for (const batch of corpus()) {
    const t = performance.now();
    await store.putItems(batch);
    insertMs += performance.now() - t;
  }
  const insertSeconds = insertMs / 1000;
  console.log(
    `\n${name}: inserted ${N.toLocaleString('en')} items in ${insertSeconds.toFixed(1)} s = ${Math.round(N / insertSeconds).toLocaleString('en')} items/s (batches of ${BATCH}, each durable before the next)`,
  );
  const times = new Map<Kind, number[]>();
  let wrong = 0;
  for (const { kind, query } of queries(7)) {
    const t = performance.now();
    const page = await store.queryItems(query);
    times.set(kind, [...(times.get(kind) ?? []), performance.now() - t]);
    if (page.items.map((i) => i.id).join() !== expected.get(JSON.stringify(query))!.join()) wrong++;
  }
  // page 3 of a subtree: the cursor path
  for (const { query } of queries(7)
    .filter((q) => q.kind === 'subtree')
    .slice(0, QUERIES)) {
    const p1 = await store.queryItems(query);
    const p2 = await store.queryItems({ ...query, cursor: p1.nextCursor! });
    const t = performance.now();
    await store.queryItems({ ...query, cursor: p2.nextCursor! });
    times.set('subtree, page 3', [...(times.get('subtree, page 3') ?? []), performance.now() - t]);
  }
  console.log(`  ${'50-item page'.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   scan p50 / p50`);
  for (const [kind, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    const base = baseline.get(kind)?.sort((a, b) => a - b);
    console.log(
      `  ${kind.padEnd(22)} ${pct(sorted, 50).toFixed(2).padStart(8)} ${pct(sorted, 99).toFixed(2).padStart(8)}   ${base ? `×${(pct(base, 50) / pct(sorted, 50)).toFixed(0)}` : ''}`,
    );
  }
  console.log(`  pages differing from the baseline's: ${wrong}`);
}

// the baseline first: its answers are what every store must return
const expected = new Map<string, string[]>();
const baseline = new Map<Kind, number[]>();
{
  const scan = scanBaseline([...corpus()].flat());
  console.log(`corpus: ${N.toLocaleString('en')} items over ${portals.length} portals`);
  for (const { kind, query } of queries(7)) {
    const t = performance.now();
    const page = scan(query);
    baseline.set(kind, [...(baseline.get(kind) ?? []), performance.now() - t]);
    expected.set(
      JSON.stringify(query),
      page.map((i) => i.id),
    );
  }
}
console.log(
  `baseline (unindexed scan): ${[...baseline]
    .map(
      ([k, l]) =>
        `${k} p50 ${pct(
          l.sort((a, b) => a - b),
          50,
        ).toFixed(1)} ms`,
    )
    .join(', ')}`,
);

const stores = (process.env.BENCH_STORES ?? 'embedded,redis').split(',');
if (stores.includes('embedded')) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-store-'));
  const embedded = await EmbeddedStore.open(dir);
  await measure('embedded', embedded, expected, baseline);
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
}
if (stores.includes('redis')) {
  const { url, own } = await benchRedisUrl();
  const redis = await RedisStore.open(url, { prefix: randomPrefix('hubbench') });
  try {
    await measure(`redis (${own ? 'own redis-server' : url})`, redis, expected, baseline);
  } finally {
    await redis.clear();
    await redis.close();
  }
}
const rss = process.memoryUsage().rss;
console.log(`\nbench process peak-ish RSS now: ${Math.round(rss / 1048576)} MB`);
console.log(`load average at end: ${load()}`);
process.exit(0);
