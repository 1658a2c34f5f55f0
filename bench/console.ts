/**
 * npm run bench:console — server time of the console's pages at national scale: a real hub
 * (startHub: the whole middleware stack, a real HTTP server on loopback) on an embedded store of
 * 1,350 portals (./national-corpus.ts: 1,346 of the country's shape and 4 of level "other"),
 * 10,000 sources and 200,000 items, 50 API keys and 500 audit entries; signed in as the admin.
 *
 * Server time is measured inside the server: from Node's 'request' event (headers read) to the
 * response's 'finish' (the last byte handed to the socket), so the client's own work is not in it.
 * Each page is fetched sequentially: after a change (one new item stored and announced before each
 * request, as a poll does: the feed cache is emptied, the scorecards re-tally that item's portal),
 * warm, and for the scorecard pages also after the tally is thrown away (a full pass over the
 * window's items, as on the first read or after a directory change). Baselines through the same
 * server in the same run: GET /livez (the bare stack) and GET /api/v1/portals (the directory as
 * JSON). A page that answers 404 (a group not merged on this branch yet) is printed "not present".
 *
 *   BENCH_ITEMS=200000 BENCH_SOURCES=10000 BENCH_RUNS=20 npm run bench:console
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { startHub } from '../hub/main.ts';
import { loadConfig } from '../hub/config.ts';
import { fillNationalStore, storeNewItem } from './national-corpus.ts';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`${new Date().toISOString()}; ${cpus().length} cores; load average at start: ${load()}; Node ${process.version}`);
const N = Number(process.env.BENCH_ITEMS ?? 200_000);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARM_RUNS = RUNS * 5;
const ADMIN = 'bench-console-admin-key-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'bench-console-'));
const store = await EmbeddedStore.open(dir);
let t = performance.now();
const { portals, sources } = await fillNationalStore(store, { items: N, sources: SOURCES, now: Date.now(), extraPortals: 4 });
console.log(
  `store: ${portals.length.toLocaleString('en')} portals, ${sources.length.toLocaleString('en')} sources, ${N.toLocaleString('en')} items, built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const running = await startHub(
  loadConfig(
    {},
    { port: 0, host: '127.0.0.1', dataDir: dir, demo: false, schedule: false, adminKey: ADMIN, rateReadPerMinute: 10_000_000, rateWritePerMinute: 10_000_000 },
  ),
  { store, log: () => {}, banner: () => {} },
);
const { hub, url, server } = running;
const admin = await hub.authenticate(`Bearer ${ADMIN}`);
t = performance.now();
for (let i = 0; i < 50; i++) {
  const portal = portals[(i * 27) % portals.length];
  await hub.createKey(
    admin,
    portal.level === 'central' ? { role: 'admin', label: `Quản trị ${i}` } : { role: 'operator', portalId: portal.id, label: `Người vận hành ${i}` },
  );
}
for (let i = 0; i < 450; i++)
  await hub.audit.append({
    actor: admin,
    action: 'source.update',
    target: { type: 'source', id: sources[i].id },
    portalId: sources[i].portalId,
    before: sources[i],
    after: { ...sources[i], intervalSeconds: 900 },
  });
console.log(`50 keys and 500 audit entries in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// server time: from the request event to the response's finish, by request path
const serverTimes = new Map<string, number>();
server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
  const started = performance.now();
  res.on('finish', () => serverTimes.set(req.headers['x-bench-id'] as string, performance.now() - started));
});

// sign in as a browser does: the sign-in form's token and cookie, then the session cookie
const cookies = new Map<string, string>();
let serial = 0;
async function get(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const id = String(++serial);
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...(init.headers ?? {}), 'x-bench-id': id, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    ...(init.body ? { body: init.body } : {}),
  });
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(';')[0];
    cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  const body = await res.text();
  // 'finish' may come a moment after the client has the body
  for (let i = 0; i < 100 && !serverTimes.has(id); i++) await new Promise((r) => setImmediate(r));
  return { status: res.status, body, ms: serverTimes.get(id) ?? NaN };
}
const signInPage = await get('/console/sign-in');
const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)![1];
const signed = await get('/console/sign-in', {
  method: 'POST',
  body: new URLSearchParams({ _csrf: csrf, key: ADMIN }).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
if (signed.status !== 303) throw new Error(`sign-in answered ${signed.status}`);

const source = sources.find((s) => s.portalId === 'tinh-1')!;
const PAGES: [string, string][] = [
  ['baseline: GET /livez', '/livez'],
  ['baseline: GET /api/v1/portals', '/api/v1/portals'],
  ['overview', '/console'],
  ['portals tree', '/console/portals'],
  ['portals tree filtered by name', '/console/portals?q=khac%201'],
  ['a portal (a province)', '/console/portals/tinh-1'],
  ['sources list', '/console/sources'],
  ['sources list, page 3', '/console/sources?page=3'],
  ['a source', `/console/sources/${encodeURIComponent(source.id)}`],
  ['keys', '/console/keys'],
  ['audit log', '/console/audit'],
  ['national scorecard (provinces)', '/console/scorecards'],
  ['national scorecard, sorted by grade', '/console/scorecards?sort=grade&order=desc'],
  ['national scorecard (communes, 756 rows)', '/console/scorecards?level=commune'],
  ["a portal's scorecard (a province)", '/console/portals/tinh-1/scorecard'],
  ["a subtree's scorecard (a province, 21 portals)", '/console/portals/tinh-1/scorecard?subtree=1'],
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (x: number) => (x < 0.1 ? '< 0.1 ms' : `${x.toFixed(1)} ms`);

let changes = 0;
/** Before each request: nothing (warm), one new item stored and announced as a poll does, or the scorecards' tally thrown away (a full pass). */
async function measure(path: string, runs: number, before: 'warm' | 'item' | 'full'): Promise<number[] | undefined> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (before === 'item') await storeNewItem(hub, portals, ++changes);
    if (before === 'full') {
      hub.feeds.clear();
      hub.scorecardPasses.invalidate();
    }
    const r = await get(path);
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
    times.push(r.ms);
  }
  return times.sort((a, b) => a - b);
}
const cell = (times: number[] | undefined) => (times ? `${ms(pct(times, 50))} / ${ms(pct(times, 95))}` : '');

// one request each first: the directory read, code paths compiled
for (const [, path] of PAGES) await get(path);
console.log(
  `\nserver time, p50 / p95 (${RUNS} runs after a change, ${WARM_RUNS} warm)\n\n| page | after a new item | warm | full scorecard pass | size |\n| --- | ---: | ---: | ---: | ---: |`,
);
for (const [name, path] of PAGES) {
  // untimed: what earlier rows changed (their new items) is taken in before this row's runs
  await get(path);
  const cold = await measure(path, RUNS, 'item');
  if (!cold) {
    console.log(`| ${name} (\`${path}\`) | not present | | | |`);
    continue;
  }
  const warm = await measure(path, WARM_RUNS, 'warm');
  const full = path.includes('scorecard') ? await measure(path, RUNS, 'full') : undefined;
  const size = (await get(path)).body.length;
  console.log(`| ${name} (\`${path}\`) | ${cell(cold)} | ${cell(warm)} | ${cell(full)} | ${(size / 1024).toFixed(0)} kB |`);
}
console.log(`tally: ${JSON.stringify(hub.scorecardPasses.counts)}`);
console.log(`\nload average at end: ${load()}`);
await running.close();
rmSync(dir, { recursive: true, force: true });
