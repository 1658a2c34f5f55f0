import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { feedAdapter, detectFormat } from '../../../adapters/feed/index.ts';
import type { Fetched } from '../../../hub/pipeline/fetch.ts';
import { HubError } from '../../../hub/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
const fetched = (body: Buffer | string, contentType = 'application/xml'): Fetched => ({
  url: 'https://example.gov.vn/feed',
  finalUrl: 'https://example.gov.vn/feed',
  status: 200,
  notModified: false,
  headers: { 'content-type': contentType },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});
const ctx = {
  options: {},
  fetch: async () => {
    throw new Error('no fetch in unit tests');
  },
};

describe('adapters/feed', () => {
  it('detects the format from the content, not the content type', () => {
    expect(detectFormat('  <?xml version="1.0"?><rss version="2.0">')).to.equal('rss');
    expect(detectFormat('<feed xmlns="http://www.w3.org/2005/Atom">')).to.equal('atom');
    expect(detectFormat('<rdf:RDF xmlns:rdf="x">')).to.equal('rdf');
    expect(detectFormat('{"version":"https://jsonfeed.org/version/1.1"}')).to.equal('json');
    expect(detectFormat('<html><body>')).to.equal(undefined);
  });

  it('reads RSS 2.0 items with content:encoded and dc:creator', async () => {
    const out = await feedAdapter.parse(fetched(fixture('ministry.rss'), 'text/html'), ctx);
    expect(out.items).to.have.length(3);
    const [first] = out.items;
    expect(first.guid).to.equal('moha-2001');
    expect(first.title).to.equal('Bộ Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã');
    expect(first.authors).to.deep.equal(['Phòng Truyền thông']);
    expect(first.contentHtml).to.contain('data-src="/anh/sap-xep.jpg"');
    expect(first.categories).to.deep.equal(['Cải cách hành chính']);
  });

  it('reads Atom entries with their links and categories', async () => {
    const out = await feedAdapter.parse(fetched(fixture('province.atom')), ctx);
    expect(out.items).to.have.length(1);
    expect(out.items[0].url).to.match(/^https?:\/\/.*tin-tuc\/festival-nghe-2026\.html$/);
    expect(Date.parse(out.items[0].published!)).to.equal(Date.parse('2026-11-24T10:00:00+07:00'));
    expect(out.items[0].categories).to.deep.equal(['Văn hóa']);
  });

  it('reads JSON Feed 1.1 with attachments and authors', async () => {
    const body = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'T',
      items: [
        {
          id: 'a1',
          url: 'https://x.gov.vn/a1',
          title: 'Bản tin âm thanh',
          content_html: '<p>x</p>',
          date_published: '2026-11-24T08:00:00+07:00',
          authors: [{ name: 'Đài PT-TH' }],
          attachments: [{ url: 'https://x.gov.vn/a1.mp3', mime_type: 'audio/mpeg', size_in_bytes: 1234 }],
        },
      ],
    });
    const out = await feedAdapter.parse(fetched(body, 'application/json'), ctx);
    expect(out.items[0]).to.include({ guid: 'a1', title: 'Bản tin âm thanh' });
    expect(out.items[0].authors).to.deep.equal(['Đài PT-TH']);
    expect(out.items[0].media).to.deep.equal([{ url: 'https://x.gov.vn/a1.mp3', type: 'audio/mpeg', length: 1234, title: undefined }]);
  });

  it('says PARSE.NOT_A_FEED for an HTML page', async () => {
    const err = await feedAdapter.parse(fetched('<!doctype html><html><body>Trang chủ</body></html>'), ctx).then(
      () => undefined,
      (e) => e,
    );
    expect(err).to.be.instanceOf(HubError);
    expect(err.code).to.equal('PARSE.NOT_A_FEED');
  });

  it('says PARSE.XML for broken XML', async () => {
    const err = await feedAdapter.parse(fetched('<?xml version="1.0"?>\n<rss version="2.0"><chan'), ctx).then(
      () => undefined,
      (e) => e,
    );
    expect(err).to.be.instanceOf(HubError);
    expect(err.code).to.equal('PARSE.XML');
  });

  it('never expands DOCTYPE entities, and leaves a "<!DOCTYPE" inside content alone', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><title>T</title><item><title>&c;</title><link>https://x.gov.vn/1</link>
<description><![CDATA[<p>Mẫu khai báo: <!DOCTYPE html> ở đầu trang.</p>]]></description></item></channel></rss>`;
    const out = await feedAdapter.parse(fetched(bomb), ctx);
    expect(out.items[0].title).to.equal('&c;');
    expect(out.items[0].summary).to.contain('<!DOCTYPE html> ở đầu trang');
    expect(out.warnings).to.include('Ignored entity declarations in the DOCTYPE (they are never expanded)');
  });

  it('takes a comment before the root as XML, but warns about other text there', async () => {
    const body = '<rss version="2.0"><channel><title>T</title><item><title>Tin</title><link>https://x.gov.vn/1</link></item></channel></rss>';
    const commented = await feedAdapter.parse(fetched(`<!-- Generated by CMS 4.2 -->\n<?xml-stylesheet href="rss.xsl" type="text/xsl"?>\n${body}`), ctx);
    expect(commented.items).to.have.length(1);
    expect(commented.warnings).to.deep.equal([]);
    const noisy = await feedAdapter.parse(fetched(`<!-- ok -->Notice: session started\n${body}`), ctx);
    expect(noisy.items).to.have.length(1);
    expect(noisy.warnings).to.deep.equal(['Ignored 23 characters before the feed\'s XML ("Notice: session started")']);
  });

  it('recovers items from a feed with an unclosed title, saying where', async () => {
    const out = await feedAdapter.parse(
      fetched(
        '<rss version="2.0"><channel>\n<item>\n<title>Tin một\n<link>https://x.gov.vn/1</link></item>\n<item><title>Tin hai</title><link>https://x.gov.vn/2</link></item></channel></rss>',
      ),
      ctx,
    );
    expect(out.items.map((i) => [i.title?.trim(), i.url])).to.deep.equal([
      ['Tin một', 'https://x.gov.vn/1'],
      ['Tin hai', 'https://x.gov.vn/2'],
    ]);
    expect(out.warnings).to.deep.equal(['XML error at line 4, column 1: <title> is not closed before <link> (closed there)']);
  });

  it('says PARSE.ENCODING for a binary body served as a feed', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    const err = await feedAdapter.parse(fetched(png, 'application/rss+xml'), ctx).then(
      () => undefined,
      (e) => e,
    );
    expect(err).to.be.instanceOf(HubError);
    expect(err.code).to.equal('PARSE.ENCODING');
  });
});
