/**
 * When a source is next due is decided where the fetch is handled (hub/pipeline/refresh.ts): its
 * interval, or later when the portal asks — Retry-After on 429/503, RSS <ttl>, Cache-Control
 * max-age, Expires — never sooner than the interval, never later than the backoff cap. The
 * scheduler only obeys the refresh's `nextDueAt`.
 */
import { expect } from 'chai';
import { dueAfterRefresh, freshnessHintMs } from '../../../hub/scheduler/policy.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { rss } from '../../support/portal-feed.ts';
import { LOCAL_CLI } from '../../../hub/keys/principal.ts';
import { MemoryDueQueue } from '../../../hub/scheduler/queue.ts';
import { Scheduler } from '../../../hub/scheduler.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('next due: the portal’s hints', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('reads RSS <ttl>, Cache-Control max-age and Expires, the longest of them', () => {
    expect(freshnessHintMs({}, 60, now)).to.equal(HOUR);
    expect(freshnessHintMs({ 'cache-control': 'public, max-age=1800' }, undefined, now)).to.equal(30 * MIN);
    expect(freshnessHintMs({ 'cache-control': 'max-age=1800' }, 60, now)).to.equal(HOUR);
    expect(freshnessHintMs({ expires: 'Fri, 04 Dec 2026 10:10:00 GMT', date: 'Fri, 04 Dec 2026 10:00:00 GMT' }, undefined, now)).to.equal(10 * MIN);
    // max-age wins over Expires (RFC 9111 §5.3)
    expect(freshnessHintMs({ 'cache-control': 'max-age=60', expires: 'Fri, 04 Dec 2026 12:00:00 GMT' }, undefined, now)).to.equal(MIN);
  });

  it('says nothing for no-cache, max-age=0, an Expires in the past or a date it cannot read', () => {
    expect(freshnessHintMs({ 'cache-control': 'no-cache' }, undefined, now)).to.equal(undefined);
    expect(freshnessHintMs({ 'cache-control': 'max-age=0' }, undefined, now)).to.equal(undefined);
    expect(freshnessHintMs({ expires: 'Fri, 04 Dec 2026 09:00:00 GMT' }, undefined, now)).to.equal(undefined);
    expect(freshnessHintMs({ expires: '0' }, undefined, now)).to.equal(undefined);
    expect(freshnessHintMs({}, undefined, now)).to.equal(undefined);
  });

  it('keeps the phase without a hint, never goes sooner than the interval, never later than the cap', () => {
    const interval = 15 * MIN;
    const cap = 6 * HOUR;
    const dueAt = now - 2 * MIN;
    expect(dueAfterRefresh(dueAt, interval, now, undefined, cap)).to.equal(dueAt + interval);
    expect(dueAfterRefresh(dueAt, interval, now, 5 * MIN, cap)).to.equal(dueAt + interval);
    expect(dueAfterRefresh(dueAt, interval, now, HOUR, cap)).to.equal(now + HOUR);
    expect(dueAfterRefresh(dueAt, interval, now, 48 * HOUR, cap)).to.equal(now + cap);
    // an interval longer than the cap is the source's own choice: a hint never shortens it
    expect(dueAfterRefresh(dueAt, 12 * HOUR, now, 48 * HOUR, cap)).to.equal(dueAt + 12 * HOUR);
  });
});

describe('next due: decided by the refresh, obeyed by the scheduler', function () {
  this.timeout(30_000);
  let portal: TestServer;
  let hub: TestHub;
  let answer: { ttl?: number; cacheControl?: string; status?: number; retryAfter?: string } = {};
  const feed = () =>
    rss('Lào Cai', [
      { guid: 'lc-1', title: 'Lào Cai đón khách du lịch', link: 'https://laocai.gov.vn/tin/1.html', date: 'Mon, 21 Nov 2022 01:00:00 GMT' },
    ]).replace('<language>vi</language>', `<language>vi</language>${answer.ttl ? `<ttl>${answer.ttl}</ttl>` : ''}`);

  before(async () => {
    portal = await startTestServer();
    portal.route('/rss', (req, res) => {
      if (answer.status) return void res.writeHead(answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}).end('busy');
      const headers = { etag: '"lc"', ...(answer.cacheControl ? { 'cache-control': answer.cacheControl } : {}) };
      if (req.headers['if-none-match'] === '"lc"') return void res.writeHead(304, headers).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers }).end(feed());
    });
    hub = await startTestHub({ backoffMaxSeconds: 6 * 3600 });
    await hub.hub.createPortal(LOCAL_CLI, { id: 'lao-cai', name: 'Tỉnh Lào Cai', url: 'https://laocai.gov.vn', level: 'province' });
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  // unchecked: each case sets what the portal answers for the polls (a 503 among them)
  const newSource = async (intervalSeconds: number) =>
    (
      await hub.hub.createSource(LOCAL_CLI, {
        portalId: 'lao-cai',
        kind: 'feed',
        url: `${portal.url}/rss?i=${intervalSeconds}-${Math.random()}`,
        intervalSeconds,
        check: false,
      })
    ).id;

  it('takes the feed’s <ttl> when it is longer than the interval', async () => {
    answer = { ttl: 60 };
    const id = await newSource(600);
    const result = await hub.hub.poll(id, 'schedule', { dueAt: Date.now() });
    expect(Date.parse(result.nextDueAt!)).to.equal(Date.parse(result.fetchedAt) + HOUR);
  });

  it('takes Cache-Control max-age on a 304, and keeps to the interval when the hint is shorter', async () => {
    answer = { cacheControl: 'max-age=7200' };
    const id = await newSource(600);
    await hub.hub.poll(id);
    const notModified = await hub.hub.poll(id, 'schedule', { dueAt: Date.now() });
    expect(notModified.notModified).to.equal(true);
    expect(Date.parse(notModified.nextDueAt!)).to.equal(Date.parse(notModified.fetchedAt) + 2 * HOUR);
    answer = { cacheControl: 'max-age=60' };
    const dueAt = Date.now();
    const short = await hub.hub.poll(id, 'schedule', { dueAt });
    expect(Date.parse(short.nextDueAt!)).to.equal(dueAt + 600_000);
  });

  it('after a 503, is due when the backoff and the portal’s Retry-After say (the later)', async () => {
    answer = { status: 503, retryAfter: '3600' };
    const id = await newSource(60);
    const result = await hub.hub.poll(id);
    const health = (await hub.hub.getSource(id)).health;
    expect(result.nextDueAt).to.equal(health.backoffUntil);
    const wait = Date.parse(result.nextDueAt!) - Date.parse(result.fetchedAt);
    // Retry-After is measured from when the portal answered, a moment before fetchedAt is written
    expect(wait).to.be.within(HOUR - 2000, HOUR);
  });

  it('the scheduler puts the source back at the nextDueAt the refresh returned', async () => {
    answer = { ttl: 90 };
    // a hub of its own: the scheduler plans every source of its hub
    const own = await startTestHub();
    await own.hub.createPortal(LOCAL_CLI, { id: 'lao-cai', name: 'Tỉnh Lào Cai', url: 'https://laocai.gov.vn', level: 'province' });
    const id = (await own.hub.createSource(LOCAL_CLI, { portalId: 'lao-cai', kind: 'feed', url: `${portal.url}/rss`, intervalSeconds: 60 })).id;
    const clock = 5_000_000;
    const queue = new MemoryDueQueue();
    const scheduler = new Scheduler(own.hub, { queue, now: () => clock });
    try {
      await queue.ensure([{ id, dueAt: clock }]);
      await scheduler.start();
      let report;
      while (!(report = (await own.hub.listRefreshes(id)).reports[0]) || scheduler.active > 0) await new Promise((r) => setImmediate(r));
      // the queue holds the source at exactly the refresh's answer (here: the feed's 90-minute ttl)
      while ((await queue.nextDue()) === clock) await new Promise((r) => setImmediate(r));
      expect(await queue.nextDue()).to.equal(Date.parse(report.nextDueAt!));
      // on the scheduler's clock: the feed's 90-minute ttl from when the refresh ended
      expect(Date.parse(report.nextDueAt!)).to.equal(clock + 90 * MIN);
    } finally {
      await scheduler.stop();
      await own.stop();
    }
  });
});
