/**
 * Portal scorecards over real HTTP: GET /api/v1/portals/{id}/scorecard (and .svg),
 * GET /api/v1/scorecards (and .csv). Public reads, answers valid against their schemas, cached
 * until items change. The figures themselves are checked by hand in test/hub/stats/scorecard.test.ts;
 * here the items are a few hours old, so every one is inside the 12 weeks whatever the day.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { validatorFor } from '../../../schemas/index.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss } from '../../support/portal-feed.ts';
import { makeItem } from '../store/contract.ts';
import type { Scorecard, ScorecardTable } from '../../../hub/model.ts';

describe('portal scorecards over HTTP', () => {
  let hub: TestHub;
  let portal: TestServer;
  const started = Date.now();
  const hoursAgo = (h: number) => new Date(started - h * 3600_000).toISOString();
  const get = (path: string, headers: Record<string, string> = {}) => hub.api(path, { key: null, headers });

  before(async () => {
    hub = await startTestHub();
    for (const body of [
      { id: 'hue', name: 'Thành phố Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46' },
      { id: 'hue-phuxuan', name: 'Phường Phú Xuân', url: 'https://phuxuan.hue.gov.vn', level: 'commune', parentId: 'hue', adminCode: '19753' },
      { id: 'danang', name: 'Thành phố Đà Nẵng', url: 'https://danang.gov.vn', level: 'province', adminCode: '48' },
      { id: 'quangtri', name: 'Tỉnh Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province', adminCode: '45' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body })).status).to.equal(201);
    const at = (published: number, fetched: number) => ({ publishedAt: hoursAgo(published), updatedAt: hoursAgo(published), fetchedAt: hoursAgo(fetched) });
    await hub.hub.store.putItems([
      // Huế: delays 3600, 1800, 3600 s; one image; item 3 is news Phú Xuân copies
      makeItem(1, { portalId: 'hue', ...at(3, 2) }),
      makeItem(2, { portalId: 'hue', ...at(5, 4.5) }),
      makeItem(3, { portalId: 'hue', ...at(6, 5), image: 'https://hue.gov.vn/a.jpg' }),
      // Phú Xuân republishes item 3 four hours later (its cluster); delay 3600 s
      makeItem(4, { portalId: 'hue-phuxuan', ...at(2, 1), clusterId: makeItem(3).id }),
      // Đà Nẵng: delay 360 s
      makeItem(5, { portalId: 'danang', ...at(4, 3.9) }),
      // Quảng Trị: nothing in the 12 weeks (at most 84 days); its last publication 200 days ago, a withdrawn one after it
      makeItem(6, { portalId: 'quangtri', ...at(200 * 24, 200 * 24) }),
      makeItem(7, { portalId: 'quangtri', ...at(100 * 24, 100 * 24), flags: ['withdrawn'] }),
    ]);
    portal = await startTestServer();
  });
  after(async () => {
    await hub?.stop();
    await portal?.close();
  });

  it("answers a portal's scorecard without a key, valid against its schema", async () => {
    const res = await get('/api/v1/portals/hue/scorecard');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    const card: Scorecard = await res.json();
    const fits = validatorFor('openapi.yaml#/components/schemas/Scorecard');
    expect(fits(card), JSON.stringify(fits.errors)).to.equal(true);
    expect(card).to.deep.include({
      portalId: 'hue',
      subtree: false,
      portals: 1,
      itemsInWindow: 3,
      // 1800, 3600, 3600
      medianDelaySeconds: 3600,
      // 1 / 3
      imageShare: 0.3333,
      republishedByOthers: 1,
      republishedFromOthers: 0,
      lastPublishedAt: hoursAgo(3),
    });
    expect(card.weeks).to.have.length(12);
    expect(card.weeks.reduce((n, w) => n + w.items, 0)).to.equal(3);
    // the cached rendering answers a revalidation with 304
    const again = await get('/api/v1/portals/hue/scorecard', { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).to.equal(304);
  });

  it('counts a subtree as one', async () => {
    const card: Scorecard = await (await get('/api/v1/portals/hue/scorecard?subtree=1')).json();
    expect(card).to.deep.include({ subtree: true, portals: 2, itemsInWindow: 4, medianDelaySeconds: 3600, republishedByOthers: 0, republishedFromOthers: 0 });
    expect(card.lastPublishedAt).to.equal(hoursAgo(2));
    expect(await (await get('/api/v1/portals/hue/scorecard?subtree=true')).json()).to.deep.equal(card);
    expect(await (await get('/api/v1/portals/hue/scorecard?subtree=0')).json()).to.include({ subtree: false, itemsInWindow: 3 });
  });

  it('serves the chart as SVG', async () => {
    const res = await get('/api/v1/portals/hue/scorecard.svg');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/svg+xml; charset=utf-8');
    const card: Scorecard = await (await get('/api/v1/portals/hue/scorecard')).json();
    const svg = await res.text();
    expect(svg).to.equal(card.chartSvg);
    const figures = card.weeks.map((w) => `${w.week} ${w.items}`).join(', ');
    expect(svg).to.contain(`<title>Thành phố Huế — số tin mỗi tuần / items per week, ${card.weeks[0].week} – ${card.weeks[11].week}: ${figures}</title>`);
    expect(svg).to.contain(`aria-label="Thành phố Huế — số tin mỗi tuần / items per week, ${card.weeks[0].week} – ${card.weeks[11].week}: ${figures}"`);
  });

  it('gives the national table, sorted, valid against its schema', async () => {
    const table: ScorecardTable = await (await get('/api/v1/scorecards')).json();
    const fits = validatorFor('openapi.yaml#/components/schemas/ScorecardTable');
    expect(fits(table), JSON.stringify(fits.errors)).to.equal(true);
    expect(table).to.include({ level: 'province', sort: null, order: 'asc' });
    expect(table.scorecards.map((r) => r.portalId)).to.deep.equal(['quangtri', 'hue', 'danang']);
    expect(table.scorecards[0]).to.include({ itemsInWindow: 0, lastPublishedAt: hoursAgo(200 * 24), medianDelaySeconds: null, grade: 'E' });
    const sorted: ScorecardTable = await (await get('/api/v1/scorecards?level=province&sort=medianDelaySeconds&order=asc')).json();
    expect(sorted.scorecards.map((r) => [r.portalId, r.medianDelaySeconds])).to.deep.equal([
      ['danang', 360],
      ['hue', 3600],
      ['quangtri', null],
    ]);
    const communes: ScorecardTable = await (await get('/api/v1/scorecards?level=commune&sort=republishedFromOthers&order=desc')).json();
    expect(communes.scorecards.map((r) => [r.portalId, r.republishedFromOthers])).to.deep.equal([['hue-phuxuan', 1]]);
    expect(communes.gradeRule.norm).to.equal('monthly');
  });

  it('gives the table as CSV with a BOM for Excel', async () => {
    const res = await get('/api/v1/scorecards.csv?sort=itemsInWindow&order=desc');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
    expect(rows.map((r) => [r.portalId, r.name, r.itemsInWindow])).to.deep.equal([
      ['hue', 'Thành phố Huế', '3'],
      ['danang', 'Thành phố Đà Nẵng', '1'],
      ['quangtri', 'Tỉnh Quảng Trị', '0'],
    ]);
    expect(Object.keys(rows[0])).to.include.members([
      'portalId',
      'name',
      'grade',
      'lastPublishedAt',
      'medianDelaySeconds',
      'sourcesFailing',
      'republishedByOthers',
    ]);
  });

  it('answers 404 for an unknown portal and 422 for a level or column it does not know', async () => {
    for (const path of ['/api/v1/portals/nope/scorecard', '/api/v1/portals/nope/scorecard.svg']) {
      const res = await get(path);
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect((await res.json()).code).to.equal('PORTAL.NOT_FOUND');
    }
    for (const path of ['/api/v1/scorecards?level=county', '/api/v1/scorecards.csv?level=county']) {
      const res = await get(path);
      expect(res.status, path).to.equal(422);
      const problem = await res.json();
      expect(problem.code).to.equal('FILTER.INVALID');
      expect(problem.errors).to.deep.equal([{ field: 'level', message: 'must be one of central, ministry, province, department, commune, other' }]);
    }
    const badSort = await (await get('/api/v1/scorecards?sort=__proto__')).json();
    expect(badSort).to.include({ status: 422, code: 'FILTER.INVALID' });
    expect(badSort.errors[0].field).to.equal('sort');
    expect((await get('/api/v1/scorecards?order=sideways')).status).to.equal(400);
    expect((await get('/api/v1/portals/hue/scorecard?subtree=maybe')).status).to.equal(400);
  });

  it('counts an item as soon as a refresh stores it (the cached answers are dropped)', async () => {
    const before: Scorecard = await (await get('/api/v1/portals/danang/scorecard')).json();
    expect(before.itemsInWindow).to.equal(1);
    const date = new Date(started - 3600_000).toUTCString();
    portal.route('/rss', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(rss('Đà Nẵng', [{ guid: 'dn-1', title: 'Đà Nẵng khai mạc lễ hội', link: 'https://danang.gov.vn/tin/1.html', date }]));
    });
    const source = await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'danang', url: `${portal.url}/rss` } })).json();
    expect((await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} })).status).to.equal(200);
    const after: Scorecard = await (await get('/api/v1/portals/danang/scorecard')).json();
    expect(after.itemsInWindow).to.equal(2);
    expect(after.sources).to.include({ total: 1, ok: 1 });
    const table: ScorecardTable = await (await get('/api/v1/scorecards')).json();
    expect(table.scorecards.find((r) => r.portalId === 'danang')!.itemsInWindow).to.equal(2);
  });
});
