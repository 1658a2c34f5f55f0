/**
 * Three hub processes on one Redis poll twelve sources of a local portal server. Separate OS
 * processes, so killing one (SIGKILL: no shutdown, leases left behind) is the real thing.
 *
 * The sources are written straight into the shared store with a 2 s interval — the API keeps
 * intervals at 60 s or more, which would make this test take minutes; the scheduler treats any
 * interval alike. They are written, with their first due times, once all three instances listen,
 * so the test knows each source's plan: due first at D, then at D + k intervals at the earliest.
 *
 * Nothing here measures how late a fetch is: on a loaded machine a fetch may come late (the
 * scheduler then skips the intervals it missed rather than catching up). What is asserted holds
 * at any load: no source is fetched more often than its plan allows (counted against the plan,
 * fetch by fetch), every source keeps being fetched (counted by events, phase by phase), and the
 * killed instance's sources are taken over. Waits give up only after several times what the
 * scheduler's constants say a phase takes.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore, randomPrefix } from '../../../hub/store/redis.ts';
import { RedisDueQueue } from '../../../hub/scheduler/redis-queue.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { testRedisUrl } from '../../support/redis.ts';
import { rss } from '../../support/portal-feed.ts';

const SOURCES = 12;
const INTERVAL_MS = 2000;
const FETCH_TIMEOUT_MS = 1000;
/** The scheduler's lease: the fetch timeout plus its 5 s margin. */
const LEASE_MS = FETCH_TIMEOUT_MS + 5000;
/** The scheduler's longest sleep between looks at the queue (its default tickMs). */
const TICK_MS = 1000;
/** Fetches of every source in each phase (before the kill, after it). */
const ROUNDS = 3;
/** How many times what a phase should take before a wait gives up (a failure, never a timing assertion). */
const PATIENCE = 5;

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
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
          .end(rss(`Nguồn ${n}`, [{ guid: `g${n}`, title: `Tin ${n}`, link: `https://hue.gov.vn/tin/${n}`, date: 'Tue, 24 Nov 2026 09:15:00 +0700' }]));
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
        ...process.env,
        REDIS_URL: store.url,
        HUB_REDIS_PREFIX: store.prefix,
        HUB_INSTANCE_ID: name,
        PORT: '0',
        HOST: '127.0.0.1',
        HUB_DEMO: '0',
        HUB_ALLOW_PRIVATE_FETCH: '1',
        HUB_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS),
        HUB_ADMIN_KEY: 'instances-test-key-0123456789',
        HUB_DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let rest = '';
    child.stdout!.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop()!;
      // the log is JSON lines (hub/log.ts), the start banner plain text: keep each line's message
      lines.push(...parts.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l)));
    });
    child.stderr!.on('data', (d) => lines.push(`stderr: ${d}`));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const instance = { name, child, lines, exited };
    instances.push(instance);
    return instance;
  }

  /** Writes the sources with their first due times, spread over one interval from now; returns those times. */
  async function addSources(): Promise<Map<string, number>> {
    const now = Date.now();
    const firstDue = new Map<string, number>();
    for (let n = 0; n < SOURCES; n++) {
      await store.putSource({
        id: `src-${n}`,
        portalId: 'hue',
        url: `${server.url}/s${n}.rss`,
        kind: 'feed',
        intervalSeconds: INTERVAL_MS / 1000,
        paused: false,
        createdAt: new Date().toISOString(),
        health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
      });
      firstDue.set(`/s${n}.rss`, now + TICK_MS + Math.floor((n * INTERVAL_MS) / SOURCES));
    }
    // the instances look at the queue every tick: they claim these without waiting for their next source sync
    await new RedisDueQueue(store).ensure([...firstDue].map(([path, dueAt]) => ({ id: `src-${path.slice(2, -4)}`, dueAt })));
    return firstDue;
  }

  async function until(what: string, check: () => boolean, ms = 60_000) {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end)
        throw new Error(`gave up waiting until ${what}\n${instances.map((i) => `--- ${i.name}\n${i.lines.slice(-20).join('\n')}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Source ids each instance says it refreshed, with the times it said so. */
  const refreshedBy = (i: Instance) => i.lines.map((l) => /^refreshed (src-\d+) by /.exec(l)?.[1]).filter((id): id is string => !!id);

  it('fetches each source once per interval, none twice and none missed, and moves a killed instance’s sources to the others', async () => {
    const [a, b, c] = ['inst-a', 'inst-b', 'inst-c'].map(start);
    await until('all three listen', () => [a, b, c].every((i) => i.lines.some((l) => l.startsWith('Portal hub listening'))));
    const firstDue = await addSources();
    const counts = () => [...fetches.values()].map((t) => t.length);
    // a phase takes its rounds of intervals, plus a tick to notice and one interval of spread
    const phaseMs = (ROUNDS + 1) * INTERVAL_MS + TICK_MS;
    await until(`every source is fetched ${ROUNDS} times`, () => counts().every((n) => n >= ROUNDS), PATIENCE * phaseMs);
    await until('instance a has fetched', () => refreshedBy(a).length > 0, PATIENCE * phaseMs);
    const byA = new Set(refreshedBy(a));
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    const fetchesAfter = () => [...fetches.values()].map((t) => t.filter((at) => at > killedAt).length);
    // the sources a held come back when their leases run out
    await until(`every source is fetched ${ROUNDS} more times after the kill`, () => fetchesAfter().every((n) => n >= ROUNDS), PATIENCE * (LEASE_MS + phaseMs));
    // from here on b and c hand back what they still fetch as due now: the plan is checked up to here
    const stoppedAt = Date.now();
    b.child.kill('SIGTERM');
    c.child.kill('SIGTERM');
    expect(await b.exited, 'b shuts down cleanly').to.equal(0);
    expect(await c.exited, 'c shuts down cleanly').to.equal(0);

    // all three took part, and the survivors fetched every source a fetched before it died
    for (const i of [a, b, c]) expect(refreshedBy(i).length, `${i.name} fetched`).to.be.greaterThan(0);
    const afterKill = new Set([...refreshedBy(b), ...refreshedBy(c)]);
    for (const id of byA) expect(afterKill.has(id), `${id} moved from the killed instance`).to.equal(true);

    // none twice: the k-th fetch of a source (k from 0) never comes before its plan allows, D + k
    // intervals, however late the fetches before it came (a late fetch only pushes the plan back)
    for (const [path, times] of fetches) {
      const due = firstDue.get(path)!;
      times
        .filter((at) => at < stoppedAt)
        .forEach((at, k) => expect(at, `${path} fetched twice within one interval (fetch ${k})`).to.be.at.least(due + k * INTERVAL_MS - 1));
    }
  }).timeout(60_000 + PATIENCE * (2 * ((ROUNDS + 1) * INTERVAL_MS + TICK_MS) + LEASE_MS) + 30_000);
});
