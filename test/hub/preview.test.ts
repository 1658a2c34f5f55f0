import { expect } from 'chai';
import { serveBody, startTestServer, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { fixture } from '../support/adapter.ts';
import type { Preview } from '../../hub/model.ts';

const HTML = 'text/html; charset=utf-8';
const HTML_SOURCE = {
  kind: 'html',
  options: {
    itemSelector: '.news-list .news-item',
    title: 'h3.title a',
    date: '.date',
    summary: '.sapo',
    image: '.thumb img',
    pagination: { nextSelector: 'a.next', maxPages: 2 },
  },
};

describe('preview: POST /api/v1/sources/preview', () => {
  let portal: TestServer;
  let hub: TestHub;
  const preview = async (body: unknown, query = '') => {
    const res = await hub.api(`/api/v1/sources/preview${query}`, { method: 'POST', body });
    expect(res.status, await res.clone().text()).to.equal(200);
    return (await res.json()) as Preview;
  };

  before(async () => {
    hub = await startTestHub();
    portal = await startTestServer();
    portal.route(
      '/tin-tuc',
      (req, res) =>
        void res.writeHead(200, { 'content-type': HTML }).end(fixture(req.url!.includes('page=2') ? 'pages/tin-tuc-trang-2.html' : 'pages/tin-tuc.html')),
    );
    portal.route('/doi-giao-dien', serveBody(fixture('pages/tin-tuc-doi-giao-dien.html'), HTML));
    portal.route('/rss', serveBody(fixture('feeds/ministry.rss'), 'application/rss+xml'));
    portal.route('/news-sitemap.xml', serveBody(fixture('sitemaps/news-sitemap.xml'), 'application/xml'));
    portal.route('/wp-json/wp/v2/posts', serveBody(fixture('api/wp-posts.json'), 'application/json'));
    await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'stttt-mau', name: 'Sở Thông tin và Truyền thông tỉnh Mẫu', url: portal.url, level: 'department' },
    });
  });
  after(async () => {
    await portal.close();
    await hub.stop();
  });

  it('shows the first items of an html source as the hub would store them, and stores nothing', async () => {
    const out = await preview({ portalId: 'stttt-mau', url: `${portal.url}/tin-tuc`, ...HTML_SOURCE }, '?limit=2');
    expect(out).to.include({ ok: true, kind: 'html', detectedKind: 'html', itemCount: 4, rejectedCount: 0, httpStatus: 200 });
    expect(out.problems).to.deep.equal([]);
    expect(out.items).to.have.length(2);
    expect(out.items[0]).to.include({
      title: 'Hội nghị chuyển đổi số tỉnh năm 2026',
      url: `${portal.url}/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html`,
      publishedAt: '2026-11-23T08:30:00+07:00',
      portalId: 'stttt-mau',
    });
    expect(out.items[0].image).to.equal(`${portal.url}/uploads/2026/11/hoi-nghi-cds.jpg`);
    const items = (await (await hub.api('/api/v1/items')).json()) as { items: unknown[] };
    const sources = (await (await hub.api('/api/v1/sources')).json()) as { sources: unknown[] };
    expect(items.items).to.deep.equal([]);
    expect(sources.sources).to.deep.equal([]);
  });

  it('detects the kind when none is given: feed, sitemap, WordPress', async () => {
    for (const [path, kind] of [
      ['/rss', 'feed'],
      ['/news-sitemap.xml', 'sitemap'],
      ['/wp-json/wp/v2/posts', 'json'],
    ]) {
      const out = await preview({ url: `${portal.url}${path}` });
      expect(out, path).to.include({ ok: true, kind, detectedKind: kind });
      expect(out.itemCount + out.rejectedCount, path).to.equal(3);
    }
  });

  it('says an HTML page needs selectors, and reports the layout drift of a changed page', async () => {
    // without options the hub guesses them, shows what the guess extracts, and still says options are needed
    const bare = await preview({ url: `${portal.url}/tin-tuc` });
    expect(bare.ok).to.equal(false);
    expect(bare.problems.map((p) => [p.code, p.field])).to.deep.equal([['SOURCE.OPTIONS_REQUIRED', '/options/itemSelector']]);
    expect(bare.problems[0].message).to.contain('suggestedOptions');
    expect(bare.suggestedOptions).to.deep.equal({
      itemSelector: 'div.news-list > div.news-item',
      title: 'h3.title a',
      link: 'h3.title a',
      date: 'span.date',
      image: 'img',
      summary: 'p.sapo',
    });
    expect(bare.items.map((i) => i.title)).to.deep.equal([
      'Hội nghị chuyển đổi số tỉnh năm 2026',
      'Triển khai dịch vụ công trực tuyến toàn trình cấp xã',
      'Tập huấn an toàn thông tin cho cán bộ, công chức',
    ]);
    expect(bare.items[0].publishedAt).to.equal('2026-11-23T08:30:00+07:00');
    // the guess, sent back as the options, is usable as it stands
    const accepted = await preview({ url: `${portal.url}/tin-tuc`, kind: 'html', options: bare.suggestedOptions });
    expect(accepted).to.include({ ok: true, itemCount: 3 });
    // a page with no repeated news block gets no guess
    const none = await preview({ url: `${portal.url}/doi-giao-dien`, kind: 'html' });
    expect(none).to.not.have.property('suggestedOptions');
    expect(none.items).to.deep.equal([]);
    const drifted = await preview({ url: `${portal.url}/doi-giao-dien`, ...HTML_SOURCE });
    expect(drifted.ok).to.equal(false);
    expect(drifted.problems.map((p) => [p.code, p.field])).to.deep.equal([['PARSE.LAYOUT_DRIFT', '/options/itemSelector']]);
    expect(drifted.problems[0].message).to.contain('".news-list .news-item" matched nothing');
  });

  it('lists every problem: unknown portal, invalid options with their fields', async () => {
    const out = await preview({
      portalId: 'khong-ton-tai',
      url: `${portal.url}/tin-tuc`,
      kind: 'html',
      options: { itemSelector: '.x', pagination: { maxPages: 99 }, colour: 'red' },
    });
    expect(out.ok).to.equal(false);
    expect(out.problems.map((p) => [p.code, p.field])).to.deep.equal([
      ['SOURCE.UNKNOWN_PORTAL', '/portalId'],
      ['SOURCE.INVALID_OPTIONS', '/options/colour'],
      ['SOURCE.INVALID_OPTIONS', '/options/pagination/maxPages'],
    ]);
  });

  it('refuses a CSS selector that does not parse, in preview and on registering', async () => {
    const body = {
      portalId: 'stttt-mau',
      url: `${portal.url}/tin-tuc`,
      kind: 'html',
      options: {
        itemSelector: '.news-item',
        title: 'h3.title a[',
        pagination: { maxPages: 2 },
        detail: { contentSelector: '.ok', removeSelectors: ['.share', 'div:nth-child('] },
      },
    };
    const out = await preview(body);
    expect(out.problems.map((p) => p.field)).to.deep.equal(['/options/title', '/options/detail/removeSelectors/1', '/options/pagination']);
    expect(out.problems[0].message).to.contain('not a valid CSS selector');
    const res = await hub.api('/api/v1/sources', { method: 'POST', body });
    expect(res.status).to.equal(400);
    const problem = (await res.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).to.equal('SOURCE.INVALID_OPTIONS');
    expect(problem.errors.map((e) => e.field)).to.deep.equal(['/options/title', '/options/detail/removeSelectors/1', '/options/pagination']);
    // the same checks guard a change of options
    const created = await hub.api('/api/v1/sources', { method: 'POST', body: { ...body, options: { itemSelector: '.news-item' } } });
    expect(created.status).to.equal(201);
    const { id } = (await created.json()) as { id: string };
    const patched = await hub.api(`/api/v1/sources/${id}`, { method: 'PATCH', body: { options: { itemSelector: '.news-item', date: 'span[' } } });
    expect(patched.status).to.equal(400);
    expect(((await patched.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).to.deep.equal(['/options/date']);
  });

  it('reports a failed fetch and rejected items as problems', async () => {
    const missing = await preview({ url: `${portal.url}/khong-co`, kind: 'feed' });
    expect(missing.problems[0]).to.include({ code: 'FETCH.HTTP_STATUS', field: '/url' });
    // one pagination cell has no link: rejected with its reasons; the two links to page 2 are one item
    const someBad = await preview({ url: `${portal.url}/tin-tuc`, kind: 'html', options: { itemSelector: '.pagination li' } });
    expect(someBad).to.include({ ok: true, itemCount: 1, rejectedCount: 1 });
    expect(someBad.problems.map((p) => p.code)).to.deep.equal(['ITEM.INVALID']);
    expect(someBad.problems[0].message).to.contain('no title').and.to.contain('no link');
    const noTitles = await preview({ url: `${portal.url}/tin-tuc`, kind: 'html', options: { itemSelector: '.news-item', title: '.tieu-de' } });
    expect(noTitles.ok).to.equal(false);
    expect(noTitles.problems[0]).to.include({ code: 'PARSE.LAYOUT_DRIFT', field: '/options/title' });
    expect(noTitles.problems.slice(1).map((p) => p.code)).to.deep.equal(['ITEM.INVALID', 'ITEM.INVALID', 'ITEM.INVALID']);
  });

  it('lets an operator preview only for portals in their own scope', async () => {
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-khac', name: 'Tỉnh khác', url: 'https://tinh-khac.gov.vn', level: 'province' } });
    const created = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'stttt-mau', label: 'Sở mẫu' } })).json();
    const other = await hub.api('/api/v1/sources/preview', { method: 'POST', key: created.secret, body: { portalId: 'tinh-khac', url: `${portal.url}/rss` } });
    expect(other.status).to.equal(403);
    expect((await other.json()).code).to.equal('AUTH.SCOPE');
    const own = await hub.api('/api/v1/sources/preview', { method: 'POST', key: created.secret, body: { portalId: 'stttt-mau', url: `${portal.url}/rss` } });
    expect(own.status).to.equal(200);
    expect(((await own.json()) as Preview).items.length).to.be.greaterThan(0);
  });

  it('needs a key; a malformed body is a 400 naming the field', async () => {
    expect((await hub.api('/api/v1/sources/preview', { method: 'POST', body: { url: portal.url }, key: null })).status).to.equal(401);
    const bad = await hub.api('/api/v1/sources/preview', { method: 'POST', body: { kind: 'html' } });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0].field).to.equal('/url');
  });
});
