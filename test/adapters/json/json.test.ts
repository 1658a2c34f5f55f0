import { expect } from 'chai';
import { jsonAdapter } from '../../../adapters/json/index.ts';
import { extractItems } from '../../../hub/pipeline/extract.ts';
import { fetchUrl } from '../../../hub/pipeline/fetch.ts';
import { loadConfig } from '../../../hub/config.ts';
import { serveBody, startTestServer, type TestServer } from '../../support/http.ts';
import { checkedOptions, fetchAndParse, fixture, LOOPBACK_POLICY } from '../../support/adapter.ts';

const JSON_TYPE = 'application/json; charset=UTF-8';
const MAPPING = {
  items: 'data.items',
  id: 'maTin',
  title: 'tieuDe',
  link: 'duongDan',
  date: 'ngayDang',
  summary: 'tomTat',
  content: 'noiDung',
  image: 'anhDaiDien',
  categories: 'chuyenMuc',
  author: 'tacGia',
};

describe('adapters/json', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.route('/wp-json/wp/v2/posts', serveBody(fixture('api/wp-posts.json'), JSON_TYPE));
    server.route('/api/tin-tuc', serveBody(fixture('api/danh-sach-tin.json'), JSON_TYPE));
    server.route('/api/loi', serveBody('{"code":"rest_no_route","message":"Không tìm thấy","data":{"status":404}}', JSON_TYPE));
    server.route('/api/hong', serveBody('<html>Bảo trì hệ thống</html>', 'text/html'));
  });
  after(() => server.close());

  it('reads a WordPress post list with no mapping: embedded image, authors, categories, GMT dates', async () => {
    const out = await fetchAndParse(jsonAdapter, `${server.url}/wp-json/wp/v2/posts`);
    expect(out.items).to.have.length(3);
    const [first, second, third] = out.items;
    expect(first).to.include({
      guid: 'https://xa-mau.example.gov.vn/?p=1542',
      url: 'https://xa-mau.example.gov.vn/2026/11/24/tiep-cong-dan-dinh-ky/',
      published: '2026-11-24T02:15:00Z',
      updated: '2026-11-24T03:00:00Z',
      image: 'https://xa-mau.example.gov.vn/wp-content/uploads/2026/11/tiep-cong-dan.jpg',
    });
    expect(first.authors).to.deep.equal(['Văn phòng UBND xã']);
    expect(first.categories).to.deep.equal(['Thông báo']);
    expect(second.image).to.equal('https://xa-mau.example.gov.vn/wp-content/uploads/2026/11/ra-quan.jpg');
    expect(third.image).to.equal('https://xa-mau.example.gov.vn/wp-content/uploads/2026/11/hdnd.jpg');
    expect(third.authors).to.deep.equal(['Ban biên tập']);
  });

  it('normalizes WordPress titles (entities) and dates (UTC → the portal zone)', async () => {
    const config = loadConfig({}, { dataDir: '/tmp/unused' });
    const fetched = await fetchUrl({ url: `${server.url}/wp-json/wp/v2/posts` }, LOOPBACK_POLICY);
    const out = await extractItems({ config }, { id: 'wp-1', portalId: 'xa-mau', kind: 'json', options: {} }, fetched, new Date('2026-11-25T00:00:00Z'));
    expect(out.rejected).to.deep.equal([]);
    expect(out.valid[0].title).to.equal('Lịch tiếp công dân định kỳ tháng 12 – UBND xã Mẫu');
    expect(out.valid[0].publishedAt).to.equal('2026-11-24T09:15:00+07:00');
  });

  it('reads any list API through a mapping: nested list, {url} wrappers, epoch dates, category objects', async () => {
    const out = await fetchAndParse(jsonAdapter, `${server.url}/api/tin-tuc`, { mapping: MAPPING });
    expect(out.items).to.have.length(3);
    const [first, second] = out.items;
    expect(first).to.include({ guid: 'TT-8841', url: '/chi-tiet-tin/TT-8841', published: '24/11/2026 19:30', image: '/Uploads/Images/2026/11/khai-mac.jpg' });
    expect(first.categories).to.deep.equal(['Văn hóa', 'Du lịch']);
    expect(first.authors).to.deep.equal(['Trung tâm Truyền thông']);
    expect(second.published).to.equal(new Date(1795489200 * 1000).toISOString());
    expect(second.categories).to.deep.equal(['Thông báo']);
    expect(out.warnings).to.deep.equal(['mapping.title "tieuDe" found nothing in 1 of 3 entries']);
  });

  it('rejects the entry without a title and resolves relative links against the API URL', async () => {
    const config = loadConfig({}, { dataDir: '/tmp/unused' });
    const fetched = await fetchUrl({ url: `${server.url}/api/tin-tuc` }, LOOPBACK_POLICY);
    const out = await extractItems(
      { config },
      { id: 'api-1', portalId: 'tinh-mau', kind: 'json', options: checkedOptions(jsonAdapter, { mapping: MAPPING }) },
      fetched,
      new Date('2026-11-25T00:00:00Z'),
    );
    expect(out.valid.map((i) => i.url)).to.deep.equal([`${server.url}/chi-tiet-tin/TT-8841`, `${server.url}/chi-tiet-tin/TT-8840`]);
    expect(out.valid[0].publishedAt).to.equal('2026-11-24T19:30:00+07:00');
    expect(out.rejected).to.have.length(1);
    expect(out.rejected[0].reasons.join()).to.contain('no title');
  });

  it('says PARSE.NOT_WORDPRESS for other JSON without a mapping, naming its shape', async () => {
    const err = await fetchAndParse(jsonAdapter, `${server.url}/api/loi`).catch((e) => e);
    expect(err.code).to.equal('PARSE.NOT_WORDPRESS');
    expect(err.message).to.contain('keys code, message, data').and.to.contain('options.mapping');
  });

  it('says PARSE.JSON_SHAPE when the list path leads elsewhere, and PARSE.JSON for a non-JSON body', async () => {
    const shape = await fetchAndParse(jsonAdapter, `${server.url}/api/tin-tuc`, { mapping: { ...MAPPING, items: 'data.total' } }).catch((e) => e);
    expect(shape.code).to.equal('PARSE.JSON_SHAPE');
    expect(shape.message).to.contain('"data.total" leads to a number');
    const notJson = await fetchAndParse(jsonAdapter, `${server.url}/api/hong`).catch((e) => e);
    expect(notJson.code).to.equal('PARSE.JSON');
  });

  describe('pages (maxPages, Link rel="next")', () => {
    const posts = JSON.parse(fixture('api/wp-posts.json')) as { id: number }[];
    // page 1: two posts; page 2: the second again (a new post pushed it down) and the third; page 3 fails
    const pages: Record<string, { ids: number[]; next?: string }> = { '1': { ids: [1542, 1538], next: '2' }, '2': { ids: [1538, 1530], next: '3' } };
    before(() => {
      for (const [path, loop] of [
        ['/wp-paged/posts', false],
        ['/wp-loop/posts', true],
      ] as const)
        server.route(path, (req, res) => {
          const page = new URL(req.url!, 'http://x').searchParams.get('page') ?? '1';
          const spec = pages[page];
          if (!spec) return void res.writeHead(500, { 'content-type': 'text/plain' }).end('lỗi máy chủ');
          const next = loop && page === '2' ? '1' : spec.next;
          res.writeHead(200, {
            'content-type': JSON_TYPE,
            ...(next ? { link: `<${path}?page=${next}>; rel="next", <${path}>; rel="first"` } : {}),
            'x-wp-totalpages': '3',
          });
          res.end(JSON.stringify(spec.ids.map((id) => posts.find((p) => p.id === id))));
        });
    });
    const hits = (path: string) => server.hits.get(path) ?? 0;

    it('reads only the source URL by default', async () => {
      const before = hits('/wp-paged/posts');
      const out = await fetchAndParse(jsonAdapter, `${server.url}/wp-paged/posts`);
      expect(out.items.map((i) => i.guid)).to.deep.equal(['https://xa-mau.example.gov.vn/?p=1542', 'https://xa-mau.example.gov.vn/?p=1538']);
      expect(hits('/wp-paged/posts') - before).to.equal(1);
    });

    it('follows rel="next" up to maxPages, listing a post that moved between pages once', async () => {
      const out = await fetchAndParse(jsonAdapter, `${server.url}/wp-paged/posts`, checkedOptions(jsonAdapter, { maxPages: 2 }));
      expect(out.items.map((i) => i.guid)).to.deep.equal([1542, 1538, 1530].map((id) => `https://xa-mau.example.gov.vn/?p=${id}`));
      expect(out.warnings).to.deep.equal([]);
    });

    it('keeps the pages read when a later one fails, and says which', async () => {
      const out = await fetchAndParse(jsonAdapter, `${server.url}/wp-paged/posts`, checkedOptions(jsonAdapter, { maxPages: 5 }));
      expect(out.items).to.have.length(3);
      expect(out.warnings).to.have.length(1);
      expect(out.warnings[0]).to.match(
        /^Page 3 \(http:\/\/127\.0\.0\.1:\d+\/wp-paged\/posts\?page=3\) could not be read: .*500.*; the items of the pages before it are kept$/,
      );
    });

    it('stops at a page it has already read (a next link back to the start)', async () => {
      const before = hits('/wp-loop/posts');
      const out = await fetchAndParse(jsonAdapter, `${server.url}/wp-loop/posts?page=1`, checkedOptions(jsonAdapter, { maxPages: 5 }));
      expect(out.items).to.have.length(3);
      expect(hits('/wp-loop/posts') - before).to.equal(2);
    });

    it('refuses maxPages outside 1–20 (schema)', () => {
      expect(() => checkedOptions(jsonAdapter, { maxPages: 0 })).to.throw(/maxPages/);
      expect(() => checkedOptions(jsonAdapter, { maxPages: 21 })).to.throw(/maxPages/);
    });
  });

  it('refuses a mapping without title or link (schema)', () => {
    expect(() => checkedOptions(jsonAdapter, { mapping: { items: 'data.items', title: 'tieuDe' } })).to.throw(/mapping\/link.*is required/);
  });
});
