import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { createSitemapAdapter, sitemapAdapter } from '../../../adapters/sitemap/index.ts';
import { PageCache } from '../../../adapters/html/page-cache.ts';
import { serveBody, startTestServer, type TestServer } from '../../support/http.ts';
import { fetchAndParse, fixture } from '../../support/adapter.ts';

const XML = 'application/xml; charset=utf-8';

describe('adapters/sitemap', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.route('/news-sitemap.xml', serveBody(fixture('sitemaps/news-sitemap.xml'), XML));
    server.route('/sitemap-index.xml', serveBody(fixture('sitemaps/sitemap-index.xml'), XML));
    server.route('/sitemaps/sitemap-2026-11.xml', serveBody(fixture('sitemaps/news-sitemap.xml'), XML));
    server.route('/sitemaps/sitemap-2026-10.xml', serveBody(fixture('sitemaps/sitemap-2026-10.xml'), XML));
    server.route('/sitemaps/sitemap-2026-09.xml', serveBody(fixture('sitemaps/sitemap-2026-09.xml'), XML));
    server.route('/sitemap.xml.gz', serveBody(gzipSync(fixture('sitemaps/news-sitemap.xml')), 'application/gzip'));
    server.route(
      '/index-of-index.xml',
      serveBody('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sitemap-index.xml</loc></sitemap></sitemapindex>', XML),
    );
    server.route('/trang-chu', serveBody('<!doctype html><html><body>Trang chủ</body></html>', 'text/html'));
  });
  after(() => server.close());

  it('reads a Google News sitemap newest first, with titles, dates, keywords, language and images', async () => {
    const out = await fetchAndParse(sitemapAdapter, `${server.url}/news-sitemap.xml`);
    expect(out.items.map((i) => i.title)).to.deep.equal([
      'Xuất khẩu nông sản tăng mạnh trong 11 tháng',
      'Họp báo Chính phủ thường kỳ tháng 11',
      'Khánh thành trường học vùng cao',
    ]);
    const [newest, second] = out.items;
    expect(newest).to.include({
      url: 'https://baomau.example.gov.vn/kinh-te/xuat-khau-nong-san-tang-manh.html',
      published: '2026-11-24T09:05:00+07:00',
      language: 'vi',
      image: 'https://baomau.example.gov.vn/images/2026/11/nong-san.jpg',
    });
    expect(second.categories).to.deep.equal(['Chính phủ', 'họp báo']);
    expect(second.updated).to.equal('2026-11-23T18:00:00+07:00');
    expect(out.warnings).to.deep.equal([]);
  });

  it('follows a sitemap index to its newest child sitemaps, within maxSitemaps', async () => {
    server.hits.clear();
    const out = await fetchAndParse(sitemapAdapter, `${server.url}/sitemap-index.xml`, { maxSitemaps: 2 });
    expect(server.hits.get('/sitemaps/sitemap-2026-11.xml')).to.equal(1);
    expect(server.hits.get('/sitemaps/sitemap-2026-10.xml')).to.equal(1);
    expect(server.hits.get('/sitemaps/sitemap-2026-09.xml')).to.equal(undefined);
    expect(out.items.map((i) => i.title)).to.deep.equal([
      'Xuất khẩu nông sản tăng mạnh trong 11 tháng',
      'Họp báo Chính phủ thường kỳ tháng 11',
      'Khánh thành trường học vùng cao',
      'Lễ hội truyền thống tháng Mười', // its news namespace has the prefix n:, not news:
    ]);
    expect(out.warnings.join('\n')).to.contain('1 older ones were skipped');
  });

  it('keeps maxItems newest entries and says which entries have no title (a plain sitemap)', async () => {
    const out = await fetchAndParse(sitemapAdapter, `${server.url}/sitemap-index.xml`, { maxItems: 5 });
    expect(out.items).to.have.length(5);
    expect(out.items[4]).to.deep.include({ url: 'https://baomau.example.gov.vn/lien-he.html', published: '2026-09-02' });
    expect(out.items[4].title).to.equal(undefined);
    expect(out.warnings.join('\n')).to.contain('1 of 5 sitemap entries have no title');
  });

  it('does not follow indexes deeper than maxDepth', async () => {
    server.hits.clear();
    const out = await fetchAndParse(sitemapAdapter, `${server.url}/index-of-index.xml`, { maxDepth: 1 });
    expect(out.items).to.deep.equal([]);
    expect(server.hits.get('/sitemap-index.xml')).to.equal(1);
    expect(server.hits.get('/sitemaps/sitemap-2026-11.xml')).to.equal(undefined);
    expect(out.warnings.join('\n')).to.contain('deeper than maxDepth');
  });

  it('reads titles, descriptions, images and dates from the pages of a plain sitemap, within bounds', async () => {
    const page = (slug: string, title: string, published: string) =>
      serveBody(
        fixture('pages/bai-viet-og.html')
          .replaceAll('{{slug}}', slug)
          .replaceAll('{{title}}', title)
          .replaceAll('{{description}}', `Tóm tắt: ${title}`)
          .replaceAll('{{published}}', published),
        'text/html; charset=utf-8',
        `"${slug}"`,
      );
    server.route('/plain-sitemap.xml', serveBody(fixture('sitemaps/plain-sitemap.xml').replaceAll('{{origin}}', server.url), XML));
    server.route('/tin-tuc/ky-hop-hdnd-xa.html', page('ky-hop-hdnd-xa', 'Kỳ họp thứ 12 HĐND xã', '2026-11-24T08:00:00+07:00'));
    server.route('/tin-tuc/tiem-chung-mo-rong.html', page('tiem-chung-mo-rong', 'Tiêm chủng mở rộng tháng 11', '2026-11-23T07:30:00+07:00'));
    // /tin-tuc/bai-da-go.html was taken down: 404
    const adapter = createSitemapAdapter(new PageCache());
    const out = await fetchAndParse(adapter, `${server.url}/plain-sitemap.xml`, { pages: { maxItems: 3 } });
    expect(out.items.map((i) => i.title)).to.deep.equal(['Kỳ họp thứ 12 HĐND xã', 'Tiêm chủng mở rộng tháng 11', undefined]);
    expect(out.items[0]).to.include({
      summary: 'Tóm tắt: Kỳ họp thứ 12 HĐND xã',
      image: `${server.url}/uploads/ky-hop-hdnd-xa.jpg`,
      published: '2026-11-24T08:00:00+07:00',
    });
    expect(out.warnings.join('\n')).to.contain('1 of 3 pages could not be read').and.to.contain('bai-da-go.html');

    // within maxItems, newest first; the second run asks with the ETag and is answered 304
    server.hits.clear();
    const asked: unknown[] = [];
    const kyHop = page('ky-hop-hdnd-xa', 'Kỳ họp thứ 12 HĐND xã', '2026-11-24T08:00:00+07:00');
    server.route('/tin-tuc/ky-hop-hdnd-xa.html', (req, res) => void (asked.push(req.headers['if-none-match']), kyHop(req, res)));
    const bounded = await fetchAndParse(adapter, `${server.url}/plain-sitemap.xml`, { pages: { maxItems: 1 } });
    expect(bounded.items[0].title).to.equal('Kỳ họp thứ 12 HĐND xã');
    expect(server.hits.get('/tin-tuc/tiem-chung-mo-rong.html')).to.equal(undefined);
    expect(bounded.warnings.join('\n')).to.contain('newest 1 of 3 untitled entries');
    expect(asked).to.deep.equal(['"ky-hop-hdnd-xa"']);
  });

  it('reads a gzipped sitemap file', async () => {
    const out = await fetchAndParse(sitemapAdapter, `${server.url}/sitemap.xml.gz`);
    expect(out.items).to.have.length(3);
  });

  it('says PARSE.NOT_A_SITEMAP for an HTML page', async () => {
    const err = await fetchAndParse(sitemapAdapter, `${server.url}/trang-chu`).catch((e) => e);
    expect(err.code).to.equal('PARSE.NOT_A_SITEMAP');
  });
});
