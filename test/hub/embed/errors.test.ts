/**
 * Embeds and a page author's mistakes: the iframe page takes the widget's comma lists, says what is
 * wrong in Vietnamese (an HTML page, its 4xx kept, never problem+json), and /embed/items.json
 * answers its errors with CORS so the widget on another origin can read them.
 */
import { expect } from 'chai';
import { startEmbedFixture, type EmbedFixture } from './fixture.ts';
import { embedProblemText } from '../../../hub/embed/messages.ts';

describe('embed errors and comma lists (integration)', () => {
  let f: EmbedFixture;
  before(async () => {
    f = await startEmbedFixture();
  });
  after(() => f?.stop());
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${f.hub.url}${path}`, { headers });

  it('the iframe page takes a comma list as the widget does (level=ministry,province)', async () => {
    const res = await get('/embed/list?level=ministry,province&limit=10');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).to.contain('Bộ Nội vụ').and.contain('Tỉnh Thừa Thiên Huế');
    // the same list as the repeated parameters give
    const repeated = await (await get('/embed/list?level=ministry&level=province&limit=10')).text();
    expect(html.replace(/embed\/list\?[^"]*/g, '')).to.equal(repeated.replace(/embed\/list\?[^"]*/g, ''));
    // spaces after the commas, as people write them
    const spaced = await get('/embed/list?portal=tinh-hue,%20bo-noi-vu&limit=10');
    expect(spaced.status).to.equal(200);
    expect(await spaced.text()).to.contain('Tỉnh Thừa Thiên Huế');
  });

  it('the widget JSON takes the same comma list', async () => {
    const res = await get('/embed/items.json?portal=tinh-hue,bo-noi-vu');
    expect(res.status).to.equal(200);
    const names = new Set(((await res.json()).entries as { portalName: string }[]).map((e) => e.portalName));
    expect([...names].sort()).to.deep.equal(['Bộ Nội vụ', 'Tỉnh Thừa Thiên Huế']);
  });

  it('an unknown portal in the iframe page is a short Vietnamese message in HTML, with its 422', async () => {
    const res = await get('/embed/list?portal=tinh-hue,khong-co');
    expect(res.status).to.equal(422);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).to.contain("default-src 'none'");
    const html = await res.text();
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.contain('Không tìm thấy cổng “khong-co”');
    expect(html).to.not.contain('"code"').and.not.contain('FILTER.INVALID');
  });

  it('a bad value in the iframe page names the parameter and what it takes, in HTML, with its 400', async () => {
    const res = await get('/embed/list?level=galaxy');
    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).to.contain('Giá trị của cấp (level) không hợp lệ (dùng một trong: central');
    expect(html).to.not.contain('problem');
    const unknown = await get('/embed/list?colour=red');
    expect(unknown.status).to.equal(400);
    expect(await unknown.text()).to.contain('Tham số “colour” không được hỗ trợ.');
    // what a page author writes inside the message is shown as text, not markup
    const script = await (await get('/embed/list?portal=%3Cscript%3E')).text();
    expect(script).to.not.contain('<script>');
  });

  it('errors of /embed/items.json carry CORS, so the widget on another origin reads them', async () => {
    const res = await get('/embed/items.json?portal=khong-co', { origin: 'https://www.hue.gov.vn' });
    expect(res.status).to.equal(422);
    expect(res.headers.get('access-control-allow-origin')).to.equal('*');
    const problem = await res.json();
    expect(problem.code).to.equal('FILTER.INVALID');
    expect(embedProblemText(problem)).to.deep.equal(['Không tìm thấy cổng “khong-co” (mã cổng trong data-portal hoặc portal=).']);
    const bad = await get('/embed/items.json?level=galaxy', { origin: 'https://www.hue.gov.vn' });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('access-control-allow-origin')).to.equal('*');
  });
});
