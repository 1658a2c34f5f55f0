import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHtmlAdapter } from '../../../adapters/html/index.ts';
import { PageCache } from '../../../adapters/html/page-cache.ts';
import { extractItems } from '../../../hub/pipeline/extract.ts';
import { fetchUrl } from '../../../hub/pipeline/fetch.ts';
import { loadConfig } from '../../../hub/config.ts';
import { serveBody, startTestServer, type TestServer } from '../../support/http.ts';
import { checkedOptions, fetchAndParse, fixture, LOOPBACK_POLICY } from '../../support/adapter.ts';

const HTML = 'text/html; charset=utf-8';
const LIST = {
  itemSelector: '.news-list .news-item',
  title: 'h3.title a',
  link: 'h3.title a',
  date: '.date',
  summary: '.sapo',
  image: '.thumb img',
  category: '.cat',
};

/** Serves a detail page built from the chi-tiet fixture for a slug. */
const detailPage = (slug: string, title: string, etag?: string) =>
  serveBody(fixture('pages/chi-tiet.html').replaceAll('{{title}}', title).replaceAll('{{slug}}', slug).replaceAll('{{date}}', '23/11/2026 08:30'), HTML, etag);

describe('adapters/html', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
    server.route('/tin-tuc', (req, res) => {
      const page = new URL(req.url!, 'http://x').searchParams.get('page');
      const body = page === '2' ? fixture('pages/tin-tuc-trang-2.html') : page === '3' ? fixture('pages/tin-tuc-trang-3.html') : fixture('pages/tin-tuc.html');
      res.writeHead(200, { 'content-type': HTML }).end(body);
    });
  });
  afterEach(() => server.close());

  it('reads a list page: titles, absolute links, Vietnamese dates as written, lazy images, categories', async () => {
    const adapter = createHtmlAdapter(new PageCache());
    const out = await fetchAndParse(adapter, `${server.url}/tin-tuc`, LIST);
    expect(out.drift).to.equal(undefined);
    expect(out.channel?.title).to.contain('Sở Thông tin và Truyền thông');
    expect(out.items.map((i) => i.title)).to.deep.equal([
      'Hội nghị chuyển đổi số tỉnh năm 2026',
      'Triển khai dịch vụ công trực tuyến toàn trình cấp xã',
      'Tập huấn an toàn thông tin cho cán bộ, công chức',
    ]);
    const [first, second, third] = out.items;
    expect(first.url).to.equal(`${server.url}/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html`);
    expect(second.url).to.equal(`${server.url}/tin-tuc/trien-khai-dich-vu-cong-truc-tuyen.html`);
    expect(third.url).to.equal('https://stttt.example.gov.vn/tin-tuc/tap-huan-an-toan-thong-tin.html');
    expect(first.published).to.equal('Thứ hai, 23/11/2026 - 08:30');
    // data-src over a blank.gif placeholder, data-original over a data: URI, srcset over loading.gif
    expect(first.image).to.equal(`${server.url}/uploads/2026/11/hoi-nghi-cds.jpg`);
    expect(second.image).to.equal(`${server.url}/uploads/2026/11/dvc.png`);
    expect(third.image).to.equal(`${server.url}/uploads/2026/11/attt-320.jpg`);
    expect(second.categories).to.deep.equal(['Cải cách hành chính']);
    expect(first.summary).to.contain('sơ kết chuyển đổi số');
  });

  it('defaults title and link to the first link of the item', async () => {
    const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, { itemSelector: '.news-item' });
    expect(out.items).to.have.length(3);
    expect(out.items[0]).to.include({ title: 'Hội nghị chuyển đổi số tỉnh năm 2026', url: `${server.url}/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html` });
  });

  it('normalizes the dates in the portal zone and keeps every item valid (through extractItems)', async () => {
    const config = loadConfig({}, { dataDir: '/tmp/unused', allowPrivateFetch: true });
    const fetched = await fetchUrl({ url: `${server.url}/tin-tuc` }, LOOPBACK_POLICY);
    const options = checkedOptions(createHtmlAdapter(), { ...LIST, dateFormat: 'dd/MM/yyyy - HH:mm' });
    const out = await extractItems({ config }, { id: 'src-1', portalId: 'stttt', kind: 'html', options }, fetched, new Date('2026-11-24T12:00:00Z'));
    expect(out.rejected).to.deep.equal([]);
    expect(out.valid.map((i) => i.publishedAt)).to.deep.equal(['2026-11-23T08:30:00+07:00', '2026-11-21T14:05:00+07:00', '2026-11-20T07:45:00+07:00']);
    expect(out.valid[0].image).to.equal(`${server.url}/uploads/2026/11/hoi-nghi-cds.jpg`);
  });

  it('follows the next-page link up to maxPages and drops repeats', async () => {
    const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, {
      ...LIST,
      pagination: { nextSelector: '.pagination a.next', maxPages: 2 },
    });
    expect(server.hits.get('/tin-tuc')).to.equal(2);
    // page 2 repeats the first item of page 1: kept once
    expect(out.items.map((i) => i.title)).to.deep.equal([
      'Hội nghị chuyển đổi số tỉnh năm 2026',
      'Triển khai dịch vụ công trực tuyến toàn trình cấp xã',
      'Tập huấn an toàn thông tin cho cán bộ, công chức',
      'Kỷ niệm 44 năm Ngày Nhà giáo Việt Nam',
    ]);
  });

  it('follows a URL pattern and stops at the first empty page', async () => {
    server.route('/danh-sach', (req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('p') ?? '1');
      res
        .writeHead(200, { 'content-type': HTML })
        .end(page <= 2 ? `<div class="news-item"><a href="/bai/${page}">Bài ${page}</a></div>` : '<p>Không có bài viết</p>');
    });
    const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/danh-sach`, {
      itemSelector: '.news-item',
      pagination: { urlPattern: '?p={page}', maxPages: 10 },
    });
    expect(out.items.map((i) => i.title)).to.deep.equal(['Bài 1', 'Bài 2']);
    expect(server.hits.get('/danh-sach')).to.equal(3);
  });

  it('keeps page 1 when a later page fails, with a warning naming it', async () => {
    server.route('/tin-tuc', (req, res) => {
      if (req.url!.includes('page=2')) return void res.writeHead(500).end('Lỗi máy chủ');
      res.writeHead(200, { 'content-type': HTML }).end(fixture('pages/tin-tuc.html'));
    });
    const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, { ...LIST, pagination: { nextSelector: 'a.next' } });
    expect(out.items).to.have.length(3);
    expect(out.warnings.join('\n')).to.match(/List page 2 .*page=2.* HTTP 500/);
  });

  describe('detail pages', () => {
    const slugs = ['hoi-nghi-chuyen-doi-so-2026', 'trien-khai-dich-vu-cong-truc-tuyen'];
    const detail = { contentSelector: '.detail-content', removeSelectors: ['.share-box'] };

    it('reads the full text, without the removed parts, at most `concurrency` at a time', async () => {
      let inFlight = 0;
      let most = 0;
      // no page is answered before two are asked for at once (the limit is reached, whatever the
      // machine's speed); after that, each is held a moment, long enough for a third to show up
      // if the limit were not kept
      let atLimit!: () => void;
      const reached = new Promise<void>((r) => (atLimit = r));
      for (const slug of [...slugs, 'tap-huan-an-toan-thong-tin']) {
        const serve = detailPage(slug, `Bài ${slug}`);
        server.route(`/tin-tuc/${slug}.html`, async (req, res) => {
          most = Math.max(most, ++inFlight);
          if (inFlight === 2) atLimit();
          await reached;
          await new Promise((r) => setTimeout(r, 30));
          inFlight--;
          serve(req, res);
        });
      }
      // the third item lives on another host; point it here so it is served
      server.route(
        '/lien-ket',
        (_req, res) => void res.writeHead(200, { 'content-type': HTML }).end(fixture('pages/tin-tuc.html').replaceAll('https://stttt.example.gov.vn/', '/')),
      );
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/lien-ket`, { ...LIST, detail: { ...detail, concurrency: 2 } });
      expect(out.warnings).to.deep.equal([]);
      expect(most).to.equal(2);
      expect(out.items).to.have.length(3);
      for (const item of out.items) {
        expect(item.contentHtml).to.contain('nội dung đầy đủ');
        expect(item.contentHtml).to.not.contain('Chia sẻ');
      }
      expect(out.items[0].contentHtml).to.contain('/uploads/2026/11/hoi-nghi-chuyen-doi-so-2026-1.jpg');
    });

    it('fetches at most maxItems detail pages and says so', async () => {
      for (const slug of slugs) server.route(`/tin-tuc/${slug}.html`, detailPage(slug, slug));
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, { ...LIST, detail: { ...detail, maxItems: 1 } });
      expect(server.hits.get(`/tin-tuc/${slugs[0]}.html`)).to.equal(1);
      expect(server.hits.get(`/tin-tuc/${slugs[1]}.html`)).to.equal(undefined);
      expect(out.items[0].contentHtml).to.contain('nội dung đầy đủ');
      expect(out.items[1].contentHtml).to.equal(undefined);
      expect(out.warnings.join('\n')).to.contain('first 1 of 3 items');
    });

    it('does not let a hung or broken detail page stall the others', async () => {
      server.route(`/tin-tuc/${slugs[0]}.html`, () => {}); // never answers
      server.route(`/tin-tuc/${slugs[1]}.html`, detailPage(slugs[1], 'Dịch vụ công'));
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, {
        ...LIST,
        detail: { ...detail, timeoutMs: 500, maxItems: 2 },
      });
      expect(out.items).to.have.length(3);
      expect(out.items[0].contentHtml).to.equal(undefined);
      expect(out.items[1].contentHtml).to.contain('Dịch vụ công');
      const warning = out.warnings.find((w) => w.includes('detail pages could not be read'));
      expect(warning).to.contain(`${slugs[0]}.html`).and.to.contain('within 500 ms');
      expect(warning).to.match(/^1 of 2 detail pages/);
    });

    it('caches detail pages by URL and asks again with If-None-Match', async () => {
      const seen: (string | undefined)[] = [];
      const serve = detailPage(slugs[0], 'Hội nghị', '"v1"');
      server.route(`/tin-tuc/${slugs[0]}.html`, (req: IncomingMessage, res: ServerResponse) => {
        seen.push(req.headers['if-none-match'] as string | undefined);
        serve(req, res);
      });
      const adapter = createHtmlAdapter(new PageCache());
      const options = { ...LIST, detail: { ...detail, maxItems: 1 } };
      const first = await fetchAndParse(adapter, `${server.url}/tin-tuc`, options);
      const second = await fetchAndParse(adapter, `${server.url}/tin-tuc`, options);
      expect(seen).to.deep.equal([undefined, '"v1"']);
      expect(second.items[0].contentHtml).to.equal(first.items[0].contentHtml).and.to.contain('Hội nghị');
    });
  });

  describe('layout drift', () => {
    it('names the item selector when it matches nothing', async () => {
      server.route('/tin-tuc', serveBody(fixture('pages/tin-tuc-doi-giao-dien.html'), HTML));
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, LIST);
      expect(out.items).to.deep.equal([]);
      expect(out.drift).to.include({ field: 'itemSelector', selector: '.news-list .news-item', matched: 0 });
      expect(out.drift!.message).to.contain('matched nothing');
    });

    it('names the detail content selector when no detail page has it, and keeps the items', async () => {
      for (const slug of ['hoi-nghi-chuyen-doi-so-2026', 'trien-khai-dich-vu-cong-truc-tuyen']) server.route(`/tin-tuc/${slug}.html`, detailPage(slug, slug));
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, {
        ...LIST,
        detail: { contentSelector: '.noi-dung-cu', maxItems: 2 },
      });
      expect(out.items).to.have.length(3);
      // (the third item links to another host: maxItems keeps the test on loopback)
      expect(out.drift).to.include({ field: 'detail.contentSelector', selector: '.noi-dung-cu', matched: 2, missing: 2 });
    });

    it('names the title selector when most items have no title', async () => {
      server.route('/tin-tuc', serveBody(fixture('pages/tin-tuc-doi-tieu-de.html'), HTML));
      const out = await fetchAndParse(createHtmlAdapter(new PageCache()), `${server.url}/tin-tuc`, { ...LIST, link: 'a' });
      expect(out.drift).to.include({ field: 'title', selector: 'h3.title a', matched: 2, missing: 2 });
    });
  });
});
