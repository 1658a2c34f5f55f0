import { expect } from 'chai';
import { suggestHtmlOptions } from '../../../hub/discovery/suggest.ts';
import { fixture } from '../../support/adapter.ts';

describe('discovery: suggested html options', () => {
  it('finds the news list, its headline, date, image and summary on a portal list page', () => {
    expect(suggestHtmlOptions(fixture('pages/tin-tuc.html'))).to.deep.equal({
      itemSelector: 'div.news-list > div.news-item',
      title: 'h3.title a',
      link: 'h3.title a',
      date: 'span.date',
      image: 'img',
      summary: 'p.sapo',
    });
  });

  it('passes over menus and footers, whose links repeat too', () => {
    const menu = Array.from({ length: 8 }, (_, i) => `<li><a href="/chuyen-muc/${i}">Chuyên mục thông tin số ${i} của tỉnh</a></li>`).join('');
    const news = Array.from(
      { length: 3 },
      (_, i) => `<article class="card"><a href="/bai/${i}">Tin nổi bật số ${i} trong tuần qua</a><time>2${i}/11/2026</time></article>`,
    ).join('');
    const page = `<html><body><nav><ul>${menu}</ul></nav><div class="menu-side"><ul>${menu}</ul></div><main id="tin-moi">${news}</main><footer><ul>${menu}</ul></footer></body></html>`;
    expect(suggestHtmlOptions(page)).to.deep.equal({ itemSelector: '#tin-moi > article.card', title: 'a', link: 'a', date: 'time' });
  });

  it('guesses nothing when no block repeats at least three headline links', () => {
    expect(suggestHtmlOptions(fixture('pages/tin-tuc-doi-giao-dien.html'))).to.equal(undefined);
    expect(suggestHtmlOptions('<html><body><p>Trang đang bảo trì</p></body></html>')).to.equal(undefined);
  });
});
