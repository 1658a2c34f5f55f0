/**
 * npm run bench:poll — one full poll cycle of 10,000 sources on local mock portals
 * (bench/poll-portals.ts, a separate process: 100 hosts; most sources answer 304, some have new
 * items, some are slow, some fail): the wall time until every source has been refreshed once
 * through the whole pipeline and scheduler, and the hub process's peak resident memory.
 *
 * The baseline, measured in the same run, is the HTTP floor: the same 10,000 conditional GETs
 * with plain fetch() at the same concurrency, no pipeline, no store.
 *
 *   BENCH_SOURCES=10000 BENCH_STORE=embedded|redis npm run bench:poll
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../hub/config.ts';
import { openHub } from '../hub/main.ts';
import { Scheduler } from '../hub/scheduler.ts';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { RedisStore, randomPrefix } from '../hub/store/redis.ts';
import type { Store } from '../hub/store/store.ts';
import type { Source } from '../hub/model.ts';
import { benchRedisUrl } from './redis-server.ts';

// the machine is shared: say how busy it was, figures from a loaded run are not comparable with a quiet one
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at start: ${load()}`);
// a heap cap changes the peak RSS a lot (V8 lets garbage pile up while memory is plentiful): say which
console.log(
  `node flags: ${[...process.execArgv.filter((a) => a.startsWith('--max')), process.env.NODE_OPTIONS ?? ''].join(' ').trim() || 'none (V8 defaults)'}`,
);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 10_000);
const HOSTS = 100;
const STORE = process.env.BENCH_STORE ?? 'embedded';
const CONCURRENCY = Number(process.env.HUB_FETCH_CONCURRENCY ?? 128);
const PER_HOST = Number(process.env.HUB_HOST_CONCURRENCY ?? 6);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);

const portals = fork(fileURLToPath(new URL('./poll-portals.ts', import.meta.url)), [String(HOSTS)], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const ports: number[] = await new Promise((resolve) => portals.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).ports)));
process.once('exit', () => portals.kill());

/** Source n's host: a run of 100 consecutive sources per host, so every host has a few of each kind. */
const hostOf = (n: number) => Math.floor(n / 100) % HOSTS;
const url = (n: number) => (n % 100 === 4 ? `http://127.0.0.1:9/f/${n}.rss` : `http://127.0.0.1:${ports[hostOf(n)]}/f/${n}.rss`);

// --- baseline: the HTTP alone
async function httpFloor(): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SOURCES) {
        const n = next++;
        try {
          const res = await fetch(url(n), { headers: { 'if-none-match': '"v1"', 'cache-control': 'max-age=0' } });
          await res.arrayBuffer();
        } catch {
          // refused: counted like the hub counts it, as done
        }
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-poll-'));
const config = loadConfig(
  {},
  {
    dataDir,
    demo: false,
    schedule: false,
    allowPrivateFetch: true,
    fetchConcurrency: CONCURRENCY,
    hostConcurrency: PER_HOST,
    fetchTimeoutMs: 10_000,
    ...(process.env.HUB_EXTRACT_WORKERS ? { extractWorkers: Number(process.env.HUB_EXTRACT_WORKERS) } : {}),
  },
);
let store: Store;
let cleanup = async () => {};
if (STORE === 'redis') {
  const redis = await RedisStore.open((await benchRedisUrl()).url, { prefix: randomPrefix('hubbench') });
  store = redis;
  cleanup = () => redis.clear();
} else store = await EmbeddedStore.open(dataDir);

const now = new Date().toISOString();
for (let h = 0; h < HOSTS; h++)
  await store.putPortal({ id: `portal-${h}`, name: `Cổng ${h}`, url: `https://portal${h}.gov.vn`, level: 'department', createdAt: now });
await Promise.all(
  Array.from({ length: SOURCES }, (_, n) => {
    const source: Source = {
      id: `src-${n}`,
      portalId: `portal-${hostOf(n)}`,
      url: url(n),
      kind: 'feed',
      intervalSeconds: 900,
      paused: false,
      createdAt: now,
      // fetched before, so the common case is a conditional GET answered 304
      health: { state: 'ok', consecutiveFailures: 0, warnings: [], rejected: [], etag: '"v1"', lastFetchedAt: now },
    };
    return store.putSource(source);
  }),
);

const { hub, backend } = await openHub(config, { store });
let done = 0;
const outcomes = new Map<string, number>();
let finished!: () => void;
const all = new Promise<void>((resolve) => (finished = resolve));
const scheduler = new Scheduler(hub, {
  queue: backend.dueQueue(),
  log: (line) => {
    const m = /^refreshed \S+ by \S+: (error ([A-Z_.]+)|not modified|(\d+) new)/.exec(line);
    if (!m) return;
    const outcome = m[2] ? `error ${m[2]}` : m[1] === 'not modified' ? '304' : 'new items';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (++done === SOURCES) finished();
  },
});
// the whole cycle is due at once: the worst case, a cold start after an outage
await scheduler.queue.ensure(Array.from({ length: SOURCES }, (_, n) => ({ id: `src-${n}`, dueAt: Date.now() })));
const rssBefore = process.memoryUsage().rss;
peakRss = rssBefore;
const start = performance.now();
await scheduler.start();
await all;
const wall = (performance.now() - start) / 1000;
await scheduler.stop();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

(globalThis as { gc?: () => void }).gc?.();
const heap = process.memoryUsage();
// the baseline after the cycle, so its garbage does not count in the hub's peak
const floor = await httpFloor();
console.log(`HTTP floor (baseline): ${SOURCES.toLocaleString('en')} conditional GETs, ${CONCURRENCY} at a time: ${floor.toFixed(2)} s`);
console.log(
  `hub (${STORE} store, ${CONCURRENCY} fetches at a time, ${PER_HOST} per host): one full cycle of ${SOURCES.toLocaleString('en')} sources in ${wall.toFixed(2)} s  (×${(wall / floor).toFixed(2)} the HTTP floor)`,
);
console.log(`  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; items stored: ${await store.countItems()}`);
console.log(
  `  peak RSS of the hub process: ${Math.round(peakRss / 1048576)} MB (at start of the cycle ${Math.round(rssBefore / 1048576)} MB; V8 heap after the cycle ${Math.round(heap.heapUsed / 1048576)} MB used of ${Math.round(heap.heapTotal / 1048576)} MB)`,
);
await cleanup();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
portals.kill();
console.log(`load average at end: ${load()}`);
process.exit(0);
