/**
 * Portal scorecards, the pure computation (hub/stats/scorecard.ts), against a fixture whose
 * figures are worked out by hand below (the portals, sources and items with chosen dates,
 * delays, images, topics and clusters, and the fixed clock, are in ./scorecard-fixture.ts). Nothing expected here is computed by the
 * code under test.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { Directory } from '../../../hub/directory/directory.ts';
import { chartSvg, instant, isoWeek, portalScorecard, scorecardCsv, scorecardTable, ScorecardTally, vnWeekStart } from '../../../hub/stats/scorecard.ts';
import { danang, FESTIVAL, hue, NOW, phuxuan, PORTALS, SINCE, SOURCES, weeks } from './scorecard-fixture.ts';

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
