/**
 * npm run bench:serve — how fast the hub publishes, holding 100,000 items (BENCH_ITEMS to change),
 * with autocannon at 50 connections against a server in another process:
 *   1. a bare Koa route that sends the bytes of the unified feed from memory (the baseline);
 *   2. the cached unified feed /feeds/all.rss;
 *   3. a filtered feed (level, topic and folded text; cached per filter after its first request);
 *   4. a filtered /api/v1/items page (also cached per filter, with the feeds);
 *   5. the same filtered page one cursor further on;
 *   6. the filtered page with a `since` that differs on every request, so none is a cache hit:
 *      what a filter costs the first time (query, "also published by", JSON).
 * Prints requests/s, p50/p99 latency and each against the bare route. Targets: the cached feed at
 * least 0.8 of the bare route; filtered pages p99 under 20 ms.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const target = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./serve-target.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
});
const started = Date.now();
const ready: { hub: string; bare: string; items: number; feedBytes: number } = await new Promise((resolve, reject) => {
  createInterface({ input: target.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  target.once('exit', (code) => reject(new Error(`the bench target exited (${code})`)));
});
console.log(
  `hub holding ${ready.items} items, ready in ${((Date.now() - started) / 1000).toFixed(1)} s; unified feed ${ready.feedBytes} bytes; ${CONNECTIONS} connections, ${SECONDS} s each`,
);

/** Each request's path; by default the url's own. */
type Paths = () => string;

async function load(name: string, url: string, connections: number, duration: number, paths?: Paths) {
  const r = await autocannon({ url, connections, duration, ...(paths ? { requests: [{ setupRequest: (req: object) => ({ ...req, path: paths() }) }] } : {}) });
  if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return r;
}

/** At 50 connections (throughput, and latency including queueing), then at one (the service time alone). */
async function run(name: string, url: string, paths?: Paths) {
  const first = await fetch(paths ? new URL(paths(), url) : url);
  if (first.status !== 200) throw new Error(`${name}: ${url} answered ${first.status}`);
  await first.arrayBuffer();
  const r = await load(name, url, CONNECTIONS, SECONDS, paths);
  const single = await load(name, url, 1, Math.max(2, Math.round(SECONDS / 3)), paths);
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, p99single: single.latency.p99, p50single: single.latency.p50 };
}

const filter = 'level=province&level=commune&topic=chuyen-doi-so&q=dich%20vu%20cong';
const page = (await (await fetch(`${ready.hub}/api/v1/items?${filter}`)).json()) as { items: unknown[]; nextCursor: string | null };
if (!page.nextCursor) throw new Error(`the filter selects only ${page.items.length} items`);
const rows = [];
try {
  rows.push(await run('bare Koa route, same bytes', ready.bare));
  rows.push(await run('cached unified feed /feeds/all.rss', `${ready.hub}/feeds/all.rss`));
  rows.push(await run('filtered feed /feeds/all.atom?…', `${ready.hub}/feeds/all.atom?${filter}`));
  rows.push(await run('filtered /api/v1/items?…', `${ready.hub}/api/v1/items?${filter}`));
  rows.push(await run('filtered /api/v1/items?…&cursor=', `${ready.hub}/api/v1/items?${filter}&cursor=${page.nextCursor}`));
  // every item is newer than 2020: the same items, but a filter the cache has never seen
  let n = 0;
  const uncached = () => `/api/v1/items?${filter}&since=${new Date(Date.UTC(2020, 0, 1) + 1000 * n++).toISOString().replace('.000Z', 'Z')}`;
  rows.push(await run('filtered /api/v1/items?…, uncached (new `since` each request)', ready.hub, uncached));
} finally {
  target.kill('SIGTERM');
}
const bare = rows[0].rps;
console.log(`\n| request | requests/s | p50 ms | p99 ms | vs bare | p50 / p99 ms, 1 connection |\n| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows)
  console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${(r.rps / bare).toFixed(2)} | ${r.p50single} / ${r.p99single} |`);
console.log(`\nfilter: ${decodeURIComponent(filter)}`);
console.log(
  `cached feed / bare: ${(rows[1].rps / bare).toFixed(2)} (target ≥ 0.8); filtered p99: feed ${rows[2].p99} ms, items ${rows[3].p99} ms, next page ${rows[4].p99} ms, uncached ${rows[5].p99} ms (target < 20 ms)`,
);
