/**
 * A report for every refresh: kept per source, newest first, with who started it (the schedule,
 * an operator, a push), its HTTP status, bytes, counts and error; served at
 * GET /api/v1/sources/{id}/refreshes with cursor paging, and by `hub sources refreshes`.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { rss, type FeedEntry } from '../../support/portal-feed.ts';
import { hubCli } from '../../support/cli.ts';
import type { RefreshReport, RefreshReportPage } from '../../../hub/model.ts';

describe('refresh reports', () => {
  let portal: TestServer;
  let hub: TestHub;
  let sourceId: string;
  let answer: 'feed' | 'error' = 'feed';
  const entries: FeedEntry[] = [
    { guid: 'h-1', title: 'Huế khai mạc Festival nghề truyền thống', link: 'https://hue.gov.vn/tin/1.html', date: 'Mon, 21 Nov 2022 01:00:00 GMT' },
  ];
  const body = () => rss('Huế', entries);

  before(async () => {
    portal = await startTestServer();
    portal.route('/rss', (req, res) => {
      if (answer === 'error') return void res.writeHead(503, { 'retry-after': '60' }).end('busy');
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body());
    });
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'hue', name: 'Thành phố Huế', url: 'https://hue.gov.vn', level: 'province' } });
    sourceId = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'hue', url: `${portal.url}/rss` } })).json()).id;
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  const page = async (query = ''): Promise<RefreshReportPage> => {
    const res = await hub.api(`/api/v1/sources/${sourceId}/refreshes${query}`, { key: null });
    expect(res.status).to.equal(200);
    return res.json();
  };

  it('reports an operator refresh with its status, bytes and counts', async () => {
    expect((await page()).reports).to.deep.equal([]);
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    const [report] = (await page()).reports;
    expect(report).to.include({
      sourceId,
      trigger: 'operator',
      httpStatus: 200,
      notModified: false,
      new: 1,
      updated: 0,
      rejected: 0,
      bytes: Buffer.byteLength(body()),
    });
    expect(report.durationMs).to.be.a('number').and.at.least(0);
    expect(Date.parse(report.startedAt)).to.be.at.most(Date.parse(report.fetchedAt) + 1);
  });

  it('reports scheduled polls, pushes and failures, newest first', async () => {
    // the scheduler's poll: a conditional GET answered 304
    await hub.hub.poll(sourceId);
    // content a portal's WebSub hub pushed
    entries.unshift({ guid: 'h-2', title: 'Huế đón nhận bằng xếp hạng di tích', link: 'https://hue.gov.vn/tin/2.html', date: 'Tue, 22 Nov 2022 01:00:00 GMT' });
    const pushed = Buffer.from(body());
    await hub.hub.ingestPushed(sourceId, {
      url: `${portal.url}/rss`,
      finalUrl: `${portal.url}/rss`,
      status: 200,
      notModified: false,
      headers: { 'content-type': 'application/rss+xml' },
      body: pushed,
    });
    answer = 'error';
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    answer = 'feed';
    const { reports } = await page();
    expect(reports.map((r) => r.trigger)).to.deep.equal(['operator', 'push', 'schedule', 'operator']);
    const [failed, push, poll] = reports;
    expect(failed).to.include({ httpStatus: 503, new: 0 });
    expect(failed.error?.code).to.match(/^FETCH\./);
    expect(push).to.include({ new: 1, unchanged: 1, bytes: pushed.length });
    expect(poll).to.include({ notModified: true, httpStatus: 304, bytes: 0 });
    // ids sort like time, newest first
    expect([...reports.map((r) => r.id)].sort().reverse()).to.deep.equal(reports.map((r) => r.id));
  });

  it('pages with a cursor', async () => {
    const all = (await page('?limit=100')).reports;
    const first = await page('?limit=3');
    expect(first.reports).to.deep.equal(all.slice(0, 3));
    expect(first.nextCursor).to.equal(all[2].id);
    const second = await page(`?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.reports).to.deep.equal(all.slice(3, 6));
    expect(second.nextCursor).to.equal(null);
  });

  it('answers 404 for an unknown source and 400 for a bad limit', async () => {
    const missing = await hub.api('/api/v1/sources/nope/refreshes');
    expect(missing.status).to.equal(404);
    expect((await missing.json()).code).to.equal('SOURCE.NOT_FOUND');
    const bad = await hub.api(`/api/v1/sources/${sourceId}/refreshes?limit=1000`);
    expect(bad.status).to.equal(400);
  });

  it('lists them in the CLI against a running hub', async () => {
    const run = await hubCli(['sources', 'refreshes', sourceId, '--json', '--limit', '2'], { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY });
    expect(run.code, run.stderr).to.equal(0);
    const rows = JSON.parse(run.stdout) as (RefreshReport & { error: string })[];
    expect(rows.map((r) => r.trigger)).to.deep.equal(['operator', 'push']);
    expect(rows[0].error).to.match(/^FETCH\.\w+: /);
  });
});
