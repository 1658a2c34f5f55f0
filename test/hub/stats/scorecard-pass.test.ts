/**
 * The scorecards' tally kept up to date (hub/stats/scorecard-pass.ts) over a real embedded store
 * holding the hand-computed fixture: after announced changes, re-tallying only the changed portals
 * (and their sources) gives exactly what a full pass over the store gives; a page still rendering from the tally it
 * got is not changed under it; unannounced changes and too many changed portals make a full pass.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { Directory } from '../../../hub/directory/directory.ts';
import { ItemAnnouncer } from '../../../hub/publish/announce.ts';
import { FULL_PASS_MAX_MS, PARTIAL_MAX, ScorecardPasses, type ScorecardState } from '../../../hub/stats/scorecard-pass.ts';
import { portalScorecard, scorecardTable } from '../../../hub/stats/scorecard.ts';
import { danang, FESTIVAL, hue, item, ITEMS, NOW, phuxuan, PORTALS, source, SOURCES, STORM } from './scorecard-fixture.ts';

/** Every figure the scorecards give from a tally: the tables of each level, and Huế alone and with its subtree. */
function figures(state: ScorecardState, directory: Directory) {
  return {
    provinces: scorecardTable(state.tally, directory, state.sources, { level: 'province' }),
    communes: scorecardTable(state.tally, directory, state.sources, { level: 'commune' }),
    hue: portalScorecard(state.tally, directory, state.sources, 'hue', false),
    hueTree: portalScorecard(state.tally, directory, state.sources, 'hue', true),
  };
}

describe('scorecards: the tally kept up to date', () => {
  let dir: string;
  let store: EmbeddedStore;
  const directory = new Directory(PORTALS);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-scorecard-pass-'));
    store = await EmbeddedStore.open(dir);
    for (const p of PORTALS) await store.putPortal(p);
    for (const s of SOURCES) await store.putSource(s);
    await store.putItems(ITEMS());
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A full pass over the store as it is now, by a fresh instance. */
  const fresh = async () => figures(await new ScorecardPasses(store, () => NOW, new ItemAnnouncer()).current(directory), directory);

  it('re-tallies only the changed portals, and gives what a full pass gives', async () => {
    const announcer = new ItemAnnouncer();
    const passes = new ScorecardPasses(store, () => NOW, announcer);
    const first = await passes.current(directory);
    const before = figures(first, directory);
    expect(before).to.deep.equal(await fresh());
    expect(before.hue).to.include({ itemsInWindow: 6, republishedByOthers: 1, grade: 'C' });
    expect(passes.counts).to.deep.equal({ full: 1, partial: 0, kept: 0 });

    // Huế publishes a new item of its own; Đà Nẵng republishes Huế's FESTIVAL; Phú Xuân withdraws its copy of STORM
    const created = [
      item('hue', '2026-12-04T09:00:00+07:00', '2026-12-04T09:10:00+07:00', { topics: ['y-te'] }),
      item('danang', '2026-12-02T15:00:00+07:00', '2026-12-02T15:01:00+07:00', { clusterId: FESTIVAL }),
    ];
    const withdrawn = { ...phuxuan.find((i) => i.clusterId === STORM)!, flags: ['withdrawn' as const] };
    // and a new source of Đà Nẵng brought its item: the portal's sources are read again with it
    await store.putSource(source('s-d3', 'danang', 'ok'));
    await store.putItems([...created, withdrawn]);
    announcer.announce({ created, updated: [withdrawn] });

    const second = await passes.current(directory);
    expect(passes.counts).to.deep.equal({ full: 1, partial: 1, kept: 0 });
    const after = figures(second, directory);
    expect(after).to.deep.equal(await fresh());
    // the changes show: Huế 7 items, its festival news now carried by Phú Xuân and Đà Nẵng (still one cluster)
    expect(after.hue).to.include({ itemsInWindow: 7, republishedByOthers: 1, republishedFromOthers: 1 });
    expect(after.hue.lastPublishedAt).to.equal('2026-12-04T02:00:00.000Z');
    expect(after.provinces.scorecards.find((r) => r.portalId === 'danang')).to.deep.include({
      itemsInWindow: 62,
      republishedFromOthers: 1,
      sources: { total: 3, ok: 2, failing: 0, disabled: 0, new: 1, paused: 0 },
    });
    expect(after.communes.scorecards[0]).to.include({ itemsInWindow: 1, republishedFromOthers: 1 });
    // the tally the first read got is as it was: a page still rendering from it shows the figures of then
    expect(figures(first, directory)).to.deep.equal(before);

    // Quảng Trị alone republishes STORM: a cluster whose other portals did not change
    const copy = item('quangtri', '2026-12-03T20:00:00+07:00', '2026-12-03T20:05:00+07:00', { clusterId: STORM });
    await store.putItems([copy]);
    announcer.announce({ created: [copy], updated: [] });
    const third = await passes.current(directory);
    expect(figures(third, directory)).to.deep.equal(await fresh());
    expect(figures(third, directory).provinces.scorecards.find((r) => r.portalId === 'quangtri')).to.include({ itemsInWindow: 1, republishedFromOthers: 1 });
    expect(passes.counts).to.deep.equal({ full: 1, partial: 2, kept: 0 });

    // nothing changed since: the same tally
    expect(await passes.current(directory)).to.have.property('tally', third.tally);
    expect(passes.counts.kept).to.equal(1);
  });

  it('makes a full pass after a change it was not told of, or when too many portals changed', async () => {
    const announcer = new ItemAnnouncer();
    const passes = new ScorecardPasses(store, () => NOW, announcer);
    await passes.current(directory);
    // items removed without an announcement (a source removed with its items)
    await store.deleteItems(danang.slice(0, 10).map((i) => i.id));
    passes.invalidate();
    expect(figures(await passes.current(directory), directory)).to.deep.equal(await fresh());
    expect(passes.counts.full).to.equal(2);
    // changes announced for more portals than a partial re-tally is worth
    const many = Array.from({ length: PARTIAL_MAX + 1 }, (_, i) => ({ ...hue[0], id: `x${i}`, portalId: `p${i}` }));
    announcer.announce({ created: many, updated: [] });
    await passes.current(directory);
    expect(passes.counts).to.include({ full: 3, partial: 0 });
  });

  it('starts afresh when the week turns, and at least every FULL_PASS_MAX_MS', async () => {
    let now = NOW;
    const passes = new ScorecardPasses(store, () => now, new ItemAnnouncer());
    await passes.current(directory);
    // ten minutes on: the same tally, its clock moved (the grades read it)
    now = new Date(NOW.getTime() + 10 * 60_000);
    const later = await passes.current(directory);
    expect(passes.counts).to.include({ full: 1, kept: 1 });
    expect(later.tally.now).to.equal(now.getTime());
    expect(later.tally.window().until).to.equal(now.toISOString());
    // past FULL_PASS_MAX_MS: a full pass all the same
    now = new Date(NOW.getTime() + FULL_PASS_MAX_MS + 60_000);
    await passes.current(directory);
    expect(passes.counts.full).to.equal(2);
    // Monday 2026-12-07 00:00 in Viet Nam: a new week, a new window
    now = new Date('2026-12-06T17:00:00Z');
    const monday = await passes.current(directory);
    expect(passes.counts.full).to.equal(3);
    expect(monday.tally.window().since).to.equal('2026-09-20T17:00:00.000Z');
  });
});
