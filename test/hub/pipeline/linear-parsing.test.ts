/**
 * The scans over fetched text are linear: each is given the body of an outside probe that made
 * the old code quadratic (a lazy pattern tried at every "<!DOCTYPE[", every unclosed "<!--", a
 * list page of 100,000 links) and must finish — under mocha's timeout; the old code took from
 * seconds to minutes on these — with the answer the old code gave on small inputs.
 */
import { expect } from 'chai';
import { load } from 'cheerio';
import { cleanXml, feedStart, firstDoctype, withoutMarkup } from '../../../adapters/feed/xml/prolog.ts';
import { detectFormat } from '../../../adapters/feed/index.ts';
import { personName } from '../../../adapters/feed/rss.ts';
import { readImage } from '../../../adapters/html/fields.ts';
import { detectKind } from '../../../hub/discovery/detect.ts';
import { suggestHtmlOptions } from '../../../hub/discovery/suggest.ts';
import { plainText } from '../../../hub/pipeline/normalize/text.ts';
import { capItems } from '../../../hub/pipeline/extract.ts';
import type { Fetched } from '../../../hub/pipeline/fetch.ts';
import type { RawItem } from '../../../adapters/types.ts';

const fetchedOf = (body: string, contentType: string): Fetched => ({
  url: 'https://a.gov.vn/x',
  finalUrl: 'https://a.gov.vn/x',
  status: 200,
  notModified: false,
  headers: { 'content-type': contentType },
  body: Buffer.from(body),
});

/** A list page of `n` links, each in an <li> with a headline and a date. */
export const listPage = (n: number) =>
  `<!doctype html><html><head><title>Tin tức</title></head><body><ul class="news">${Array.from(
    { length: n },
    (_, i) => `<li><a href="/tin/${i}.html">Tin tức thứ ${i} của cổng</a> <span>0${(i % 9) + 1}/12/2026</span></li>`,
  ).join('')}</ul></body></html>`;

describe('parsing in linear time', () => {
  it('cleanXml: a prolog of "<!DOCTYPE[" repeated (1 MB) is read, and a real DOCTYPE is still blanked out', () => {
    const bomb = `<?xml version="1.0"?>${'<!DOCTYPE['.repeat(100_000)}<rss version="2.0"></rss>`;
    const cleaned = cleanXml(bomb, feedStart(bomb));
    // an unclosed DOCTYPE is no DOCTYPE: the text is left for the XML parser to refuse
    expect(cleaned.text).to.equal(bomb);
    const doctype = '<!DOCTYPE rss [ <!ENTITY x "y"> ]>';
    const real = cleanXml(`<?xml version="1.0"?>${doctype}<rss/>`, 0);
    expect(real.text).to.equal(`<?xml version="1.0"?>${' '.repeat(doctype.length)}<rss/>`);
    expect(real.warnings).to.deep.equal(['Ignored entity declarations in the DOCTYPE (they are never expanded)']);
  });

  it('firstDoctype and withoutMarkup: DOCTYPEs whose subsets never close, and "]" runs that never meet ">"', () => {
    const unclosed = '<!DOCTYPE x [ ]  ]'.repeat(60_000);
    expect(firstDoctype(unclosed)).to.equal(undefined);
    expect(withoutMarkup(unclosed, { doctype: true })).to.equal(unclosed);
    expect(firstDoctype(`${'<!DOCTYPE['.repeat(100_000)}]>`)).to.deep.equal({ start: 0, end: 1_000_002 });
  });

  it('detectKind: unclosed "<!--" repeated (400 KB) is read as nothing known, and comments before a root are skipped', () => {
    const detection = detectKind(fetchedOf('<!--'.repeat(100_000), 'text/plain'));
    expect(detection.kind).to.equal('unknown');
    expect(detectKind(fetchedOf('<!-- <b> --><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', 'text/xml')).kind).to.equal('sitemap');
  });

  it('detectFormat and the comment scan: "<!--" and "<?" that never close, in the prolog and before it', () => {
    expect(detectFormat(`${'<!--'.repeat(16_000)}<rss version="2.0"></rss>`)).to.equal('rss');
    expect(withoutMarkup('<?'.repeat(200_000), { instructions: 'not-xml' })).to.have.length(400_000);
    const junk = `${'<!--'.repeat(16_000)}<rss version="2.0"><channel><title>T</title></channel></rss>`;
    expect(cleanXml(junk, feedStart(junk)).warnings[0]).to.match(/^Ignored 64000 characters before the feed's XML/);
  });

  it('suggestHtmlOptions: a list page of 100,000 links gets its guess', function () {
    // a 6 MB page is parsed (cheerio) in some seconds on a loaded machine; the old code took minutes
    this.timeout(60_000);
    expect(suggestHtmlOptions(listPage(100_000))).to.deep.equal({ itemSelector: 'ul.news > li', title: 'a', link: 'a', date: 'span' });
  });

  it('suggestHtmlOptions: a page nested 3,000 levels deep, each level a group of three, gets its guess', () => {
    const level =
      '<div class="x"><a href="/a">Một tiêu đề đủ dài cho tin</a></div><div class="x"><a href="/b">Một tiêu đề đủ dài cho tin</a></div><div class="x">';
    const html = `<html><body>${level.repeat(3000)}${'</div>'.repeat(3000)}</body></html>`;
    expect(suggestHtmlOptions(html)).to.deep.include({ title: 'a', link: 'a' });
  });

  it('plainText: "<script" and "<a" that never close (1 MB each), as the patterns did on small text', () => {
    expect(plainText(`x${'<script'.repeat(150_000)}`)).to.have.length(1 + 7 * 150_000);
    expect(plainText(`x${'<a'.repeat(500_000)}`)).to.have.length(1 + 2 * 500_000);
    expect(plainText('a<script>alert(1)</SCRIPT>b<style>p{}</style>c<b>d</b>')).to.equal('a b c d');
    expect(plainText('a<b c')).to.equal('a<b c');
  });

  it('personName: an RSS author of 200,000 "(" stays as it is; usual authors are read as before', () => {
    expect(personName('('.repeat(200_000))).to.have.length(200_000);
    expect(personName('jane@example.gov.vn (Jane)')).to.equal('Jane');
    expect(personName('Jane <jane@example.gov.vn>')).to.equal('Jane');
  });

  it('readImage: a style of "url(" repeated (400 KB) gives no image; a background image is read', () => {
    const $ = load(`<div class="card" style="${'url('.repeat(100_000)}"></div><div class="ok" style="background-image: url('/a.jpg')"></div>`);
    expect(readImage($('body'), '.card')).to.equal(undefined);
    expect(readImage($('body'), '.ok')).to.equal('/a.jpg');
  });
});

describe('the cap on items per fetch', () => {
  const raw = (i: number, published?: string): RawItem => ({
    guid: `g${i}`,
    title: `Tin ${i}`,
    url: `https://a.gov.vn/${i}`,
    ...(published ? { published } : {}),
  });

  it('keeps the newest when every item has a date, in the document order, and says how many were dropped', () => {
    // dates out of order: items 3, 0 and 4 are the newest
    const days = [20, 5, 3, 25, 21, 1];
    const items = days.map((d, i) => raw(i, `2026-11-${String(d).padStart(2, '0')}T08:00:00+07:00`));
    const capped = capItems(items, 3, 'Asia/Ho_Chi_Minh');
    expect(capped.items.map((i) => i.guid)).to.deep.equal(['g0', 'g3', 'g4']);
    expect(capped.warning).to.equal('Read 3 of the 6 items in the response (the newest); 3 dropped (maxItemsPerFetch is 3)');
  });

  it('keeps the first in the document when an item has no date, and nothing is said when under the cap', () => {
    const items = [raw(0, '2026-11-01'), raw(1), raw(2, '2026-11-30'), raw(3)];
    const capped = capItems(items, 2, 'Asia/Ho_Chi_Minh');
    expect(capped.items.map((i) => i.guid)).to.deep.equal(['g0', 'g1']);
    expect(capped.warning).to.contain('the first in the document, as not every item has a date');
    expect(capItems(items, 4, 'Asia/Ho_Chi_Minh')).to.deep.equal({ items });
  });
});
