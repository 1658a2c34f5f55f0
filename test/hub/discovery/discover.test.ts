import { expect } from 'chai';
import { serveBody, startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { fixture } from '../../support/adapter.ts';
import type { Discovery } from '../../../hub/model.ts';

describe('discovery: POST /api/v1/discover', () => {
  let portal: TestServer;
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    portal = await startTestServer();
    portal.route('/', serveBody(fixture('pages/trang-chu.html'), 'text/html; charset=utf-8'));
    portal.route('/rss/tin-tuc.rss', serveBody(fixture('feeds/ministry.rss'), 'application/rss+xml'));
    // /rss/thong-bao.rss is linked from the home page but answers 404
    portal.route('/wp-json/wp/v2/posts', serveBody(fixture('api/wp-posts.json'), 'application/json'));
    portal.route('/robots.txt', serveBody('User-agent: *\nDisallow: /admin\nSitemap: /sitemaps/news.xml\n', 'text/plain'));
    portal.route('/sitemaps/news.xml', serveBody(fixture('sitemaps/news-sitemap.xml'), 'application/xml'));
    portal.route('/sitemap.xml', serveBody(fixture('sitemaps/sitemap-index.xml'), 'application/xml'));
    // a common path that answers with an HTML page is not a candidate
    portal.route('/rss', serveBody('<!doctype html><html><body>Danh sách kênh RSS</body></html>', 'text/html'));
  });
  after(async () => {
    await portal.close();
    await hub.stop();
  });

  it('finds linked feeds, the WordPress API, robots.txt sitemaps and common paths, each with its kind', async () => {
    const res = await hub.api('/api/v1/discover', { method: 'POST', body: { url: `${portal.url}/` } });
    expect(res.status).to.equal(200);
    const out = (await res.json()) as Discovery;
    expect(out.title).to.equal('Cổng thông tin điện tử huyện Mẫu');
    const found = out.candidates.map((c) => [c.via, c.kind, c.format, c.url.replace(portal.url, ''), c.itemCount]);
    expect(found).to.deep.equal([
      ['link-alternate', 'feed', 'rss', '/rss/tin-tuc.rss', 3],
      ['wordpress-link', 'json', 'wordpress', '/wp-json/wp/v2/posts', 3],
      ['robots-txt', 'sitemap', 'news-sitemap', '/sitemaps/news.xml', 3],
      ['common-path', 'sitemap', 'sitemap-index', '/sitemap.xml', 3],
    ]);
    expect(out.candidates[0].title).to.equal('Tin tức - Sự kiện');
    // the broken linked feed is reported; the 404s of guessed paths are not
    expect(out.problems).to.have.length(1);
    expect(out.problems[0]).to.include({ url: `${portal.url}/rss/thong-bao.rss`, code: 'FETCH.HTTP_STATUS' });
  });

  it('offers the URL itself when it is a feed', async () => {
    const res = await hub.api('/api/v1/discover', { method: 'POST', body: { url: `${portal.url}/rss/tin-tuc.rss` } });
    const out = (await res.json()) as Discovery;
    expect(out.candidates[0]).to.include({ via: 'self', kind: 'feed', format: 'rss', url: `${portal.url}/rss/tin-tuc.rss` });
  });

  it('follows the RSS page a portal links instead of its feeds, and stays on the portal', async () => {
    const other = await startTestServer();
    try {
      other.route('/', serveBody(fixture('pages/trang-chu-khong-link.html'), 'text/html; charset=utf-8'));
      other.route('/rss', serveBody(fixture('pages/danh-sach-rss.html'), 'text/html; charset=utf-8'));
      other.route('/rss/tin-tuc.rss', serveBody(fixture('feeds/ministry.rss'), 'application/rss+xml'));
      other.route('/rss/van-ban.rss', serveBody(fixture('feeds/province.atom'), 'application/atom+xml'));
      const res = await hub.api('/api/v1/discover', { method: 'POST', body: { url: other.url } });
      const out = (await res.json()) as Discovery;
      expect(out.candidates.map((c) => [c.via, c.kind, c.format, c.url.replace(other.url, '')])).to.deep.equal([
        ['common-path', 'feed', 'rss', '/rss/tin-tuc.rss'], // also a path portals commonly use: found in the first round
        ['page-link', 'feed', 'atom', '/rss/van-ban.rss'],
      ]);
      // a listed feed that 404s is not a problem of the portal's declared sources; the other site's feed is not probed
      expect(out.problems).to.deep.equal([]);
      expect(other.hits.get('/rss/thong-bao.rss')).to.equal(1);
    } finally {
      await other.close();
    }
  });

  it('answers 502 with the reason when the home page cannot be fetched', async () => {
    const res = await hub.api('/api/v1/discover', { method: 'POST', body: { url: `${portal.url}/khong-co` } });
    expect(res.status).to.equal(502);
    expect(((await res.json()) as { code: string }).code).to.equal('FETCH.HTTP_STATUS');
  });

  it('needs a key and a valid URL', async () => {
    expect((await hub.api('/api/v1/discover', { method: 'POST', body: { url: portal.url }, key: null })).status).to.equal(401);
    const bad = await hub.api('/api/v1/discover', { method: 'POST', body: { url: 'ftp://x' } });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0].field).to.equal('/url');
  });
});
