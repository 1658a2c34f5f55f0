/**
 * The server side of `npm run bench:serve`, in its own process so the load generator does not
 * share its event loop: a hub holding N items (embedded store in a temp dir) and, on a second
 * port, a bare Koa route that answers with the bytes of the hub's cached unified feed. Prints one
 * JSON line with both URLs, then serves until killed.
 */
import { LOCAL_CLI } from '../hub/keys/principal.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../hub/config.ts';
import { startHub } from '../hub/main.ts';
import type { Item, PortalInput } from '../hub/model.ts';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-serve-'));
const config = loadConfig(
  {},
  {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    demo: false,
    schedule: false,
    adminKey: 'bench-admin-key-0123456789',
    // the load generator is one address: lift the per-address rate limits so the bench measures serving, not refusing
    rateReadPerMinute: 1_000_000_000,
    rateWritePerMinute: 1_000_000_000,
  },
);
const running = await startHub(config, { log: () => {} });
const { hub } = running;

// the demo directory (the Government portal, ministries, 34 provinces) plus 10 communes per province
const demo: { portals: PortalInput[] } = JSON.parse(readFileSync(new URL('../hub/demo/directory.json', import.meta.url), 'utf8'));
const communes = demo.portals
  .filter((p) => p.level === 'province')
  .flatMap((p) =>
    Array.from({ length: 10 }, (_, i): PortalInput => ({
      id: `${p.id}-xa-${i}`,
      name: `Xã ${i} (${p.name})`,
      url: `https://xa${i}.${new URL(p.url).hostname}`,
      level: 'commune',
      parentId: p.id,
    })),
  );
await hub.importPortals(LOCAL_CLI, JSON.stringify({ portals: [...demo.portals, ...communes] }), 'json');
const portals = [...demo.portals, ...communes].map((p) => p.id);

const TOPICS = ['chuyen-doi-so', 'cai-cach-hanh-chinh', 'giao-duc', 'y-te', 'kinh-te', 'van-hoa'];
const WORDS =
  'hội nghị triển khai nhiệm vụ chuyển đổi số cải cách hành chính năm 2026 tỉnh thành phố phường xã người dân doanh nghiệp dịch vụ công trực tuyến'.split(' ');
const start = Date.parse('2026-11-24T08:00:00+07:00');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', '+00:00');
const item = (n: number): Item => {
  const t = start - n * 90_000; // 100,000 items over about 104 days
  const id = `bench${String(n).padStart(14, '0')}`;
  const title = Array.from({ length: 12 }, (_, i) => WORDS[(n * 7 + i) % WORDS.length]).join(' ');
  return {
    id,
    portalId: portals[n % portals.length],
    sourceId: 'bench',
    url: `https://bench.gov.vn/tin/${n}.html`,
    title: `${title[0].toUpperCase()}${title.slice(1)}`,
    summary: `${title}. `.repeat(3).slice(0, 300),
    contentHtml: `<p>${`${title}. `.repeat(8)}</p><p>${`${title}. `.repeat(6)}</p>`,
    publishedAt: iso(t),
    updatedAt: iso(t),
    fetchedAt: iso(t),
    authors: [],
    categories: [n % 3 ? 'Tin tức' : 'Thông báo'],
    topics: [TOPICS[n % TOPICS.length]],
    media: [],
    language: 'vi',
    clusterId: id,
    flags: [],
  };
};
for (let from = 0; from < N; from += 5_000) await hub.store.putItems(Array.from({ length: Math.min(5_000, N - from) }, (_, i) => item(from + i)));

// the bare route sends the same bytes with the same headers, from memory
const cached = await hub.feed('rss', {});
const bytes = Buffer.from(cached.body);
const bare = new Koa();
bare.use((ctx) => {
  ctx.set('ETag', cached.etag);
  ctx.set('Last-Modified', cached.lastModified.toUTCString());
  ctx.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
  ctx.type = cached.contentType;
  ctx.body = bytes;
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
console.log(
  JSON.stringify({
    hub: running.url,
    bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/feeds/all.rss`,
    items: await hub.store.countItems(),
    feedBytes: Buffer.byteLength(cached.body),
  }),
);

const stop = async () => {
  bareServer.close();
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
