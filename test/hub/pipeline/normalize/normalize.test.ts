import { expect } from 'chai';
import { normalizeItem } from '../../../../hub/pipeline/normalize/index.ts';
import { canonicalUrl } from '../../../../hub/pipeline/normalize/urls.ts';
import { foldText } from '../../../../hub/pipeline/normalize/fold.ts';
import { cutAtWord, plainText } from '../../../../hub/pipeline/normalize/text.ts';

const ctx = {
  sourceId: 'moha-1',
  portalId: 'bo-noivu',
  baseUrl: 'https://moha.gov.vn/rss/tin-tuc.rss',
  timeZone: 'Asia/Ho_Chi_Minh',
  fetchedAt: new Date('2026-11-24T03:00:00Z'),
};

describe('normalize', () => {
  it('makes links absolute and drops tracking parameters', () => {
    expect(canonicalUrl('/a.html?utm_source=rss&id=5&fbclid=x#top', 'https://moha.gov.vn/rss/')).to.equal('https://moha.gov.vn/a.html?id=5');
    expect(canonicalUrl('javascript:alert(1)', 'https://moha.gov.vn/')).to.equal(undefined);
  });

  it('folds Vietnamese for search, đ included, old and new tone placement alike', () => {
    expect(foldText('Chuyển đổi số')).to.equal('chuyen doi so');
    expect(foldText('Hoà')).to.equal(foldText('Hòa'));
    expect(foldText('Thuỷ')).to.equal(foldText('Thủy'));
    expect(foldText('ĐÀ NẴNG')).to.equal('da nang');
  });

  it('folds decomposed input, punctuation, symbols and other scripts like whole strings would', () => {
    // NFD input (as some portals' CMSs send it): the marks go, the letters stay
    expect(foldText('Chuye\u0302\u0309n đo\u0302\u0309i so\u0302\u0301')).to.equal('chuyen doi so');
    expect(foldText('  “Kế hoạch” số 12/KH-UBND, ngày 25-11-2026 — 12,5%!  ')).to.equal('ke hoach so 12 kh ubnd ngay 25 11 2026 12 5');
    expect(foldText('İstanbul ΣΟΦΟΣ Ǆ ﬁ')).to.equal('istanbul σοφοσ ǆ ﬁ');
    // a character outside the BMP is one character: a symbol becomes a space, a letter stays
    expect(foldText('a😀b 𝐀x')).to.equal('a b 𝐀x'.toLowerCase());
    expect(foldText('x\u1dc0y')).to.equal('x y');
    expect(foldText('')).to.equal('');
  });

  it('decodes entities once and strips tags for plain text', () => {
    expect(plainText('Tin &amp;amp; sự kiện <b>mới</b>&nbsp;nhất')).to.equal('Tin &amp; sự kiện mới nhất');
    expect(cutAtWord('một hai ba bốn năm', 10)).to.equal('một hai ba…');
  });

  it('turns a raw item into the shared item shape', () => {
    const item = normalizeItem(
      {
        guid: 'moha-1',
        url: '/tin/1.html?utm_medium=x',
        title: ' Tin  <i>mới</i> ',
        published: '24/11/2026 08:30',
        contentHtml: '<p onclick="x()">A<script>bad()</script><img data-src="/a.jpg" src="/blank.gif"><a href="javascript:x">b</a></p>',
        categories: ['Cải cách hành chính', 'Cải cách hành chính'],
        media: [{ url: '/a.mp3', type: 'audio/mpeg', length: 10 }],
      },
      ctx,
    );
    expect(item.url).to.equal('https://moha.gov.vn/tin/1.html');
    expect(item.title).to.equal('Tin mới');
    expect(item.publishedAt).to.equal('2026-11-24T08:30:00+07:00');
    expect(item.flags).to.deep.equal(['date-no-zone']);
    expect(item.contentHtml).to.not.match(/script|onclick|javascript/);
    expect(item.contentHtml).to.contain('src="https://moha.gov.vn/a.jpg"');
    expect(item.image).to.equal('https://moha.gov.vn/a.jpg');
    expect(item.categories).to.deep.equal(['Cải cách hành chính']);
    expect(item.media).to.deep.equal([{ url: 'https://moha.gov.vn/a.mp3', type: 'audio/mpeg', length: 10 }]);
    expect(item.id).to.match(/^[a-f0-9]{24}$/);
    expect(item.clusterId).to.equal(item.id);
  });

  it('keeps the id stable across fetches and flags missing and future dates', () => {
    const a = normalizeItem({ guid: 'g1', url: 'https://moha.gov.vn/x', title: 'X' }, ctx);
    const b = normalizeItem({ guid: 'g1', url: 'https://moha.gov.vn/x', title: 'X (sửa)' }, { ...ctx, fetchedAt: new Date() });
    expect(a.id).to.equal(b.id);
    expect(a.flags).to.include('date-missing');
    expect(a.publishedAt).to.equal('2026-11-24T10:00:00+07:00');
    const future = normalizeItem({ guid: 'g2', url: 'https://moha.gov.vn/y', title: 'Y', published: '2030-01-01T00:00:00Z' }, ctx);
    expect(future.flags).to.include('date-future-clamped');
    expect(future.publishedAt).to.equal('2026-11-24T10:00:00+07:00');
  });
});
