/**
 * The check at registration (hub/sources/registration-check.ts): POST /api/v1/sources fetches the
 * URL once and reads it before storing; what cannot be fetched or yields no valid item is refused
 * with 422 and a problem that says why and what to do. Real portals on loopback (HTTP and HTTPS
 * with real certificates), a real hub, the CLI in process.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { rss, servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';
import { makeExpiredLeaf, makeTestPki, startTlsServer, type TestPki } from '../../support/tls.ts';
import { hubCli } from '../../support/cli.ts';
import { fixture } from '../../support/adapter.ts';
import { EXIT } from '../../../cli/context.ts';
import type { Problem, Source } from '../../../hub/model.ts';

const PORTAL = 'huyen-mau';
const ENTRIES: FeedEntry[] = [
  { guid: 'a-1', title: 'Hội nghị chuyển đổi số huyện Mẫu', link: 'https://huyenmau.example.gov.vn/tin/1', date: 'Mon, 23 Nov 2026 08:30:00 +0700' },
  { guid: 'a-2', title: 'Thông báo lịch tiếp công dân tháng 12', link: 'https://huyenmau.example.gov.vn/tin/2', date: 'Tue, 24 Nov 2026 09:00:00 +0700' },
];
const HOME = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử huyện Mẫu</title>
<link rel="alternate" type="application/rss+xml" title="Tin tức - Sự kiện" href="/rss/tin-tuc.rss"></head>
<body><h1>Huyện Mẫu</h1><p>Trang chủ</p></body></html>`;
const INVALID_ITEMS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hỏng</title><link>https://huyenmau.example.gov.vn/</link>
<item><guid>x-1</guid><description>Không tiêu đề, không liên kết, không ngày</description></item></channel></rss>`;

describe('sources checked at registration: POST /api/v1/sources', function () {
  this.timeout(20000);
  let portal: TestServer;
  let hub: TestHub;
  let pki: TestPki;
  const tls: { url: string; close(): Promise<void> }[] = [];

  const register = async (body: Record<string, unknown>) => {
    const res = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: PORTAL, ...body } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Problem & Source };
  };
  const stored = async () => ((await (await hub.api(`/api/v1/sources?portal=${PORTAL}`)).json()) as { sources: Source[] }).sources;

  before(async () => {
    pki = makeTestPki();
    const expired = makeExpiredLeaf(pki);
    portal = await startTestServer();
    servePortalFeed(portal, '/rss/tin-tuc.rss', 'Tin tức - Sự kiện', ENTRIES);
    portal.route('/gioi-thieu', serveBody(HOME, 'text/html; charset=utf-8'));
    portal.route('/tin-tuc', serveBody(fixture('pages/tin-tuc.html'), 'text/html; charset=utf-8'));
    portal.route('/rss/hong.rss', serveBody(INVALID_ITEMS, 'application/rss+xml'));
    portal.route('/rss/cu.rss', (_req, res) => void res.writeHead(410, { 'content-type': 'text/plain' }).end('gone'));
    portal.route('/api/tin-tuc.json', serveBody(JSON.stringify({ trang: 1, tin: [] }), 'application/json'));
    tls.push(await startTlsServer(pki.selfSignedKey, pki.selfSignedPem, rss('Tự ký', ENTRIES)));
    tls.push(await startTlsServer(expired.key, expired.cert, rss('Hết hạn', ENTRIES)));
    // the deployment trusts the test root: the expired leaf then fails on its dates alone
    hub = await startTestHub({ fetchCaFile: join(pki.dir, 'root.pem') });
    const res = await hub.api('/api/v1/portals', { method: 'POST', body: { id: PORTAL, name: 'UBND huyện Mẫu', url: portal.url, level: 'department' } });
    expect(res.status).to.equal(201);
  });
  after(async () => {
    await Promise.all(tls.map((s) => s.close()));
    await portal?.close();
    await hub?.stop();
    pki?.cleanup();
  });

  it('registers a feed that yields valid items (201), without storing the items the check read', async () => {
    const out = await register({ url: `${portal.url}/rss/tin-tuc.rss` });
    expect(out.status, JSON.stringify(out.body)).to.equal(201);
    expect(out.body).to.include({ kind: 'feed', url: `${portal.url}/rss/tin-tuc.rss` });
    expect(out.body.health.state).to.equal('new');
    expect(out.body).not.to.have.property('check');
    expect(portal.hits.get('/rss/tin-tuc.rss')).to.equal(1);
    const items = (await (await hub.api(`/api/v1/items?portal=${PORTAL}`)).json()) as { items: unknown[] };
    expect(items.items).to.have.length(0);
    await hub.api(`/api/v1/sources/${out.body.id}`, { method: 'DELETE' });
  });

  it('refuses a 404 with the status in words and in upstreamStatus, and stores nothing', async () => {
    const out = await register({ url: `${portal.url}/rss/khong-co.rss` });
    expect(out.status).to.equal(422);
    expect(out.type).to.contain('application/problem+json');
    expect(out.body).to.include({ code: 'SOURCE.CHECK_HTTP_STATUS', status: 422, upstreamStatus: 404, causeCode: 'FETCH.HTTP_STATUS' });
    expect(out.body.detail).to.contain('HTTP 404').and.contain('not found').and.contain('register the right one');
    expect(await stored()).to.deep.equal([]);
  });

  it('refuses a 410 as removed for good', async () => {
    const out = await register({ url: `${portal.url}/rss/cu.rss` });
    expect(out.status).to.equal(422);
    expect(out.body).to.include({ code: 'SOURCE.CHECK_HTTP_STATUS', upstreamStatus: 410 });
    expect(out.body.detail).to.contain('HTTP 410').and.contain('removed this address for good');
    expect(await stored()).to.deep.equal([]);
  });

  it('refuses a web page given as a feed, listing the feeds found on it and suggesting kind "html", from one fetch of the page', async () => {
    const before = portal.hits.get('/gioi-thieu') ?? 0;
    const out = await register({ url: `${portal.url}/gioi-thieu` });
    expect(out.status).to.equal(422);
    expect(out.body.code).to.equal('SOURCE.CHECK_NOT_A_FEED');
    expect(out.body.candidates).to.deep.include({
      url: `${portal.url}/rss/tin-tuc.rss`,
      kind: 'feed',
      via: 'link-alternate',
      format: 'rss',
      title: 'Tin tức - Sự kiện',
      itemCount: 2,
    });
    expect(out.body.suggestion).to.include({ kind: 'html' });
    expect(out.body.detail)
      .to.contain('is a web page, not a feed')
      .and.contain(`${portal.url}/rss/tin-tuc.rss (feed, "Tin tức - Sự kiện")`)
      .and.contain('kind "html"');
    // discovery read the page the check had fetched
    expect(portal.hits.get('/gioi-thieu')).to.equal(before + 1);
    expect(await stored()).to.deep.equal([]);
  });

  it('suggests kind "html" with the options the hub guesses for a news list page given as a feed', async () => {
    const out = await register({ url: `${portal.url}/tin-tuc` });
    expect(out.status).to.equal(422);
    expect(out.body.code).to.equal('SOURCE.CHECK_NOT_A_FEED');
    expect(out.body.suggestion?.kind).to.equal('html');
    expect(out.body.suggestion?.options?.itemSelector).to.be.a('string');
    expect(out.body.suggestion?.itemCount).to.be.greaterThan(0);
    expect(out.body.detail).to.contain('register the page itself with kind "html" and the options in suggestion');
  });

  it('refuses a self-signed certificate, saying so', async () => {
    const out = await register({ url: tls[0].url });
    expect(out.status).to.equal(422);
    expect(out.body).to.include({
      code: 'SOURCE.CHECK_TLS',
      tlsCheck: 'self-signed',
      tlsCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      causeCode: 'FETCH.TLS_UNTRUSTED',
    });
    expect(out.body.detail).to.contain('self-signed');
    expect(await stored()).to.deep.equal([]);
  });

  it('refuses an expired certificate, saying so', async () => {
    const out = await register({ url: tls[1].url });
    expect(out.status).to.equal(422);
    expect(out.body).to.include({ code: 'SOURCE.CHECK_TLS', tlsCheck: 'expired', tlsCode: 'CERT_HAS_EXPIRED', causeCode: 'FETCH.TLS_EXPIRED' });
    expect(out.body.detail).to.contain('certificate has expired');
  });

  it('refuses a feed whose items are all invalid, with their reasons', async () => {
    const out = await register({ url: `${portal.url}/rss/hong.rss` });
    expect(out.status).to.equal(422);
    expect(out.body.code).to.equal('SOURCE.CHECK_NO_ITEMS');
    expect(out.body.detail).to.contain('1 item, none valid');
    expect(out.body.problems?.filter((p) => p.code === 'ITEM.INVALID')).to.have.length(1);
  });

  it('refuses what the adapter cannot read (JSON given as a feed), with the parse code', async () => {
    const out = await register({ url: `${portal.url}/api/tin-tuc.json` });
    expect(out.status).to.equal(422);
    expect(out.body).to.include({ code: 'SOURCE.CHECK_UNREADABLE', causeCode: 'PARSE.NOT_A_FEED' });
    expect(out.body.detail).to.contain('cannot be read as a feed');
  });

  it('refuses a host that refuses connections, with the fetch code', async () => {
    const closed = await startTestServer();
    const url = `${closed.url}/rss`;
    await closed.close();
    const out = await register({ url });
    expect(out.status).to.equal(422);
    expect(out.body).to.include({ code: 'SOURCE.CHECK_UNREACHABLE', causeCode: 'FETCH.REFUSED' });
    expect(out.body.detail).to.contain('"check": false');
  });

  it('stores the source unfetched with "check": false (state new, retried by the scheduler)', async () => {
    const out = await register({ url: `${portal.url}/rss/chua-co.rss`, check: false });
    expect(out.status, JSON.stringify(out.body)).to.equal(201);
    expect(out.body.health).to.include({ state: 'new', consecutiveFailures: 0 });
    expect(out.body).not.to.have.property('check');
    expect(portal.hits.get('/rss/chua-co.rss')).to.equal(undefined);
    expect((await stored()).map((s) => s.id)).to.deep.equal([out.body.id]);
    await hub.api(`/api/v1/sources/${out.body.id}`, { method: 'DELETE' });
  });

  it('the CLI says the same: the refusal in words with the candidates, exit code by kind, and --no-check', async () => {
    const env = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
    const page = await hubCli(['sources', 'add', '--portal', PORTAL, '--url', `${portal.url}/gioi-thieu`], env);
    expect(page.code).to.equal(EXIT.usage);
    expect(page.stderr).to.contain('error SOURCE.CHECK_NOT_A_FEED: Not registered:').and.contain('is a web page, not a feed');
    expect(page.stderr).to.match(new RegExp(`feed +${portal.url}/rss/tin-tuc\\.rss +\\(rss, 2 items, "Tin tức - Sự kiện"\\)`));
    expect(page.stderr).to.contain('Or register the page itself as kind html');

    const missing = await hubCli(['sources', 'add', '--portal', PORTAL, '--url', `${portal.url}/rss/khong-co.rss`], env);
    expect(missing.code).to.equal(EXIT.unavailable);
    expect(missing.stderr).to.contain('error SOURCE.CHECK_HTTP_STATUS').and.contain('HTTP 404').and.contain('add --no-check');

    const unchecked = await hubCli(['--json', 'sources', 'add', '--portal', PORTAL, '--url', `${portal.url}/rss/khong-co.rss`, '--no-check'], env);
    expect(unchecked.code, unchecked.stderr).to.equal(EXIT.ok);
    const [row] = JSON.parse(unchecked.stdout) as { id: string; url: string }[];
    expect(row.url).to.equal(`${portal.url}/rss/khong-co.rss`);
    await hub.api(`/api/v1/sources/${row.id}`, { method: 'DELETE' });
  });

  it('reads on the extract workers as a deployed hub does: the same refusal of a web page, with its candidates', async () => {
    const withWorker = await startTestHub({ extractWorkers: 1 });
    try {
      await withWorker.api('/api/v1/portals', { method: 'POST', body: { id: PORTAL, name: 'UBND huyện Mẫu', url: portal.url, level: 'department' } });
      const page = await withWorker.api('/api/v1/sources', { method: 'POST', body: { portalId: PORTAL, url: `${portal.url}/gioi-thieu` } });
      expect(page.status).to.equal(422);
      const problem = (await page.json()) as Problem;
      expect(problem.code).to.equal('SOURCE.CHECK_NOT_A_FEED');
      expect(problem.candidates?.map((c) => c.url)).to.deep.equal([`${portal.url}/rss/tin-tuc.rss`]);
      const feed = await withWorker.api('/api/v1/sources', { method: 'POST', body: { portalId: PORTAL, url: `${portal.url}/rss/tin-tuc.rss` } });
      expect(feed.status).to.equal(201);
    } finally {
      await withWorker.stop();
    }
  });

  it('refuses a non-public address where the deployment does not allow it, with the fetch code', async () => {
    const closedHub = await startTestHub({ allowPrivateFetch: false });
    try {
      await closedHub.api('/api/v1/portals', { method: 'POST', body: { id: PORTAL, name: 'UBND huyện Mẫu', url: portal.url, level: 'department' } });
      const res = await closedHub.api('/api/v1/sources', { method: 'POST', body: { portalId: PORTAL, url: `${portal.url}/rss/tin-tuc.rss` } });
      expect(res.status).to.equal(422);
      expect(await res.json()).to.include({ code: 'SOURCE.CHECK_UNREACHABLE', causeCode: 'FETCH.PRIVATE_ADDRESS' });
    } finally {
      await closedHub.stop();
    }
  });
});
