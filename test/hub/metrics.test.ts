/** GET /metrics on a running hub: what refreshes and API requests did, for an admin key only. */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { rss } from '../support/portal-feed.ts';

describe('metrics', () => {
  let hub: TestHub;
  let portal: TestServer;
  let sourceId: string;

  before(async () => {
    portal = await startTestServer();
    const entries = [
      { guid: 'qn-1', title: 'Quảng Ninh đón khách quốc tế', link: 'https://quangninh.gov.vn/tin/1.html', date: 'Mon, 23 Nov 2026 01:00:00 GMT' },
      { guid: 'qn-2', title: 'Quảng Ninh khởi công cảng biển', link: 'https://quangninh.gov.vn/tin/2.html', date: 'Mon, 23 Nov 2026 02:00:00 GMT' },
    ];
    portal.route('/rss', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss('Quảng Ninh', entries));
    });
    portal.route('/down', (_req, res) => void res.writeHead(503).end());
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'quangninh', name: 'Quảng Ninh', url: 'https://quangninh.gov.vn', level: 'province' } });
    sourceId = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'quangninh', url: `${portal.url}/rss` } })).json()).id;
    // unchecked (the check would refuse the 503): its failing refresh is what is counted
    const down = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'quangninh', url: `${portal.url}/down`, check: false } })).json())
      .id;
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    await hub.api(`/api/v1/sources/${down}/refresh`, { method: 'POST', body: {} });
    await hub.api('/api/v1/items?portal=quangninh');
    await hub.api('/api/v1/items?colour=red');
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  /** The value of one sample line (`name{labels} value`), or undefined. */
  const sample = (text: string, line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  it('counts refreshes by result, items by change, and API requests by route and status', async () => {
    const res = await hub.api('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const expected: [string, number][] = [
      ['hub_refreshes_total{trigger="poll",result="ok"}', 1],
      ['hub_refreshes_total{trigger="poll",result="not_modified"}', 1],
      ['hub_refreshes_total{trigger="poll",result="FETCH.HTTP_STATUS"}', 1],
      ['hub_items_total{change="new"}', 2],
      ['hub_refresh_seconds_count{trigger="poll"}', 3],
      ['hub_items', 2],
      ['hub_sources{state="ok"}', 1],
      ['hub_sources{state="failing"}', 1],
      ['hub_http_requests_total{method="GET",route="/api/v1/items",status="200"}', 1],
      ['hub_http_requests_total{method="GET",route="/api/v1/items",status="400"}', 1],
      ['hub_http_requests_total{method="POST",route="/api/v1/sources/:id/refresh",status="200"}', 3],
      ['hub_stream_clients', 0],
    ];
    for (const [line, value] of expected) expect(sample(text, line), line).to.equal(value);
    expect(sample(text, 'process_cpu_user_seconds_total')).to.be.greaterThan(0);
  });

  it('answers only an admin key', async () => {
    const anonymous = await hub.api('/metrics', { key: null });
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('content-type')).to.contain('application/problem+json');
  });
});
