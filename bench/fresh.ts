/**
 * npm run bench:fresh — how fast news gets across. A mock portal publishes an article and pings
 * its WebSub hub; we time until the article is (1) on the hub's SSE stream, (2) in the unified
 * feed /feeds/all.rss, (3) delivered to a downstream WebSub subscriber of that feed. Baseline, same
 * run: the fastest a pull can be — an operator's "refresh now" right after publishing, timed to
 * the article being in the feed. Target: under 1 s from publish to feed and stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../hub/config.ts';
import { startHub } from '../hub/main.ts';
import { startTestServer } from '../test/support/http.ts';
import { rss, type FeedEntry } from '../test/support/portal-feed.ts';
import { mountWebSubHub } from '../test/support/websub-hub.ts';
import { openSse } from '../test/support/sse.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const KEY = 'bench-admin-key-0123456789abcdef';

const portal = await startTestServer();
const portalHub = mountWebSubHub(portal, '/hub');
const topic = `${portal.url}/rss`;
const entries: FeedEntry[] = [];
const feed = () => rss('Cổng thử nghiệm', entries.slice(0, 30), [`<atom:link rel="hub" href="${portalHub.url}"/>`, `<atom:link rel="self" href="${topic}"/>`]);
portal.route('/rss', (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed()));

// a downstream portal subscribed to the hub's unified feed
const downstream = await startTestServer();
const delivered: { at: number; body: string }[] = [];
downstream.route('/cb', async (req, res) => {
  const url = new URL(req.url!, downstream.url);
  if (req.method === 'GET') return void res.writeHead(200).end(url.searchParams.get('hub.challenge'));
  let body = '';
  for await (const chunk of req) body += chunk;
  delivered.push({ at: performance.now(), body });
  res.writeHead(204).end();
});

const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
const running = await startHub(
  loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      demo: false,
      schedule: false,
      allowPrivateFetch: true,
      adminKey: KEY,
      rateReadPerMinute: 1_000_000_000,
      rateWritePerMinute: 1_000_000_000,
    },
  ),
  { log: () => {} },
);
const api = (path: string, body?: unknown) =>
  fetch(`${running.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let n = 0;
const publish = () => {
  n++;
  const title = `Tin thử nghiệm số ${n}: ${Math.random().toString(36).slice(2, 10)}`;
  entries.unshift({ guid: `bench-${n}`, title, link: `https://portal.example.gov.vn/tin/${n}.html`, date: new Date().toUTCString() });
  return title;
};
const inFeed = async (title: string) => {
  const escaped = title.replace(/&/g, '&amp;');
  for (;;) {
    if ((await (await fetch(`${running.url}/feeds/all.rss`)).text()).includes(escaped)) return performance.now();
    await new Promise((r) => setTimeout(r, 2));
  }
};

await api('/api/v1/portals', { id: 'thu-nghiem', name: 'Cổng thử nghiệm', url: 'https://portal.example.gov.vn', level: 'province' });
const source = await (await api('/api/v1/sources', { portalId: 'thu-nghiem', url: topic })).json();
publish();
await api(`/api/v1/sources/${source.id}/refresh`, {});
await running.websub.idle();
await portalHub.idle();
await running.websub.idle();
if (!portalHub.subscriptions.some((s) => s.verified)) throw new Error('the hub did not subscribe to the portal hub');
await fetch(`${running.url}/websub`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': `${running.hub.config.publicUrl}/feeds/all.rss`, 'hub.callback': `${downstream.url}/cb` }),
});
await running.websub.idle();
const stream = await openSse(`${running.url}/api/v1/stream?portal=thu-nghiem`);

const push = { sse: [] as number[], feed: [] as number[], websub: [] as number[] };
const pull: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // push: the portal publishes and pings its hub, which posts the feed to our callback
  const title = publish();
  const t0 = performance.now();
  const sse = stream.next((e) => e.data.includes(title)).then(() => performance.now());
  const feedAt = inFeed(title);
  await portalHub.publish(topic, feed(), 'application/rss+xml; charset=utf-8');
  push.sse.push((await sse) - t0);
  push.feed.push((await feedAt) - t0);
  for (;;) {
    const d = delivered.find((x) => x.body.includes(title));
    if (d) {
      push.websub.push(d.at - t0);
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  // baseline pull: publish, then refresh at once (the best a poll can do)
  const pulled = publish();
  const p0 = performance.now();
  await api(`/api/v1/sources/${source.id}/refresh`, {});
  pull.push((await inFeed(pulled)) - p0);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const fmt = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
const row = (name: string, xs: number[]) => {
  const s = stats(xs);
  console.log(`${name.padEnd(52)} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}`);
  return s;
};
console.log(`bench:fresh — ${RUNS} articles, Node ${process.version}`);
const sse = row('push: publish → on the SSE stream', push.sse);
const inUnified = row('push: publish → in /feeds/all.rss', push.feed);
row('push: publish → at a downstream WebSub subscriber', push.websub);
const base = row('baseline pull: refresh now → in /feeds/all.rss', pull);
console.log(`ratio push→feed / baseline pull (median): ${(inUnified.median / base.median).toFixed(2)}`);
console.log(
  `scheduled polling instead (default interval ${running.hub.config.defaultIntervalSeconds} s) waits ${running.hub.config.defaultIntervalSeconds / 2} s on average`,
);
const worst = Math.max(sse.max, inUnified.max);
console.log(`target < 1000 ms publish → feed and stream: ${worst < 1000 ? 'met' : 'MISSED'} (worst ${worst.toFixed(1)} ms)`);

stream.close();
await running.close();
await portal.close();
await downstream.close();
rmSync(dataDir, { recursive: true, force: true });
