/**
 * Portal scorecards, the pure computation (hub/stats/scorecard.ts), against a fixture whose
 * figures are worked out by hand below: a handful of portals and items with chosen dates,
 * delays, images, topics and clusters, a fixed clock. Nothing expected here is computed by the
 * code under test.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { Item, Portal, Source } from '../../../hub/model.ts';
import { Directory } from '../../../hub/directory/directory.ts';
import { chartSvg, instant, isoWeek, portalScorecard, scorecardCsv, scorecardTable, ScorecardTally, vnWeekStart } from '../../../hub/stats/scorecard.ts';

// Friday 2026-12-04, 12:00 in Viet Nam. 2026 began on a Thursday, so 2026-12-04 is day 338, a
// Friday; this week's Monday is 2026-11-30 (ISO week 49: its Thursday, 12-03, is day 337,
// floor(336 / 7) + 1 = 49). The window is W38 … W49: 11 weeks before 11-30 is 2026-09-14.
const NOW = new Date('2026-12-04T05:00:00Z');
const SINCE = '2026-09-13T17:00:00.000Z'; // Monday 2026-09-14 00:00 +07:00
const WEEKS = ['2026-W38', '2026-W39', '2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'];
const MONDAYS = [
  '2026-09-14',
  '2026-09-21',
  '2026-09-28',
  '2026-10-05',
  '2026-10-12',
  '2026-10-19',
  '2026-10-26',
  '2026-11-02',
  '2026-11-09',
  '2026-11-16',
  '2026-11-23',
  '2026-11-30',
];
const weeks = (counts: number[]) => counts.map((items, i) => ({ week: WEEKS[i], start: MONDAYS[i], items }));

const portal = (id: string, name: string, level: Portal['level'], url: string, extra: Partial<Portal> = {}): Portal => ({
  id,
  name,
  level,
  url,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const PORTALS = [
  portal('hue', 'Thành phố Huế', 'province', 'https://hue.gov.vn', { adminCode: '46' }),
  portal('hue-phuxuan', 'Phường Phú Xuân', 'commune', 'https://phuxuan.hue.gov.vn', { parentId: 'hue', adminCode: '19753' }),
  portal('danang', 'Thành phố Đà Nẵng', 'province', 'https://danang.gov.vn', { adminCode: '48' }),
  portal('quangtri', 'Tỉnh Quảng Trị', 'province', 'https://quangtri.gov.vn', { adminCode: '45' }),
];

// clusters are named by their first item's id (hub/pipeline/normalize gives every item its own id
// as clusterId; dedupe gives a later copy the cluster of the item it copies)
const STORM = 'danangstorm00000001';
const FESTIVAL = 'huefestival00000001';
let serial = 0;
function item(portalId: string, publishedAt: string, fetchedAt: string, over: Partial<Item> = {}): Item {
  const n = ++serial;
  const id = over.id ?? `item${String(n).padStart(12, '0')}`;
  const host = PORTALS.find((p) => p.id === portalId)!.url;
  return {
    id,
    portalId,
    sourceId: `s-${portalId}`,
    url: `${host}/tin/${n}`,
    title: `Tin ${n}`,
    summary: '',
    contentHtml: '',
    publishedAt,
    updatedAt: publishedAt,
    fetchedAt,
    authors: [],
    categories: [],
    topics: [],
    media: [],
    language: 'vi',
    clusterId: id,
    flags: [],
    ...over,
  };
}

const hue = [
  // W49 (index 11); delay 30 min = 1800 s; an image; a topic; copy of Đà Nẵng's storm news (STORM)
  item('hue', '2026-12-03T10:00:00+07:00', '2026-12-03T10:30:00+07:00', { image: 'https://hue.gov.vn/a.jpg', topics: ['giao-duc'], clusterId: STORM }),
  // Monday 00:10 in Viet Nam is still Sunday in UTC: W49, not W48; delay 3600 s
  item('hue', '2026-11-30T00:10:00+07:00', '2026-11-30T01:10:00+07:00'),
  // Sunday 23:50: W48 (index 10); delay 7200 s; an image in media; a topic; the festival news, first (FESTIVAL)
  item('hue', '2026-11-29T23:50:00+07:00', '2026-11-30T01:50:00+07:00', {
    id: FESTIVAL,
    media: [{ url: 'https://hue.gov.vn/b.jpg', type: 'image/jpeg' }],
    topics: ['y-te'],
  }),
  // the first instant of the window: W38 (index 0); delay 600 s
  item('hue', '2026-09-14T00:00:00+07:00', '2026-09-14T00:10:00+07:00'),
  // one minute before the window: only its publication time could matter (it is not the newest)
  item('hue', '2026-09-13T23:59:00+07:00', '2026-09-20T00:00:00+07:00', { image: 'https://hue.gov.vn/c.jpg', topics: ['y-te'] }),
  // no real publication time (first seen stands in): W49, counted, but no delay; a topic
  item('hue', '2026-12-01T08:00:00+07:00', '2026-12-01T08:00:00+07:00', { flags: ['date-missing'], topics: ['giao-duc'] }),
  // fetched before its claimed time (a clock off at the portal): W47 (index 9), no delay; an image
  item('hue', '2026-11-20T09:00:00+07:00', '2026-11-20T08:00:00+07:00', { image: 'https://hue.gov.vn/d.jpg' }),
  // withdrawn: counts nowhere, not even as the last publication
  item('hue', '2026-12-04T08:00:00+07:00', '2026-12-04T08:01:00+07:00', { flags: ['withdrawn'], image: 'https://hue.gov.vn/e.jpg' }),
];
const phuxuan = [
  // W49; delay 1200 s; the third copy of STORM, published after Huế's and Đà Nẵng's
  item('hue-phuxuan', '2026-12-03T11:00:00+07:00', '2026-12-03T11:20:00+07:00', { clusterId: STORM }),
  // W49; delay 3600 s; Huế's FESTIVAL republished
  item('hue-phuxuan', '2026-11-30T08:00:00+07:00', '2026-11-30T09:00:00+07:00', { clusterId: FESTIVAL }),
];
const danang = [
  // W49; delay 300 s; an image and a topic; STORM published here first (09:00, before Huế's 10:00)
  item('danang', '2026-12-03T09:00:00+07:00', '2026-12-03T09:05:00+07:00', {
    id: STORM,
    image: 'https://danang.gov.vn/s.jpg',
    topics: ['thien-tai'],
  }),
];
// and 5 items on the Wednesday of each of the 12 weeks at 08:00, 09:00 … 12:00, each fetched a
// minute later (delay 60 s); the first two share a cluster, both of Đà Nẵng (no republication)
for (let w = 0; w < 12; w++)
  for (let k = 0; k < 5; k++) {
    const published = new Date(Date.parse('2026-09-16T08:00:00+07:00') + w * 7 * 86_400_000 + k * 3600_000);
    danang.push(
      item('danang', published.toISOString(), new Date(published.getTime() + 60_000).toISOString(), w === 0 && k === 1 ? { clusterId: danang[1].id } : {}),
    );
  }

const source = (id: string, portalId: string, state: Source['health']['state'], paused = false): Source => ({
  id,
  portalId,
  url: `https://example.gov.vn/${id}.rss`,
  kind: 'feed',
  intervalSeconds: 600,
  paused,
  createdAt: '2026-01-01T00:00:00.000Z',
  health: { state, consecutiveFailures: 0, warnings: [], rejected: [] },
});
const SOURCES = [
  source('s-h1', 'hue', 'ok'),
  source('s-h2', 'hue', 'failing'),
  source('s-h3', 'hue', 'ok', true),
  source('s-p1', 'hue-phuxuan', 'disabled'),
  source('s-d1', 'danang', 'ok'),
  source('s-d2', 'danang', 'new'),
  source('s-q1', 'quangtri', 'failing', true),
];

describe('portal scorecard (pure computation)', () => {
  const directory = new Directory(PORTALS);
  let tally: ScorecardTally;
  before(() => {
    tally = new ScorecardTally(NOW);
    // pages in any order give the same tally: Đà Nẵng's items come newest first, after the copies
    // of its storm news; Huế's festival news comes before its copy, so it is read by id after the pass
    tally.add([...hue, ...phuxuan]);
    tally.add([...danang].reverse());
    expect(tally.missingFirsts()).to.deep.equal([FESTIVAL]);
    tally.addFirsts([...hue, ...phuxuan, ...danang]);
    expect(tally.missingFirsts()).to.deep.equal([]);
  });

  it('reads stored times as Date.parse does', () => {
    for (const s of [
      '2026-12-04T12:00:00+07:00',
      '2026-12-04T05:00:00.000Z',
      '2026-12-04T05:00:00.5Z',
      '2026-12-04T05:00:00.123456-03:30',
      '2024-02-29T23:59:59+14:00',
      '1969-12-31T23:59:59Z',
      '2000-03-01T00:00:00-12:00',
      // other shapes: Date.parse's answer
      '2026-12-04',
      '2026-12-04T05:00Z',
      'not a date',
    ])
      expect(Object.is(instant(s), Date.parse(s)), s).to.equal(true);
    // every hour of every day of a leap year and the next, in two zones
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 3_600_000 + 1) {
      const z = new Date(t).toISOString();
      expect(instant(z)).to.equal(t);
      expect(instant(`${new Date(t + 7 * 3_600_000).toISOString().slice(0, 23)}+07:00`)).to.equal(t);
    }
  });

  it('reads ISO weeks in Viet Nam, across year ends', () => {
    expect(isoWeek(vnWeekStart(NOW.getTime()))).to.equal('2026-W49');
    expect(new Date(vnWeekStart(NOW.getTime())).toISOString()).to.equal('2026-11-29T17:00:00.000Z');
    // 2026 began on a Thursday: it has 53 weeks, the last one from Monday 12-28
    expect(isoWeek(vnWeekStart(Date.parse('2026-12-31T12:00:00+07:00')))).to.equal('2026-W53');
    expect(isoWeek(vnWeekStart(Date.parse('2027-01-03T23:00:00+07:00')))).to.equal('2026-W53');
    expect(isoWeek(vnWeekStart(Date.parse('2027-01-04T00:00:00+07:00')))).to.equal('2027-W01');
    // Monday 2024-12-30 begins 2025-W01 (its Thursday is 2025-01-02)
    expect(isoWeek(vnWeekStart(Date.parse('2024-12-31T10:00:00+07:00')))).to.equal('2025-W01');
  });

  it("computes a province's scorecard", () => {
    const card = portalScorecard(tally, directory, SOURCES, 'hue', false);
    const { chartSvg: svg, gradeRule, ...figures } = card;
    expect(figures).to.deep.equal({
      portalId: 'hue',
      name: 'Thành phố Huế',
      level: 'province',
      subtree: false,
      portals: 1,
      window: { since: SINCE, until: NOW.toISOString(), weeks: 12 },
      // W38: the 09-14 item; W47: the 11-20 item; W48: Sunday 11-29; W49: 12-03, Monday 00:10, 12-01 (date-missing)
      weeks: weeks([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]),
      itemsInWindow: 6,
      // 6 / 12
      averagePerWeek: 0.5,
      // 12-03 10:00 +07:00; the withdrawn 12-04 item does not count
      lastPublishedAt: '2026-12-03T03:00:00.000Z',
      // delays 600, 1800, 3600, 7200 (date-missing and negative left out): (1800 + 3600) / 2
      medianDelaySeconds: 2700,
      // s-h1 ok, s-h2 failing, s-h3 paused (whatever its health)
      sources: { total: 3, ok: 1, failing: 1, disabled: 0, new: 0, paused: 1 },
      // images: 12-03 (image), 11-29 (media image/jpeg), 11-20 (image) → 3 / 6
      imageShare: 0.5,
      // topics: 12-03, 11-29, 12-01 → 3 / 6
      topicShare: 0.5,
      // FESTIVAL: Huế first, Phú Xuân copied it; STORM: Đà Nẵng first (09:00), Huế copied (10:00)
      republishedByOthers: 1,
      republishedFromOthers: 1,
      // last publication 26 h before now (≤ 2 days) but 0.5 items a week: not A (≥ 5), not B (≥ 1); ≤ 14 days: C
      grade: 'C',
    });
    expect(gradeRule.norm).to.equal('weekly');
    expect(gradeRule.en).to.contain('A: last publication at most 2 days ago and at least 5 items a week on average over the 12 weeks');
    expect(gradeRule.vi).to.contain('A: tin mới nhất đăng trong vòng 2 ngày và trung bình từ 5 tin/tuần trở lên trong 12 tuần');
    expect(svg).to.equal(chartSvg(card));
  });

  it('counts a subtree as one publisher', () => {
    const { chartSvg: _svg, gradeRule: _rule, window: _window, ...figures } = portalScorecard(tally, directory, SOURCES, 'hue', true);
    expect(figures).to.deep.equal({
      portalId: 'hue',
      name: 'Thành phố Huế',
      level: 'province',
      subtree: true,
      portals: 2,
      // Huế's weeks, plus Phú Xuân's two W49 items: 3 + 2 = 5
      weeks: weeks([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 5]),
      itemsInWindow: 8,
      // 8 / 12 = 0.666…
      averagePerWeek: 0.67,
      // Phú Xuân's 12-03 11:00 +07:00, after Huế's 10:00
      lastPublishedAt: '2026-12-03T04:00:00.000Z',
      // 600, 1200, 1800, 3600, 3600, 7200: (1800 + 3600) / 2
      medianDelaySeconds: 2700,
      // Huế's three, and Phú Xuân's s-p1 disabled
      sources: { total: 4, ok: 1, failing: 1, disabled: 1, new: 0, paused: 1 },
      // 3 / 8 and 3 / 8: Phú Xuân's items have neither
      imageShare: 0.375,
      topicShare: 0.375,
      // FESTIVAL stays inside the subtree; STORM's origin is Đà Nẵng, outside
      republishedByOthers: 0,
      republishedFromOthers: 1,
      grade: 'C',
    });
  });

  it('grades a commune by the monthly norm', () => {
    const card = portalScorecard(tally, directory, SOURCES, 'hue-phuxuan', false);
    expect(card).to.include({
      itemsInWindow: 2,
      // (1200 + 3600) / 2
      medianDelaySeconds: 2400,
      imageShare: 0,
      topicShare: 0,
      republishedByOthers: 0,
      // STORM (Đà Nẵng's) and FESTIVAL (Huế's)
      republishedFromOthers: 2,
      // 2 / 12 = 0.17 a week: not A (≥ 1 a week), not B (≥ 3 in 12 weeks); published 25 h ago, ≤ 60 days: C
      grade: 'C',
    });
    expect(card.gradeRule.norm).to.equal('monthly');
    expect(card.gradeRule.en).to.contain('B: last publication at most 30 days ago and at least 3 items in the 12 weeks (about one a month)');
  });

  it('gives the national table of a level in directory order, and sorts it', () => {
    const table = scorecardTable(tally, directory, SOURCES, { level: 'province' });
    expect(table.sort).to.equal(null);
    expect(table.order).to.equal('asc');
    expect(table.gradeRule.norm).to.equal('weekly');
    // by administrative code: 45, 46, 48; the commune is not a province
    expect(table.scorecards.map((r) => r.portalId)).to.deep.equal(['quangtri', 'hue', 'danang']);
    const [quangtri, , danangRow] = table.scorecards;
    expect(danangRow).to.deep.equal({
      portalId: 'danang',
      name: 'Thành phố Đà Nẵng',
      level: 'province',
      subtree: false,
      portals: 1,
      // 5 every Wednesday, and the storm news on Thursday 12-03 in W49
      weeks: weeks([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6]),
      itemsInWindow: 61,
      // 61 / 12 = 5.0833…
      averagePerWeek: 5.08,
      lastPublishedAt: '2026-12-03T02:00:00.000Z',
      // sixty delays of 60 s and one of 300 s: the 31st of 61 is 60
      medianDelaySeconds: 60,
      sources: { total: 2, ok: 1, failing: 0, disabled: 0, new: 1, paused: 0 },
      // 1 / 61 = 0.016393…
      imageShare: 0.0164,
      topicShare: 0.0164,
      // STORM, carried by Huế and Phú Xuân, counts once; the two Wednesday items of one cluster are both its own
      republishedByOthers: 1,
      republishedFromOthers: 0,
      // 27 h ago (≤ 2 days) and 5.08 a week (≥ 5): A
      grade: 'A',
    });
    expect(quangtri).to.deep.include({
      itemsInWindow: 0,
      weeks: weeks([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      lastPublishedAt: null,
      medianDelaySeconds: null,
      imageShare: null,
      topicShare: null,
      sources: { total: 1, ok: 0, failing: 0, disabled: 0, new: 0, paused: 1 },
      grade: 'E',
    });
    const order = (sort: string, dir: 'asc' | 'desc') =>
      scorecardTable(tally, directory, SOURCES, { level: 'province', sort, order: dir }).scorecards.map((r) => r.portalId);
    expect(order('itemsInWindow', 'desc')).to.deep.equal(['danang', 'hue', 'quangtri']);
    expect(order('grade', 'asc')).to.deep.equal(['danang', 'hue', 'quangtri']);
    // no delay at all sorts last, whatever the order
    expect(order('medianDelaySeconds', 'asc')).to.deep.equal(['danang', 'hue', 'quangtri']);
    expect(order('medianDelaySeconds', 'desc')).to.deep.equal(['hue', 'danang', 'quangtri']);
    // equal values keep directory order (Quảng Trị's failing source is paused, so counts as paused)
    expect(order('sourcesFailing', 'desc')).to.deep.equal(['hue', 'quangtri', 'danang']);
    expect(scorecardTable(tally, directory, SOURCES, { level: 'commune' }).scorecards.map((r) => r.portalId)).to.deep.equal(['hue-phuxuan']);
  });

  it('draws an accessible chart of the weeks', () => {
    const svg = portalScorecard(tally, directory, SOURCES, 'hue', false).chartSvg;
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*role="img"/);
    const label =
      'Thành phố Huế — số tin mỗi tuần / items per week, 2026-W38 – 2026-W49: 2026-W38 1, 2026-W39 0, 2026-W40 0, 2026-W41 0, 2026-W42 0, 2026-W43 0, 2026-W44 0, 2026-W45 0, 2026-W46 0, 2026-W47 1, 2026-W48 1, 2026-W49 3';
    expect(svg).to.contain(`aria-label="${label}"`);
    expect(svg).to.contain(`<title>${label}</title>`);
    expect(svg.match(/<rect /g)).to.have.length(12);
    // the tallest week (3 items) fills the 32 px; a week of 1 is a third of it, round(32 / 3) = 11
    expect(svg).to.contain('<rect x="110" y="0" width="8" height="32"');
    expect(svg).to.contain('<rect x="100" y="21" width="8" height="11"');
    const named = chartSvg({ ...portalScorecard(tally, directory, SOURCES, 'hue', false), name: 'Huế <b>&</b> "Phú Xuân"' });
    expect(named).to.contain('<title>Huế &lt;b&gt;&amp;&lt;/b&gt; &quot;Phú Xuân&quot; — ');
  });

  it('writes the table as CSV with a BOM, English headers and no formulas', () => {
    const table = scorecardTable(tally, directory, SOURCES, { level: 'province' });
    table.scorecards[0] = { ...table.scorecards[0], name: '=HYPERLINK("http://x","bấm")' };
    const csv = scorecardCsv(table);
    expect(csv.startsWith('\uFEFFportalId,name,level,grade,itemsInWindow,averagePerWeek,lastPublishedAt,medianDelaySeconds,2026-W38,')).to.equal(true);
    const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true });
    expect(rows.map((r) => r.portalId)).to.deep.equal(['quangtri', 'hue', 'danang']);
    expect(rows[0].name).to.equal('\'=HYPERLINK("http://x","bấm")');
    expect(rows[1]).to.include({
      name: 'Thành phố Huế',
      grade: 'C',
      itemsInWindow: '6',
      medianDelaySeconds: '2700',
      '2026-W49': '3',
      sourcesFailing: '1',
      republishedFromOthers: '1',
    });
    expect(rows[0]).to.include({ lastPublishedAt: '', medianDelaySeconds: '', imageShare: '' });
  });
});
