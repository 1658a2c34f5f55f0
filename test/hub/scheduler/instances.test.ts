/**
 * Three hub processes on one Redis poll twelve sources of a local portal server. Separate OS
 * processes, so killing one (SIGKILL: no shutdown, leases left behind) is the real thing.
 *
 * The sources are written straight into the shared store with a 2 s interval — the API keeps
 * intervals at 60 s or more, which would make this test take minutes; the scheduler treats any
 * interval alike.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore, randomPrefix } from '../../../hub/store/redis.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { testRedisUrl } from '../../support/redis.ts';
import { rss } from '../../support/portal-feed.ts';

const SOURCES = 12;
const INTERVAL_MS = 2000;
const FETCH_TIMEOUT_MS = 1000;
/** The scheduler's lease: the fetch timeout plus its 5 s margin. */
const LEASE_MS = FETCH_TIMEOUT_MS + 5000;

interface Instance {
  name: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

describe('scheduler: three instances on one Redis', function () {
  this.timeout(120_000);
  let server: TestServer;
  let store: RedisStore;
  const instances: Instance[] = [];
  const dirs: string[] = [];
  /** Fetch times per source path, as the portal saw them. */
  const fetches = new Map<string, number[]>();

  before(async () => {
    server = await startTestServer();
    store = await RedisStore.open(await testRedisUrl(), { prefix: randomPrefix('hubtest-instances') });
    await store.putPortal({ id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province', createdAt: new Date().toISOString() });
    for (let n = 0; n < SOURCES; n++) {
      const path = `/s${n}.rss`;
      fetches.set(path, []);
      server.route(path, (req, res) => {
        fetches.get(path)!.push(Date.now());
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss(`Nguồn ${n}`, [{ guid: `g${n}`, title: `Tin ${n}`, link: `https://hue.gov.vn/tin/${n}`, date: 'Tue, 24 Nov 2026 09:15:00 +0700' }]));
      });
      await store.putSource({
        id: `src-${n}`, portalId: 'hue', url: `${server.url}${path}`, kind: 'feed', intervalSeconds: INTERVAL_MS / 1000, paused: false,
        createdAt: new Date().toISOString(), health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
      });
    }
  });

  after(async () => {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await server.close();
    await store.clear();
    await store.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function start(name: string): Instance {
    const dir = mkdtempSync(join(tmpdir(), 'hub-instance-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      env: {
        ...process.env, REDIS_URL: store.url, HUB_REDIS_PREFIX: store.prefix, HUB_INSTANCE_ID: name, PORT: '0', HOST: '127.0.0.1', HUB_DEMO: '0',
        HUB_ALLOW_PRIVATE_FETCH: '1', HUB_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS), HUB_ADMIN_KEY: 'instances-test-key-0123456789', HUB_DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let rest = '';
    child.stdout!.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
    child.stderr!.on('data', (d) => lines.push(`stderr: ${d}`));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const instance = { name, child, lines, exited };
    instances.push(instance);
    return instance;
  }

  async function until(what: string, check: () => boolean, ms = 60_000) {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`gave up waiting until ${what}\n${instances.map((i) => `--- ${i.name}\n${i.lines.slice(-20).join('\n')}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Source ids each instance says it refreshed, with the times it said so. */
  const refreshedBy = (i: Instance) => i.lines.map((l) => /^refreshed (src-\d+) by /.exec(l)?.[1]).filter((id): id is string => !!id);

  it('fetches each source once per interval, none twice and none missed, and moves a killed instance’s sources to the others', async () => {
    const [a, b, c] = ['inst-a', 'inst-b', 'inst-c'].map(start);
    await until('all three listen', () => [a, b, c].every((i) => i.lines.some((l) => l.startsWith('Portal hub listening'))));
    const counts = () => [...fetches.values()].map((t) => t.length);
    await until('every source is fetched five times', () => counts().every((n) => n >= 5));
    await until('instance a has fetched', () => refreshedBy(a).length > 0);
    const byA = new Set(refreshedBy(a));
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    const fetchesAfter = () => [...fetches.values()].map((t) => t.filter((at) => at > killedAt).length);
    await until('every source is fetched four more times after the kill', () => fetchesAfter().every((n) => n >= 4));
    b.child.kill('SIGTERM');
    c.child.kill('SIGTERM');
    expect(await b.exited, 'b shuts down cleanly').to.equal(0);
    expect(await c.exited, 'c shuts down cleanly').to.equal(0);

    // all three took part, and the survivors fetched every source a fetched before it died
    for (const i of [a, b, c]) expect(refreshedBy(i).length, `${i.name} fetched`).to.be.greaterThan(0);
    const afterKill = new Set([...refreshedBy(b), ...refreshedBy(c)]);
    for (const id of byA) expect(afterKill.has(id), `${id} moved from the killed instance`).to.equal(true);

    for (const [path, times] of fetches) {
      const gaps = times.slice(1).map((t, k) => ({ gap: t - times[k], acrossKill: times[k] <= killedAt && t > killedAt }));
      // no double: two fetches of one source are never within half an interval
      for (const { gap } of gaps) expect(gap, `${path} fetched twice within one interval`).to.be.at.least(INTERVAL_MS / 2);
      // none missed: the next fetch comes within the interval plus scheduling slack; across the kill a
      // fetch the dead instance held comes back when its lease runs out
      for (const { gap, acrossKill } of gaps) expect(gap, `${path} missed an interval`).to.be.at.most(acrossKill ? INTERVAL_MS + LEASE_MS + INTERVAL_MS : 2 * INTERVAL_MS);
    }
  });
});
