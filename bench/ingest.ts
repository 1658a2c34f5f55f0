/**
 * `npm run bench:ingest`: items per second through the hub's whole ingestion, in process —
 * parse (feed adapter) → normalize → validate → dedupe → store (embedded store in a temp dir),
 * i.e. processFetched() after the fetch — next to bare `rss-parser` parseString on the same bytes,
 * measured in the same run. Prints both and their ratio (target: ≥ 0.5). Not a test: no
 * assertion, figures only.
 *
 * BENCH_STORE=redis runs the pipeline against the Redis store (REDIS_URL, default 127.0.0.1:6379,
 * under a fresh key prefix that is deleted afterwards) instead of the embedded one.
 *
 * The hub runs parse → normalize → validate on extract workers (worker threads; by default one per
 * core but the first) while the main thread dedupes and stores: that is the main row. The same
 * with everything on the main thread (extractWorkers 0) is printed too, and for each row the CPU
 * time per item over all threads, so the cost per core stays visible next to the throughput.
 * BENCH_WORKERS sets the number of workers of the main row.
 *
 * Sources are processed CONCURRENCY at a time, as the scheduler refreshes them: every refresh
 * ends in durable writes (fsync), which the embedded store group-commits across refreshes in
 * flight. One at a time, the run would measure the disk's fsync latency, not the pipeline; that
 * figure is printed too.
 *
 * Then where an item's time goes: each stage alone on the same items (µs per item, best of the
 * rounds), and, for the HTML step, sanitize-html with its default options (the library the hub's
 * sanitizer replaced, which it is tested against) and, as the floor, htmlparser2 parsing the same
 * content with no handlers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import sanitizeHtml from 'sanitize-html';
import { Parser as HtmlParser } from 'htmlparser2';
import { processFetched } from '../hub/pipeline/refresh.ts';
import { getAdapter } from '../adapters/registry.ts';
import type { RawItem } from '../adapters/types.ts';
import { normalizeItem, type NormalizeContext } from '../hub/pipeline/normalize/index.ts';
import { htmlPolicyFor, sanitizeContent } from '../hub/pipeline/normalize/html.ts';
import { topicAssigner } from '../hub/pipeline/normalize/topics.ts';
import { validateItem } from '../hub/pipeline/validate.ts';
import { reconcile } from '../hub/pipeline/dedupe.ts';
import type { Item } from '../hub/model.ts';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { RedisStore, randomPrefix } from '../hub/store/redis.ts';
import type { Store } from '../hub/store/store.ts';
import { ItemAnnouncer } from '../hub/publish/announce.ts';
import type { HubConfig } from '../hub/config.ts';
import type { Source } from '../hub/model.ts';
import { ExtractPool, extractWorkerCount } from '../hub/pipeline/extract-pool.ts';
import { portalFeed } from './corpus.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ITEMS_PER_FEED = 50;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const STORE = process.env.BENCH_STORE ?? 'embedded';
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;

const feedUrl = (p: number) => `https://portal-${p + 1}.example.gov.vn/rss/tin-tuc.rss`;
const fetchedOf = (p: number) => ({
  url: feedUrl(p),
  finalUrl: feedUrl(p),
  status: 200,
  notModified: false,
  headers: { 'content-type': 'application/rss+xml' },
  body: feeds[p],
});
const feeds = Array.from({ length: FEEDS }, (_, p) => Buffer.from(portalFeed(p + 1, ITEMS_PER_FEED)));
const items = FEEDS * ITEMS_PER_FEED;
const bytes = feeds.reduce((n, b) => n + b.length, 0);
const config = {
  timeZone: 'Asia/Ho_Chi_Minh',
  fetchTimeoutMs: 15000,
  maxFeedBytes: 10 << 20,
  allowPrivateFetch: false,
  ...(WORKERS !== undefined ? { extractWorkers: WORKERS } : {}),
} as HubConfig;
const workers = extractWorkerCount(config);
const pool = workers > 0 ? new ExtractPool(config, workers) : undefined;
const fetchedAt = new Date('2026-11-24T03:00:00Z');

/** Wall-clock seconds and CPU seconds (all threads of the process) of one run. */
interface Timing {
  seconds: number;
  cpu: number;
  /** The main thread's event-loop delay during the run (p99 and max, ms): how long an API request could wait. */
  loopDelay?: { p99: number; max: number };
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function bareParse(): Promise<Timing> {
  const parser = new Parser();
  const cpu = cpuSeconds();
  const start = process.hrtime.bigint();
  let n = 0;
  for (const body of feeds) n += (await parser.parseString(body.toString('utf8'))).items.length;
  if (n !== items) throw new Error(`rss-parser read ${n} items, expected ${items}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: cpuSeconds() - cpu };
}

/** The store the pipeline runs against: embedded in a temp dir, or Redis under a fresh prefix (BENCH_STORE=redis). */
async function openStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (STORE === 'redis') {
    const store = await RedisStore.open(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix: randomPrefix('hubbench') });
    return {
      store,
      dispose: async () => {
        await store.clear();
        await store.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const store = await EmbeddedStore.open(dir);
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pipeline(concurrency: number, extract: ExtractPool | undefined): Promise<Timing> {
  const { store, dispose } = await openStore();
  const deps = { store, config, announcer: new ItemAnnouncer(), extract };
  try {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const cpu = cpuSeconds();
    const start = process.hrtime.bigint();
    let stored = 0;
    let next = 0;
    const worker = async () => {
      for (let p = next++; p < feeds.length; p = next++) {
        const result = await processFetched(deps, sourceOf(p), fetchedOf(p), fetchedAt);
        if (result.error || result.rejected) throw new Error(`feed ${p + 1}: ${JSON.stringify(result.error ?? result.rejected)}`);
        stored += result.new;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = cpuSeconds() - cpu;
    delay.disable();
    const loopDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    if (stored !== items || (await store.countItems()) !== items) throw new Error(`stored ${stored} items, expected ${items}`);
    return { seconds, cpu: used, loopDelay };
  } finally {
    await dispose();
  }
}

function sourceOf(p: number): Source {
  return {
    id: `portal-${p + 1}-rss`,
    portalId: `portal-${p + 1}`,
    url: feedUrl(p),
    kind: 'feed',
    intervalSeconds: 900,
    paused: false,
    createdAt: fetchedAt.toISOString(),
    health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
  } as Source;
}

/** Seconds one call of `run` takes. */
async function timed(run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Each stage alone on the same items, as extractItems and processFetched run them. */
async function stages(): Promise<Record<string, number>> {
  const adapter = getAdapter('feed');
  const raws: RawItem[][] = [];
  const parse = await timed(async () => {
    for (let p = 0; p < feeds.length; p++)
      raws.push((await adapter.parse(fetchedOf(p), { options: {}, fetch: () => Promise.reject(new Error('no fetch')) })).items);
  });
  const contexts: NormalizeContext[] = raws.map((_, p) => ({
    sourceId: sourceOf(p).id,
    portalId: sourceOf(p).portalId,
    baseUrl: feedUrl(p),
    timeZone: config.timeZone,
    fetchedAt,
    language: 'vi',
    topics: topicAssigner({}),
    htmlPolicy: htmlPolicyFor(config),
  }));
  const normalized: Item[][] = [];
  const normalize = await timed(() => raws.forEach((items, p) => normalized.push(items.map((raw) => normalizeItem(raw, contexts[p])))));
  const sanitize = await timed(() =>
    raws.forEach((items, p) => items.forEach((raw) => sanitizeContent(raw.contentHtml, contexts[p].baseUrl, contexts[p].htmlPolicy))),
  );
  const sanitizeDefaults = await timed(() => raws.forEach((items) => items.forEach((raw) => sanitizeHtml(raw.contentHtml!))));
  const htmlParse = await timed(() =>
    raws.forEach((items) =>
      items.forEach((raw) => {
        const parser = new HtmlParser({});
        parser.write(raw.contentHtml!);
        parser.end();
      }),
    ),
  );
  const validate = await timed(() => normalized.forEach((items) => items.forEach((item) => validateItem(item))));
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const store = await EmbeddedStore.open(dir);
  try {
    const dedupeStore = await timed(async () => {
      for (let p = 0; p < feeds.length; p++) await store.putItems((await reconcile(normalized[p], store)).toWrite, sourceOf(p));
    });
    return { parse, normalize, sanitize, sanitizeDefaults, htmlParse, validate, dedupeStore };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const best = (xs: number[]) => Math.min(...xs);
console.log(
  `corpus: ${FEEDS} feeds × ${ITEMS_PER_FEED} items = ${items} items, ${(bytes / 1024 / 1024).toFixed(1)} MB (${Math.round(bytes / items)} B per item); best of ${ROUNDS} rounds after a warm-up`,
);
await bareParse();
await pipeline(CONCURRENCY, pool);
await pipeline(CONCURRENCY, undefined);
const bare: Timing[] = [];
const full: Timing[] = [];
const mainOnly: Timing[] = [];
const serial: Timing[] = [];
const stage: Record<string, number>[] = [];
// each timed phase starts on a collected heap, so none pays for the garbage of the one before
// (`npm run bench:ingest` runs node with --expose-gc)
const collect = () => (globalThis as { gc?: () => void }).gc?.();
for (let r = 0; r < ROUNDS; r++) {
  collect();
  bare.push(await bareParse());
  if (pool) {
    collect();
    full.push(await pipeline(CONCURRENCY, pool));
  }
  collect();
  mainOnly.push(await pipeline(CONCURRENCY, undefined));
  collect();
  serial.push(await pipeline(1, undefined));
  collect();
  stage.push(await stages());
}
await pool?.close();
const rate = (t: Timing[]) => items / best(t.map((x) => x.seconds));
const cpuPerItem = (t: Timing[]) => (1e6 * best(t.map((x) => x.cpu))) / items;
const fastest = (t: Timing[]) => t.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const delayOf = (t: Timing[]) => {
  const d = fastest(t).loopDelay;
  return d ? `   main-thread delay p99 ${d.p99.toFixed(0)} / max ${d.max.toFixed(0)} ms` : '';
};
const row = (label: string, t: Timing[]) =>
  console.log(
    `${label.padEnd(66)} ${Math.round(rate(t)).toString().padStart(7)} items/s   ratio ${(rate(t) / rate(bare)).toFixed(2)}   CPU ${cpuPerItem(t).toFixed(0).padStart(4)} µs/item${delayOf(t)}`,
  );
row('rss-parser parseString (baseline, one thread)', bare);
if (pool)
  row(
    `hub → ${STORE} store, ${CONCURRENCY} sources at a time, ${workers} extract worker${workers > 1 ? 's' : ''}${WORKERS === undefined ? ' (default)' : ''}`,
    full,
  );
row(`the same, everything on the main thread (extractWorkers 0)`, mainOnly);
row('main thread, one source at a time (each refresh waits for its write)', serial);
console.log('target: the hub at least half as fast as bare parsing (ratio ≥ 0.50)');
console.log(
  "CPU: user + system time of all the process's threads per item (best round); above the wall time per item (1e6 / items/s), more than one core worked",
);
console.log('main-thread delay: event-loop delay during the fastest round (monitorEventLoopDelay), the wait an API request would have had');
const perItem = (key: string) => (1e6 * best(stage.map((s) => s[key]))) / items;
const line = (label: string, key: string) => console.log(`  ${label.padEnd(56)} ${perItem(key).toFixed(1).padStart(7)} µs/item`);
console.log(
  `\nwhere an item's time goes (each stage alone, serially; rss-parser takes ${((1e6 * best(bare.map((t) => t.seconds))) / items).toFixed(1)} µs/item):`,
);
line('parse (feed adapter: decode, clean, XML tree, RSS fields)', 'parse');
line('normalize (dates, links, text, topics, HTML)', 'normalize');
line("  of which sanitizeContent (the hub's sanitizer, htmlparser2)", 'sanitize');
line('validate (ajv, item.schema.json)', 'validate');
line('dedupe + store (title keys, clusters, journal sync)', 'dedupeStore');
console.log('the HTML step, on the same content, for comparison:');
line('sanitize-html with its default options', 'sanitizeDefaults');
line('htmlparser2 parse alone, no handlers', 'htmlParse');
