/**
 * npm run bench:webhooks — webhook delivery throughput. 10,000 item events (announced as a
 * refresh announces them, 100 at a time) are delivered to a local receiver by a hub with one
 * webhook: events/s from the first announcement to the last delivery, and the delivery lag (event
 * to the receiver's answer) p50/p99. Baseline, same run: the same 10,000 POSTs (same bodies)
 * made by a bare loop with the same concurrency, no store, no signature.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { loadConfig } from '../hub/config.ts';
import { startHub } from '../hub/main.ts';
import type { Item } from '../hub/model.ts';
import { startTestServer } from '../test/support/http.ts';

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const BATCH = 100;
const CONCURRENCY = 32;
const KEY = 'bench-admin-key-0123456789abcdef';

const receiver = await startTestServer();
let received = 0;
let done: () => void = () => {};
const arrivedAt = new Map<string, number>();
receiver.route('/hook', async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const id = (JSON.parse(body) as { data: { item: { id: string } } }).data.item.id;
  arrivedAt.set(id, performance.now());
  res.writeHead(204).end();
  if (++received === EVENTS) done();
});
const allArrived = () => new Promise<void>((resolve) => (received >= EVENTS ? resolve() : (done = resolve)));

const item = (n: number): Item =>
  ({
    id: `bench-${n}`,
    sourceId: 'bench-src',
    portalId: 'tinh-bench',
    title: `Tin thử nghiệm số ${n}`,
    summary: 'Bản tin thử nghiệm của tỉnh',
    url: `https://tinh-bench.gov.vn/tin/${n}.html`,
    language: 'vi',
    publishedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    fetchedAt: new Date().toISOString(),
    topics: [],
    categories: [],
    media: [],
    flags: [],
  }) as unknown as Item;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

// --- the hub
const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-wh-'));
const running = await startHub(
  loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, demo: false, schedule: false, allowPrivateFetch: true, adminKey: KEY, extractWorkers: 0 }),
  { log: () => {} },
);
await fetch(`${running.url}/api/v1/webhooks`, {
  method: 'POST',
  headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['item.created'] }),
});
const announcedAt = new Map<string, number>();
const t0 = performance.now();
for (let n = 0; n < EVENTS; n += BATCH) {
  const items = Array.from({ length: Math.min(BATCH, EVENTS - n) }, (_, i) => item(n + i));
  const at = performance.now();
  for (const i of items) announcedAt.set(i.id, at);
  running.hub.announcer.announce({ created: items, updated: [] });
  // as refreshes do: one batch, then the event loop turns
  await new Promise((r) => setImmediate(r));
}
await allArrived();
const hubSeconds = (performance.now() - t0) / 1000;
const lags = [...arrivedAt].map(([id, at]) => at - announcedAt.get(id)!).sort((a, b) => a - b);
await running.webhooks.idle();
await running.close();
rmSync(dataDir, { recursive: true, force: true });

// --- the baseline: the same POSTs from a bare loop
received = 0;
arrivedAt.clear();
const bodies = Array.from({ length: EVENTS }, (_, n) => JSON.stringify({ type: 'item.created', timestamp: new Date().toISOString(), data: { item: item(n) } }));
const b0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS) {
      const body = bodies[next++];
      const res = await fetch(`${receiver.url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
    }
  }),
);
const bareSeconds = (performance.now() - b0) / 1000;
await receiver.close();

const rate = (s: number) => Math.round(EVENTS / s).toLocaleString('en');
console.log(`${EVENTS.toLocaleString('en')} item events, one webhook, receiver on loopback; ${cpus().length} CPUs, Node ${process.version}`);
console.log(`bare loop of the same POSTs (baseline, ${CONCURRENCY} at a time): ${rate(bareSeconds)} POSTs/s (${bareSeconds.toFixed(2)} s)`);
console.log(`hub webhooks (embedded store, each job written before it is attempted): ${rate(hubSeconds)} events/s (${hubSeconds.toFixed(2)} s)`);
console.log(`ratio to the bare loop: ${(bareSeconds / hubSeconds).toFixed(2)}`);
console.log(
  `delivery lag (announced → received): p50 ${Math.round(pct(lags, 50))} ms, p99 ${Math.round(pct(lags, 99))} ms, max ${Math.round(lags.at(-1)!)} ms`,
);
