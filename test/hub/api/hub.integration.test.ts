/**
 * The whole path over real HTTP: a fixture portal server, a running hub, registration through the
 * API, a refresh, and the items read back through /api/v1/items and all three unified feeds,
 * parsed back with independent parsers.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { parseStringPromise } from 'xml2js';
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));

describe('hub over HTTP (integration)', () => {
  let portal: TestServer;
  let hub: TestHub;

  before(async () => {
    portal = await startTestServer();
    portal.route('/rss/tin-tuc.rss', serveBody(fixture('ministry.rss'), 'application/rss+xml; charset=utf-8', '"moha-v1"'));
    portal.route('/atom.xml', serveBody(fixture('province.atom'), 'application/atom+xml'));
    portal.route('/home.html', serveBody('<!doctype html><html><body>Trang chủ</body></html>', 'text/html'));
    hub = await startTestHub({ extractWorkers: 1 }); // refreshes go through an extract worker, as in a deployed hub
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  it('answers /healthz', async () => {
    const res = await hub.api('/healthz');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('refuses writes without a key, with problem+json', async () => {
    const res = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'x', name: 'X', url: 'https://x.gov.vn', level: 'other' }, key: null });
    expect(res.status).to.equal(401);
    expect(res.headers.get('content-type')).to.contain('application/problem+json');
    const problem = await res.json();
    expect(problem).to.include({ status: 401, code: 'AUTH.MISSING_KEY' });
    const wrong = await hub.api('/api/v1/portals', { method: 'POST', body: {}, key: 'not-the-key' });
    expect((await wrong.json()).code).to.equal('AUTH.INVALID_KEY');
  });

  it('names the bad fields of an invalid portal', async () => {
    const res = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'Bad Id', name: '', url: 'ftp://x', level: 'kingdom', extra: true } });
    expect(res.status).to.equal(400);
    const problem = await res.json();
    expect(problem.code).to.equal('REQUEST.INVALID');
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['/id', '/name', '/url', '/level', '/extra']);
  });

  it('rejects malformed JSON and unknown query parameters clearly', async () => {
    const res = await hub.api('/api/v1/portals', { method: 'POST', body: '{"id": ' });
    expect(res.status).to.equal(400);
    expect((await res.json()).code).to.equal('REQUEST.MALFORMED_JSON');
    const q = await hub.api('/api/v1/items?limit=0&portals=hue');
    expect(q.status).to.equal(400);
    const fields = (await q.json()).errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['limit', 'portals']);
  });

  let sourceId = '';

  it('registers a portal and a feed, refreshes it, and reads the items back', async () => {
    const p = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'bo-noivu', name: 'Bộ Nội vụ', url: portal.url, level: 'ministry' } });
    expect(p.status).to.equal(201);
    expect(p.headers.get('location')).to.equal('/api/v1/portals/bo-noivu');
    const dup = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'bo-noivu', name: 'Bộ Nội vụ', url: portal.url, level: 'ministry' } });
    expect(dup.status).to.equal(409);

    const s = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'bo-noivu', url: `${portal.url}/rss/tin-tuc.rss`, intervalSeconds: 600 } });
    expect(s.status).to.equal(201);
    const source = await s.json();
    sourceId = source.id;
    expect(source).to.include({ kind: 'feed', intervalSeconds: 600, portalId: 'bo-noivu' });
    expect(source.health.state).to.equal('new');

    const r = await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST' });
    expect(r.status).to.equal(200);
    const result = await r.json();
    expect(result).to.include({ new: 2, updated: 0, rejected: 1, httpStatus: 200, notModified: false });

    const health = (await (await hub.api(`/api/v1/sources/${sourceId}`)).json()).health;
    expect(health).to.include({ state: 'ok', lastStatus: 200, consecutiveFailures: 0 });
    expect(health.rejected[0].ref).to.equal('moha-2003');
    expect(health.rejected[0].reasons.join()).to.contain('no title');

    const items = await (await hub.api('/api/v1/items?portal=bo-noivu')).json();
    expect(items.items.map((i: { title: string }) => i.title)).to.deep.equal([
      'Bộ Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã',
      'Thông báo tuyển dụng công chức năm 2026',
    ]);
    const [first, second] = items.items;
    expect(first.url).to.equal('https://moha.gov.vn/tin-tuc/sap-xep-don-vi-hanh-chinh-cap-xa.html');
    expect(first.contentHtml).to.not.match(/<script|javascript:/);
    expect(second.url).to.equal(`${portal.url}/tin-tuc/tuyen-dung-2026.html`);
    expect(second.publishedAt).to.equal('2026-11-24T08:30:00+07:00');
    expect(items.nextCursor).to.equal(null);

    const one = await hub.api(`/api/v1/items/${first.id}`);
    expect((await one.json()).id).to.equal(first.id);
    expect((await hub.api('/api/v1/items/nope')).status).to.equal(404);
  });

  it('answers a second refresh with 304 from the portal and stores nothing twice', async () => {
    const result = await (await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST' })).json();
    expect(result).to.include({ notModified: true, httpStatus: 304, new: 0 });
    const items = await (await hub.api('/api/v1/items')).json();
    expect(items.items).to.have.length(2);
  });

  it('records a specific reason on a source that is not a feed, and keeps serving', async () => {
    // registered unchecked (the check would refuse it: test/hub/sources/registration-check.test.ts); the refresh's reason is the case
    const s = await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'bo-noivu', url: `${portal.url}/home.html`, check: false } })).json();
    const result = await (await hub.api(`/api/v1/sources/${s.id}/refresh`, { method: 'POST' })).json();
    expect(result.error.code).to.equal('PARSE.NOT_A_FEED');
    const health = (await (await hub.api(`/api/v1/sources/${s.id}`)).json()).health;
    expect(health).to.include({ state: 'failing', consecutiveFailures: 1 });
    expect(health.lastError.code).to.equal('PARSE.NOT_A_FEED');
    expect((await (await hub.api('/api/v1/items')).json()).items).to.have.length(2);
  });

  it('rejects a source for an unknown portal or kind with 422', async () => {
    const a = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'nope', url: `${portal.url}/atom.xml` } });
    expect(a.status).to.equal(422);
    expect((await a.json()).code).to.equal('SOURCE.UNKNOWN_PORTAL');
    const b = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'bo-noivu', url: `${portal.url}/atom.xml`, kind: 'telepathy' } });
    expect(b.status).to.equal(422);
    expect((await b.json()).code).to.equal('SOURCE.UNKNOWN_KIND');
  });

  it('publishes what it stored in RSS, Atom and JSON Feed, each entry attributed to its portal', async () => {
    const p = await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'hue', name: 'Cổng TTĐT thành phố Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46' },
    });
    expect(p.status).to.equal(201);
    const s = await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'hue', url: `${portal.url}/atom.xml` } })).json();
    expect((await (await hub.api(`/api/v1/sources/${s.id}/refresh`, { method: 'POST' })).json()).new).to.equal(1);

    const rssText = await (await hub.api('/feeds/all.rss')).text();
    const rss = await new Parser().parseString(rssText);
    expect(rss.items.map((i) => i.title)).to.deep.equal([
      'Huế tổ chức Festival nghề truyền thống 2026',
      'Bộ Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã',
      'Thông báo tuyển dụng công chức năm 2026',
    ]);
    expect(rss.items[0].link).to.equal('https://hue.gov.vn/tin-tuc/festival-nghe-2026.html');
    const rssXml = await parseStringPromise(rssText);
    expect(rssXml.rss.channel[0].item[0].source[0]._).to.equal('Cổng TTĐT thành phố Huế');
    expect(rssXml.rss.channel[0]['atom:link'][0].$.href).to.equal(`${hub.hub.config.publicUrl}/feeds/all.rss`);

    const atomRes = await hub.api('/feeds/all.atom');
    expect(atomRes.headers.get('content-type')).to.contain('application/atom+xml');
    const atom = await parseStringPromise(await atomRes.text());
    expect(atom.feed.entry).to.have.length(3);
    expect(atom.feed.entry[1].source[0].title[0]).to.equal('Bộ Nội vụ');

    const jsonRes = await hub.api('/feeds/all.json');
    expect(jsonRes.headers.get('content-type')).to.contain('application/feed+json');
    const json = await jsonRes.json();
    expect(json.version).to.equal('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i: { title: string }) => i.title)).to.deep.equal(rss.items.map((i) => i.title));
    expect(json.items[0].authors[0].name).to.equal('Cổng TTĐT thành phố Huế');
    expect(json.items[0]._hub.portal_id).to.equal('hue');
  });

  it('answers 304 to a conditional GET of a feed, and a new ETag after new items', async () => {
    const first = await hub.api('/feeds/all.atom');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).to.match(/^".+"$/);
    expect((await hub.api('/feeds/all.atom', { headers: { 'if-none-match': etag } })).status).to.equal(304);
    expect((await hub.api('/feeds/all.atom', { headers: { 'if-modified-since': lastModified } })).status).to.equal(304);
    portal.route('/rss/tin-tuc.rss', serveBody(String(fixture('ministry.rss')).replace('moha-2002', 'moha-2009'), 'application/rss+xml', '"moha-v2"'));
    const refreshed = await (await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST' })).json();
    expect(refreshed.new).to.equal(1);
    const after = await hub.api('/feeds/all.atom', { headers: { 'if-none-match': etag } });
    expect(after.status).to.equal(200);
    expect(after.headers.get('etag')).to.not.equal(etag);
  });

  it('keeps its state across a restart', async () => {
    const before = (await (await hub.api('/api/v1/items?limit=200')).json()).items.length;
    await hub.close();
    const again = await startTestHub({}, hub.dataDir);
    try {
      const after = await (await again.api('/api/v1/items?limit=200')).json();
      expect(after.items).to.have.length(before);
      expect((await (await again.api('/api/v1/portals')).json()).portals.map((p: { id: string }) => p.id)).to.deep.equal(['bo-noivu', 'hue']);
    } finally {
      hub = again;
    }
  });
});
