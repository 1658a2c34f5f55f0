import { LOCAL_CLI } from '../../../hub/keys/principal.ts';
import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Scheduler } from '../../../hub/scheduler.ts';
import { MemoryDueQueue } from '../../../hub/scheduler/queue.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { rss } from '../../support/portal-feed.ts';
import { makeItem } from '../store/contract.ts';
import type { HubConfig } from '../../../hub/config.ts';

const feed = (n: number) =>
  rss(`Nguồn ${n}`, [{ guid: `g${n}`, title: `Tin số ${n}`, link: `https://hue.gov.vn/tin/${n}`, date: 'Tue, 24 Nov 2026 09:15:00 +0700' }]);

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A gate requests wait at until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

// sources are registered unchecked (check: false) here: the polls the scheduler makes, and what each portal saw, are the case
describe('scheduler', function () {
  this.timeout(30_000);
  let hub: TestHub;
  let servers: TestServer[] = [];
  let scheduler: Scheduler | undefined;
  let lines: string[];

  async function setup(config: Partial<HubConfig>, clock?: () => number) {
    hub = await startTestHub(config);
    await hub.hub.createPortal(LOCAL_CLI, { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province' });
    lines = [];
    const queue = new MemoryDueQueue();
    scheduler = new Scheduler(hub.hub, { queue, log: (l) => lines.push(l), ...(clock ? { now: clock } : {}) });
    return queue;
  }

  async function server(): Promise<TestServer> {
    const s = await startTestServer();
    servers.push(s);
    return s;
  }

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await hub.stop();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('keeps to the global and per-host limits, so a slow portal does not hold the others back', async () => {
    const queue = await setup({ fetchConcurrency: 3, hostConcurrency: 2 });
    const slow = await server();
    const fast = await server();
    const slowGate = gate();
    let now = 0;
    let most = 0;
    let mostSlow = 0;
    let slowNow = 0;
    const track = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
      most = Math.max(most, ++now);
      try {
        await handler(req, res);
      } finally {
        now--;
      }
    };
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      slow.route(
        `/slow${n}.rss`,
        track(async (_req, res) => {
          mostSlow = Math.max(mostSlow, ++slowNow);
          await slowGate.opened;
          slowNow--;
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(n));
        }),
      );
      fast.route(
        `/fast${n}.rss`,
        track(async (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(10 + n))),
      );
      ids.push((await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${slow.url}/slow${n}.rss`, check: false })).id);
      ids.push((await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${fast.url}/fast${n}.rss`, check: false })).id);
    }
    await queue.ensure(ids.map((id) => ({ id, dueAt: 0 })));
    await scheduler!.start();
    // the slow portal holds its two slots; the third slot serves the fast portal's four sources
    await until('the fast portal is fetched', () => [0, 1, 2, 3].every((n) => fast.hits.get(`/fast${n}.rss`) === 1));
    await until('the slow portal holds its two slots', () => slowNow === 2);
    expect(
      [0, 1, 2, 3].reduce((n, k) => n + (slow.hits.get(`/slow${k}.rss`) ?? 0), 0),
      'no third fetch of the slow host',
    ).to.equal(2);
    slowGate.open();
    await until('the slow portal is fetched', () => [0, 1, 2, 3].every((n) => slow.hits.get(`/slow${n}.rss`) === 1));
    await until('all fetches finish', () => scheduler!.active === 0);
    expect(mostSlow).to.equal(2);
    expect(most).to.be.at.most(3);
    expect((await hub.hub.listItems({})).items).to.have.length(8);
  });

  it('polls on the source interval with a conditional GET, keeping the cadence', async () => {
    let clock = 1_000_000;
    const queue = await setup({}, () => clock);
    const s = await server();
    const conditional: (string | undefined)[] = [];
    s.route('/feed.rss', (req, res) => {
      conditional.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(feed(1));
    });
    const source = await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${s.url}/feed.rss`, intervalSeconds: 600, check: false });
    await queue.ensure([{ id: source.id, dueAt: clock }]);
    await scheduler!.start();
    await until('the first fetch is planned again', async () => (await queue.nextDue()) === 1_000_000 + 600_000);
    expect(conditional).to.deep.equal([undefined]);
    clock += 599_000;
    // a sentinel source due now: the tick that claims it claims everything due, so once it is
    // fetched the feed (due a second later) has been passed over, not merely not reached yet
    s.route('/sentinel.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(2)));
    const sentinel = await hub.hub.createSource(LOCAL_CLI, {
      portalId: 'hue',
      kind: 'feed',
      url: `${s.url}/sentinel.rss`,
      intervalSeconds: 3600,
      check: false,
    });
    await queue.ensure([{ id: sentinel.id, dueAt: clock }]);
    await scheduler!.sync();
    await until('the sentinel is fetched', () => s.hits.get('/sentinel.rss') === 1);
    expect(s.hits.get('/feed.rss')).to.equal(1);
    expect(await queue.nextDue(), 'the feed is still planned, unclaimed').to.equal(1_000_000 + 600_000);
    clock += 1000;
    await scheduler!.sync();
    await until('the second fetch is planned', async () => (await queue.nextDue()) === 1_000_000 + 1_200_000);
    expect(conditional).to.deep.equal([undefined, '"v1"']);
    expect((await hub.hub.getSource(source.id)).health).to.include({ state: 'ok', lastStatus: 304 });
  });

  it('backs off exponentially up to the cap, marks the source failing then disabled, and resumes after a manual refresh', async () => {
    let clock = 5_000_000;
    const queue = await setup({ failingAfter: 2, disableAfter: 3, backoffMaxSeconds: 120 }, () => clock);
    const s = await server();
    let up = false;
    s.route(
      '/feed.rss',
      (_req, res) => void (up ? res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(1)) : res.writeHead(500).end('down')),
    );
    const source = await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${s.url}/feed.rss`, intervalSeconds: 60, check: false });
    await queue.ensure([{ id: source.id, dueAt: clock }]);
    await scheduler!.start();
    const waits: number[] = [];
    const states: string[] = [];
    for (let failure = 1; failure <= 3; failure++) {
      await until(
        `failure ${failure} is recorded`,
        async () => (await hub.hub.getSource(source.id)).health.consecutiveFailures === failure && scheduler!.active === 0,
      );
      const health = (await hub.hub.getSource(source.id)).health;
      states.push(health.state);
      waits.push(Date.parse(health.backoffUntil!) - Date.parse(health.lastFetchedAt!));
      if (failure < 3) {
        await until('the retry is planned at the backoff', async () => (await queue.nextDue()) === Date.parse(health.backoffUntil!));
        clock = Date.parse(health.backoffUntil!);
        await scheduler!.sync();
      }
    }
    expect(states).to.deep.equal(['new', 'failing', 'disabled']);
    // 60 s, doubled, capped at 120 s; each with up to 10 % jitter
    const bounds = [
      [60_000, 66_000],
      [120_000, 132_000],
      [120_000, 132_000],
    ];
    waits.forEach((w, i) => expect(w).to.be.within(bounds[i][0], bounds[i][1]));
    await until('the disabled source leaves the queue', async () => (await queue.ids()).length === 0);
    expect(lines.some((l) => l.includes(`disabled ${source.id} after 3 consecutive failures`))).to.equal(true);
    up = true;
    expect((await hub.hub.refreshSource(LOCAL_CLI, source.id)).error).to.equal(undefined);
    const health = (await hub.hub.getSource(source.id)).health;
    expect(health.state).to.equal('ok');
    expect(health.backoffUntil).to.equal(undefined);
    await scheduler!.sync();
    expect(await queue.ids()).to.deep.equal([source.id]);
  });

  it('waits as long as a busy portal asks (Retry-After on 503 and 429), up to the backoff cap', async () => {
    let clock = 7_000_000;
    const queue = await setup({ backoffMaxSeconds: 600 }, () => clock);
    const s = await server();
    const answers = [
      { status: 503, retryAfter: '300' },
      // an HTTP date 10 minutes past the (real) time of the fetch
      { status: 429, retryAfter: () => new Date(Date.now() + 1_000_000).toUTCString() },
      { status: 200 },
    ];
    let n = 0;
    s.route('/feed.rss', (_req, res) => {
      const a = answers[n++];
      if (a.status === 200) return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(1));
      res.writeHead(a.status, { 'retry-after': typeof a.retryAfter === 'function' ? a.retryAfter() : a.retryAfter! }).end('busy');
    });
    const source = await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${s.url}/feed.rss`, intervalSeconds: 60, check: false });
    await queue.ensure([{ id: source.id, dueAt: clock }]);
    await scheduler!.start();
    const waits: number[] = [];
    for (let failure = 1; failure <= 2; failure++) {
      await until(
        `failure ${failure} is recorded`,
        async () => (await hub.hub.getSource(source.id)).health.consecutiveFailures === failure && scheduler!.active === 0,
      );
      const health = (await hub.hub.getSource(source.id)).health;
      waits.push(Date.parse(health.backoffUntil!) - Date.parse(health.lastFetchedAt!));
      if (failure === 1) expect(health.lastError?.message).to.contain('HTTP 503').and.contain('come back in 300 s');
      await until("the retry is planned at the portal's time", async () => (await queue.nextDue()) === Date.parse(health.backoffUntil!));
      clock = Date.parse(health.backoffUntil!);
      await scheduler!.sync();
    }
    // the backoff alone would be 60 s, then 120 s (+ up to 10 %): the portal's 300 s wins, and its
    // ~1,000 s is held to the 600-s cap
    expect(waits[0]).to.equal(300_000);
    expect(waits[1]).to.equal(600_000);
    await until('the portal answers again', async () => (await hub.hub.getSource(source.id)).health.state === 'ok' && scheduler!.active === 0);
    expect((await hub.hub.getSource(source.id)).health.backoffUntil).to.equal(undefined);
  });

  /** A started scheduler whose one fetch waits at a gate the test opens. */
  async function fetchHeldAtGate(shutdownGraceMs: number) {
    const queue = await setup({ shutdownGraceMs });
    const s = await server();
    const g = gate();
    s.route('/feed.rss', async (_req, res) => {
      await g.opened;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(1));
    });
    const source = await hub.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${s.url}/feed.rss`, check: false });
    await queue.ensure([{ id: source.id, dueAt: 0 }]);
    await scheduler!.start();
    await until('the fetch is under way', () => s.hits.get('/feed.rss') === 1);
    return { queue, source, g };
  }

  it('on shutdown finishes a fetch within the grace period', async () => {
    const { queue, source, g } = await fetchHeldAtGate(20_000);
    const stopping = scheduler!.stop();
    g.open();
    await stopping;
    expect((await hub.hub.getSource(source.id)).health.lastStatus).to.equal(200);
    expect((await hub.hub.listItems({})).items).to.have.length(1);
    expect(await queue.claim(Date.now(), 10, 'next', 1000)).to.deep.equal([]);
  });

  it('on shutdown abandons a fetch that outlives the grace period and hands its source back', async () => {
    const { queue, source, g } = await fetchHeldAtGate(100);
    await scheduler!.stop();
    expect(lines.some((l) => l.includes('abandoned 1 fetches'))).to.equal(true);
    const again = await queue.claim(Date.now(), 10, 'next', 1000);
    expect(again.map((c) => c.id)).to.deep.equal([source.id]);
    g.open();
    await hub.hub.settle();
  });

  it('applies retention in batches under a lease', async () => {
    await setup({ retentionPerSource: 2, retentionDays: 30 });
    const old = makeItem(0, { publishedAt: '2020-01-01T00:00:00+00:00', sourceId: 'other', portalId: 'hue' });
    await hub.hub.store.putItems([
      old,
      ...Array.from({ length: 5 }, (_, i) =>
        makeItem(i + 1, { sourceId: 's1', portalId: 'hue', publishedAt: new Date(Date.now() - i * 60_000).toISOString() }),
      ),
    ]);
    expect(await scheduler!.retention()).to.equal(4);
    expect((await hub.hub.listItems({})).items.map((i) => i.id)).to.deep.equal([makeItem(1).id, makeItem(2).id]);
  });
});
