/**
 * Redis going away and coming back (finding 8), with a redis-server this test starts on a free
 * port and stops (never the shared one): /healthz turns 503 within the readiness PING budget while
 * /livez stays 200; data routes (cached feeds included) answer 503 STORE.UNAVAILABLE at once
 * instead of waiting for the connection; when Redis comes back empty, /healthz is 200 again and
 * HUB_ADMIN_KEY works without a restart.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../support/redis.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { PING_TIMEOUT_MS, READ_TIMEOUT_MS, RECONNECT_MAX_MS } from '../../../hub/store/redis.ts';

/** Resolves once the server answers PING (each attempt is a real connection: synchronised, not slept). */
async function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  child.on('error', () => undefined);
  // until it answers or dies: a loaded machine may take a while to start it (the test's timeout is the limit)
  while (!(await pong(port))) {
    expect(child.exitCode ?? child.signalCode, 'redis-server exited before it answered').to.equal(null);
    await new Promise<void>((r) => setTimeout(r, 10));
  }
  return child;
}

const stopRedis = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Asks `path` until it answers `status` or `budgetMs` passes; the answer and how long it took. */
async function until(hub: TestHub, path: string, status: number, budgetMs: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  let last = 0;
  while (performance.now() - started < budgetMs) {
    last = (await hub.api(path, { key: null })).status;
    if (last === status) break;
  }
  return { status: last, ms: performance.now() - started };
}

describe('store: Redis outage (a Redis of its own)', function () {
  this.timeout(60_000);
  let port: number;
  let redis: ChildProcess;
  let hub: TestHub;

  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    hub = await startTestHub({ redisUrl: `redis://127.0.0.1:${port}`, redisPrefix: 'outage:' });
    expect(
      (await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: 'https://a.gov.vn', level: 'province' } })).status,
    ).to.equal(201);
    // a cached feed: rendered once while Redis is up
    expect((await hub.api('/feeds/all.rss', { key: null })).status).to.equal(200);
  });
  after(async () => {
    if (!redis) return;
    if (redis.exitCode !== null || redis.signalCode) redis = await startRedis(port);
    await hub?.stop();
    await stopRedis(redis);
  });

  it('is ready while Redis answers', async () => {
    const res = await hub.api('/healthz', { key: null });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('turns /healthz 503 within the PING budget once Redis is gone; /livez stays 200', async () => {
    await stopRedis(redis);
    const seen = await until(hub, '/healthz', 503, 2 * PING_TIMEOUT_MS);
    expect(seen.status, `after ${Math.round(seen.ms)} ms`).to.equal(503);
    const body = await (await hub.api('/healthz', { key: null })).json();
    expect(body.status).to.equal('unavailable');
    expect(body.store.state).to.equal('down');
    expect(body.store.detail).to.contain('Redis');
    // the metrics still render, and say the store is down
    const metrics = await hub.api('/metrics');
    expect(metrics.status).to.equal(200);
    expect(await metrics.text()).to.match(/^hub_store_up 0$/m);
    const live = await hub.api('/livez', { key: null });
    expect(live.status).to.equal(200);
    expect(await live.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers data routes with 503 STORE.UNAVAILABLE at once, not after a wait', async () => {
    for (const [path, key] of [
      ['/api/v1/portals/tinh-a', null],
      ['/api/v1/sources', ADMIN_KEY],
      ['/feeds/all.atom', null],
      ['/api/v1/items', null],
      ['/api/v1/keys', ADMIN_KEY],
    ] as const) {
      const started = performance.now();
      const res = await hub.api(path, { key });
      const ms = performance.now() - started;
      expect(res.status, `${path}: ${await res.clone().text()}`).to.equal(503);
      expect(res.headers.get('content-type')).to.contain('application/problem+json');
      expect((await res.json()).code, path).to.equal('STORE.UNAVAILABLE');
      expect(res.headers.get('retry-after')).to.equal('5');
      // no read waits for its timeout: the lost connection fails it at once
      expect(ms, path).to.be.below(READ_TIMEOUT_MS);
    }
    // a feed rendered while Redis was up is still served, from memory, at once
    const started = performance.now();
    const cached = await hub.api('/feeds/all.rss', { key: null });
    expect(cached.status).to.equal(200);
    expect(performance.now() - started).to.be.below(READ_TIMEOUT_MS);
    const write = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-b', name: 'Tỉnh B', url: 'https://b.gov.vn', level: 'province' } });
    expect(write.status).to.equal(503);
    expect((await write.json()).code).to.equal('STORE.UNAVAILABLE');
  });

  it('is ready again when Redis comes back empty, and the configured admin key works without a restart', async () => {
    redis = await startRedis(port);
    const seen = await until(hub, '/healthz', 200, RECONNECT_MAX_MS + 2 * PING_TIMEOUT_MS);
    expect(seen.status, `after ${Math.round(seen.ms)} ms`).to.equal(200);
    const keys = await hub.api('/api/v1/keys');
    expect(keys.status, await keys.clone().text()).to.equal(200);
    const created = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-b', name: 'Tỉnh B', url: 'https://b.gov.vn', level: 'province' } });
    expect(created.status, await created.clone().text()).to.equal(201);
    // Redis came back empty: what it held is gone, what is written now is there
    expect((await hub.api('/api/v1/portals/tinh-a', { key: null })).status).to.equal(404);
    expect((await hub.api('/api/v1/portals/tinh-b', { key: null })).status).to.equal(200);
  });
});
