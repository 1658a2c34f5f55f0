/**
 * The console's scorecard pages over real HTTP, on the hand-computed fixture of the scorecard
 * tests (test/hub/stats/scorecard-fixture.ts) stored in a real hub whose clock is the fixture's:
 * every figure shown must be the one worked out by hand in test/hub/stats/scorecard.test.ts.
 * The national table sorts by each column through links (aria-sort on the sorted header), links
 * the CSV of the same table, and draws each row's weeks as inline SVG; the scorecards are public
 * in the API, so an operator sees them all here too.
 */
import { expect } from 'chai';
import { ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { ConsoleClient } from '../../support/console.ts';
import { startScorecardHub } from './scorecard-hub.ts';

/** The portal ids of the national table's rows, top to bottom. */
const rowIds = (html: string) => [...html.matchAll(/<th scope="row"><a href="\/console\/portals\/([^/]+)\/scorecard">/g)].map((m) => m[1]);

/** A row's cells, as text (tags dropped), from its portal id. */
function cells(html: string, id: string): string[] {
  const start = html.indexOf(`<th scope="row"><a href="/console/portals/${id}/scorecard">`);
  const row = html.slice(start, html.indexOf('</tr>', start));
  return row
    .split(/<\/t[hd]>/)
    .slice(0, -1)
    .map((c) =>
      c
        .replace(/<title>.*?<\/title>/g, '')
        .replace(/<[^>]+>/g, '')
        .trim(),
    );
}

/** A labelled figure of a portal's card: the <dd> of <div id="f-…">. */
const fact = (html: string, id: string) =>
  new RegExp(`<div id="${id}"><dt>([^<]*)</dt><dd>(.*?)</dd></div>`)
    .exec(html)
    ?.slice(1)
    .map((s) => s.replace(/<[^>]+>/g, '').trim());

describe('console: scorecards (HTTP, the hand-computed fixture)', () => {
  let hub: TestHub;
  let c: ConsoleClient;
  let operatorKey: string;

  before(async () => {
    hub = await startScorecardHub();
    operatorKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'danang' } })).json()).secret;
    c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
  });
  after(() => hub.stop());

  it('shows the national table of provinces with the figures worked out by hand', async () => {
    const page = await c.get('/console/scorecards');
    expect(page.status).to.equal(200);
    // directory order: by administrative code 45, 46, 48; the commune is not a province
    expect(rowIds(page.html)).to.deep.equal(['quangtri', 'hue', 'danang']);
    // portal, grade, chart, items, per week, last published, median delay, sources, image, topic, by others, from others
    const [, hueGrade, , hueItems, huePerWeek, hueLast, hueDelay, hueSources, hueImage, hueTopic, hueBy, hueFrom] = cells(page.html, 'hue');
    expect([hueGrade, hueItems, huePerWeek, hueDelay, hueImage, hueTopic, hueBy, hueFrom]).to.deep.equal([
      'Xếp loại C',
      '6',
      '0,5',
      // (1800 + 3600) / 2 = 2700 s
      '45 phút',
      '50%',
      '50%',
      '1',
      '1',
    ]);
    // 12-03 10:00 +07:00, as vi-VN writes it short
    expect(hueLast).to.equal('10:00 3/12/26');
    expect(hueSources).to.equal('1 hoạt động · 1 đang lỗi · 0 đã ngừng');
    const [, daGrade, , daItems, daPerWeek, , daDelay, , daImage, , daBy, daFrom] = cells(page.html, 'danang');
    // 61 items, 61 / 12 = 5.08 a week, median 60 s, 1 / 61 = 1.6 % with an image, A
    expect([daGrade, daItems, daPerWeek, daDelay, daImage, daBy, daFrom]).to.deep.equal(['Xếp loại A', '61', '5,08', '1 phút', '1,6%', '1', '0']);
    const [, qtGrade, , qtItems, , qtLast, qtDelay, qtSources, qtImage] = cells(page.html, 'quangtri');
    expect([qtGrade, qtItems, qtLast, qtDelay, qtSources, qtImage]).to.deep.equal(['Xếp loại E', '0', '—', '—', '0 hoạt động · 0 đang lỗi · 0 đã ngừng', '—']);
    // each row's 12 weeks as an inline SVG image with its figures in its name
    expect(page.html).to.include(
      '<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="118" height="32" viewBox="0 0 118 32" role="img" aria-label="Thành phố Huế: số tin mỗi tuần từ 2026-W38 đến 2026-W49: W38 1, W39 0, W40 0, W41 0, W42 0, W43 0, W44 0, W45 0, W46 0, W47 1, W48 1, W49 3">',
    );
    expect(page.html.match(/<svg class="spark"/g)).to.have.length(3);
    // the grade's rule in words, and no inline style anywhere (the CSP forbids it)
    expect(page.html).to.include('A: tin mới nhất đăng trong vòng 2 ngày và trung bình từ 5 tin/tuần trở lên trong 12 tuần');
    expect(page.html).not.to.match(/\sstyle="/);
    expect(page.html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('sorts by a column through links, saying which in aria-sort', async () => {
    const page = await c.get('/console/scorecards?lang=en');
    expect(page.html).not.to.include('aria-sort');
    const link = /<th scope="col" class="num"><a href="([^"]+)">Items \(12 weeks\)/.exec(page.html)?.[1].replace(/&#38;/g, '&');
    expect(link).to.equal('/console/scorecards?level=province&sort=itemsInWindow&order=asc');
    const up = await c.get(link!);
    expect(rowIds(up.html)).to.deep.equal(['quangtri', 'hue', 'danang']);
    expect(up.html).to.include(
      '<th scope="col" class="num" aria-sort="ascending"><a href="/console/scorecards?level=province&#38;sort=itemsInWindow&#38;order=desc">',
    );
    const down = await c.get('/console/scorecards?level=province&sort=itemsInWindow&order=desc');
    expect(rowIds(down.html)).to.deep.equal(['danang', 'hue', 'quangtri']);
    expect(down.html).to.include('aria-sort="descending"');
    // no delay at all sorts last, whatever the order
    expect(rowIds((await c.get('/console/scorecards?sort=medianDelaySeconds&order=desc')).html)).to.deep.equal(['hue', 'danang', 'quangtri']);
    expect(rowIds((await c.get('/console/scorecards?sort=name&order=asc')).html)).to.deep.equal(['danang', 'hue', 'quangtri']);
    const communes = await c.get('/console/scorecards?level=commune&lang=vi');
    expect(rowIds(communes.html)).to.deep.equal(['hue-phuxuan']);
    expect(communes.html).to.include('Chuẩn hằng tháng');
    const bad = await c.get('/console/scorecards?sort=khong-co');
    expect(bad.status).to.equal(422);
    expect(bad.html).to.include('FILTER.INVALID');
  });

  it('links the CSV of the same table, as the API serves it', async () => {
    const page = await c.get('/console/scorecards?level=province&sort=grade&order=desc');
    const href = /<a href="([^"]+)" download="scorecards-province\.csv">/.exec(page.html)?.[1].replace(/&#38;/g, '&');
    expect(href).to.equal('/api/v1/scorecards.csv?level=province&sort=grade&order=desc');
    const csv = await fetch(`${hub.url}${href}`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).to.deep.equal(['quangtri', 'hue', 'danang']);
  });

  it("shows a portal's card, every figure labelled, alone and with its subtree", async () => {
    const alone = await c.get('/console/portals/hue/scorecard?lang=en');
    expect(alone.status).to.equal(200);
    expect(alone.html).to.include('<h1>Scorecard: Thành phố Huế</h1>');
    expect(fact(alone.html, 'f-items')).to.deep.equal(['Items (12 weeks)', '6']);
    expect(fact(alone.html, 'f-per-week')).to.deep.equal(['Items/week', '0.5']);
    expect(fact(alone.html, 'f-delay')).to.deep.equal(['Median delay', '45 min (2,700 s)']);
    expect(fact(alone.html, 'f-sources')).to.deep.equal(['Sources in all', '3']);
    expect(
      [fact(alone.html, 'f-ok'), fact(alone.html, 'f-failing'), fact(alone.html, 'f-disabled'), fact(alone.html, 'f-paused')].map((f) => f![1]),
    ).to.deep.equal(['1', '1', '0', '1']);
    expect(fact(alone.html, 'f-image')).to.deep.equal(['With an image', '50%']);
    expect(fact(alone.html, 'f-topic')).to.deep.equal(['With a topic', '50%']);
    expect(fact(alone.html, 'f-by-others')).to.deep.equal(['Republished by others', '1']);
    expect(fact(alone.html, 'f-from-others')).to.deep.equal(['Republished from others', '1']);
    expect(alone.html).to.include('<time datetime="2026-12-03T03:00:00.000Z">');
    expect(alone.html).to.include('<span class="visually-hidden">Grade </span>C</span>');
    expect(alone.html).to.include('role="img" aria-label="Thành phố Huế: items per week from 2026-W38 to 2026-W49: W38 1, W39 0');
    expect(alone.html).to.include('<a href="/console/portals/hue">').and.include('<a href="/console/portals/hue/scorecard?subtree=1">');
    expect(alone.html).to.include('Weekly norm (central, ministry, province and department portals)');

    const tree = await c.get('/console/portals/hue/scorecard?subtree=1&lang=en');
    expect(tree.html).to.include('(2 portals), counted as one');
    expect(fact(tree.html, 'f-items')![1]).to.equal('8');
    expect(fact(tree.html, 'f-per-week')![1]).to.equal('0.67');
    expect(fact(tree.html, 'f-image')![1]).to.equal('37.5%');
    expect(fact(tree.html, 'f-disabled')![1]).to.equal('1');
    expect(fact(tree.html, 'f-by-others')![1]).to.equal('0');
    expect(fact(tree.html, 'f-from-others')![1]).to.equal('1');

    const commune = await c.get('/console/portals/hue-phuxuan/scorecard?lang=en');
    expect(fact(commune.html, 'f-delay')![1]).to.equal('40 min (2,400 s)');
    expect(commune.html).to.include('Monthly norm');
    const missing = await c.get('/console/portals/khong-co/scorecard');
    expect(missing.status).to.equal(404);
    expect(missing.html).to.include('PORTAL.NOT_FOUND');
  });

  it('shows an operator the national table and any portal card, as the public API does', async () => {
    const op = new ConsoleClient(hub.url);
    await op.signIn(operatorKey);
    const table = await op.get('/console/scorecards');
    expect(table.status).to.equal(200);
    expect(rowIds(table.html)).to.deep.equal(['quangtri', 'hue', 'danang']);
    expect((await op.get('/console/portals/hue/scorecard')).status).to.equal(200);
    expect((await fetch(`${hub.url}/api/v1/portals/hue/scorecard`)).status, 'public in the API').to.equal(200);
  });
});
