/**
 * The store contract: every Store implementation must pass these. Each implementation's test file
 * calls `storeContract(name, open)` with a function that opens a fresh, empty store.
 */
import { expect } from 'chai';
import { REPORTS_KEPT, type Store } from '../../../hub/store/store.ts';
import type { Item, Portal, RefreshReport, Source } from '../../../hub/model.ts';
import { titleKeys } from '../../../hub/pipeline/title-keys.ts';

export function makeItem(n: number, over: Partial<Item> = {}): Item {
  const t = new Date(Date.UTC(2026, 10, 1) + n * 3600_000).toISOString().replace('.000Z', '+00:00');
  return {
    id: `item${String(n).padStart(12, '0')}`,
    portalId: n % 2 ? 'hue' : 'danang',
    sourceId: 's1',
    url: `https://x.gov.vn/${n}`,
    title: `Tin số ${n} về chuyển đổi số`,
    summary: n % 3 ? 'Đà Nẵng' : 'Huế',
    contentHtml: '<p>x</p>',
    publishedAt: t,
    updatedAt: t,
    fetchedAt: t,
    authors: [],
    categories: n % 5 ? [] : ['Kinh tế'],
    topics: n % 4 ? [] : ['chuyen-doi-so'],
    media: [],
    language: 'vi',
    clusterId: `item${String(n).padStart(12, '0')}`,
    flags: [],
    ...over,
  };
}

export function makeSource(id: string, over: Partial<Source> = {}): Source {
  return {
    id,
    portalId: 'hue',
    url: id === 's1' ? 'https://hue.gov.vn/rss' : `https://hue.gov.vn/${id}.rss`,
    kind: 'feed',
    intervalSeconds: 900,
    paused: false,
    createdAt: '2026-11-24T00:00:00Z',
    health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
    ...over,
  };
}

export function storeContract(name: string, open: () => Promise<Store>, reopen?: (store: Store) => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps portals and sources', async () => {
      const portal: Portal = { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46', createdAt: '2026-11-24T00:00:00Z' };
      await store.putPortal(portal);
      expect(await store.getPortal('hue')).to.deep.equal(portal);
      const source = makeSource('s1');
      await store.putSource(source);
      expect(await store.listSources({ portalId: 'hue' })).to.deep.equal([source]);
      expect(await store.listSources({ portalId: 'danang' })).to.deep.equal([]);
      expect(await store.deleteSource('s1')).to.equal(true);
      expect(await store.getSource('s1')).to.equal(undefined);
      expect(await store.deletePortal('hue')).to.equal(true);
      expect(await store.listPortals()).to.deep.equal([]);
    });

    it('keeps the last refresh reports of each source, newest first, paged, gone with the source (and across a reopen)', async () => {
      const source = (id: string) => makeSource(id);
      const report = (sourceId: string, n: number): RefreshReport => ({
        id: `${String(n).padStart(10, '0')}-r`,
        sourceId,
        trigger: n % 3 ? 'schedule' : 'operator',
        startedAt: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
        durationMs: n,
        fetchedAt: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
        httpStatus: 200,
        notModified: false,
        new: n,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        warnings: [],
      });
      await store.putSource(source('s1'));
      await store.putSource(source('s2'));
      const extra = 5;
      for (let n = 0; n < REPORTS_KEPT + extra; n++) await store.addRefreshReport(report('s1', n));
      await store.addRefreshReport(report('s2', 7));
      // a source that is not (or no longer) there keeps no reports
      await store.addRefreshReport(report('gone', 1));
      expect(await store.listRefreshReports('gone', { limit: 10 })).to.deep.equal([]);
      const newest = REPORTS_KEPT + extra - 1;
      const first = await store.listRefreshReports('s1', { limit: 10 });
      expect(first).to.deep.equal(Array.from({ length: 10 }, (_, i) => report('s1', newest - i)));
      const rest = await store.listRefreshReports('s1', { before: first.at(-1)!.id, limit: 1000 });
      expect(rest.map((r) => r.new)).to.deep.equal(Array.from({ length: REPORTS_KEPT - 10 }, (_, i) => newest - 10 - i));
      expect(await store.listRefreshReports('s2', { limit: 10 })).to.deep.equal([report('s2', 7)]);
      if (reopen) store = await reopen(store);
      expect((await store.listRefreshReports('s1', { limit: REPORTS_KEPT + 1 })).length).to.equal(REPORTS_KEPT);
      await store.deleteSource('s1');
      await store.putSource(source('s1'));
      expect(await store.listRefreshReports('s1', { limit: 10 })).to.deep.equal([]);
      expect(await store.listRefreshReports('s2', { limit: 10 })).to.have.length(1);
    });

    it('pages items newest first with a cursor that holds while new items arrive', async () => {
      await store.putItems(Array.from({ length: 30 }, (_, i) => makeItem(i)));
      const first = await store.queryItems({ limit: 10 });
      expect(first.items.map((i) => i.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => makeItem(29 - i).id));
      await store.putItems([makeItem(100), makeItem(101)]);
      const second = await store.queryItems({ limit: 10, cursor: first.nextCursor! });
      expect(second.items.map((i) => i.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => makeItem(19 - i).id));
      const last = await store.queryItems({ limit: 50, cursor: second.nextCursor! });
      expect(last.items).to.have.length(10);
      expect(last.nextCursor).to.equal(null);
    });

    it('filters by portal, topic, category, time and folded text', async () => {
      await store.putItems(Array.from({ length: 20 }, (_, i) => makeItem(i)));
      const hue = await store.queryItems({ limit: 50, portalIds: ['hue'] });
      expect(hue.items.every((i) => i.portalId === 'hue')).to.equal(true);
      expect(hue.items).to.have.length(10);
      expect((await store.queryItems({ limit: 50, portalIds: [] })).items).to.have.length(0);
      expect((await store.queryItems({ limit: 50, topics: ['chuyen-doi-so'] })).items.map((i) => i.id)).to.deep.equal(
        [16, 12, 8, 4, 0].map((n) => makeItem(n).id),
      );
      expect((await store.queryItems({ limit: 50, categories: ['kinh te'] })).items).to.have.length(4);
      expect((await store.queryItems({ limit: 50, q: 'hue' })).items.map((i) => i.id)).to.deep.equal([18, 15, 12, 9, 6, 3, 0].map((n) => makeItem(n).id));
      expect((await store.queryItems({ limit: 50, q: 'DA NANG' })).items).to.have.length(13);
      const since = makeItem(10).publishedAt;
      const until = makeItem(12).publishedAt;
      expect((await store.queryItems({ limit: 50, since, until })).items.map((i) => i.id)).to.deep.equal([12, 11, 10].map((n) => makeItem(n).id));
    });

    it('replaces an item in place and finds items by url', async () => {
      await store.putItems([makeItem(1), makeItem(2)]);
      await store.putItems([makeItem(1, { title: 'Đã sửa' })]);
      const got = await store.getItems([makeItem(1).id, 'missing']);
      expect(got.get(makeItem(1).id)!.title).to.equal('Đã sửa');
      expect(got.has('missing')).to.equal(false);
      expect(await store.countItems()).to.equal(2);
      expect((await store.findItemsByUrl(['https://x.gov.vn/2'])).map((i) => i.id)).to.deep.equal([makeItem(2).id]);
    });

    it('walks a union of lists once per item and in order (several portals, several topics)', async () => {
      await store.putItems(
        Array.from({ length: 40 }, (_, i) => makeItem(i, { topics: i % 3 ? ['a', 'b'] : ['a'], portalId: ['hue', 'danang', 'quangtri'][i % 3] })),
      );
      const both = await store.queryItems({ limit: 100, topics: ['a', 'b'] });
      expect(both.items.map((i) => i.id)).to.deep.equal(Array.from({ length: 40 }, (_, i) => makeItem(39 - i).id));
      const two = await store.queryItems({ limit: 100, portalIds: ['hue', 'quangtri'], topics: ['b'] });
      expect(two.items.map((i) => i.id)).to.deep.equal([38, 35, 32, 29, 26, 23, 20, 17, 14, 11, 8, 5, 2].map((n) => makeItem(n).id));
      // the same union paged four at a time, with a floor in time
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryItems({
          limit: 4,
          portalIds: ['hue', 'quangtri'],
          topics: ['b'],
          since: makeItem(5).publishedAt,
          ...(cursor ? { cursor } : {}),
        });
        paged.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged).to.deep.equal([38, 35, 32, 29, 26, 23, 20, 17, 14, 11, 8, 5].map((n) => makeItem(n).id));
    });

    it('pages a filtered query to the end without gaps or repeats', async () => {
      await store.putItems(Array.from({ length: 95 }, (_, i) => makeItem(i)));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryItems({ limit: 7, portalIds: ['hue'], q: 'chuyen', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).to.deep.equal(
        Array.from({ length: 95 }, (_, i) => 94 - i)
          .filter((n) => n % 2)
          .map((n) => makeItem(n).id),
      );
    });

    it('finds items by their current words after many rewrites, and none by words they lost', async () => {
      await store.putItems(Array.from({ length: 10 }, (_, i) => makeItem(i)));
      // one item rewritten 60 times, its title taking a new word each time
      for (let r = 0; r < 60; r++) await store.putItems([makeItem(3, { title: `Bản tin đợt${r} về chuyển đổi số` })]);
      expect((await store.queryItems({ limit: 50, q: 'dot59' })).items.map((i) => i.id)).to.deep.equal([makeItem(3).id]);
      expect((await store.queryItems({ limit: 50, q: 'dot58' })).items).to.deep.equal([]);
      expect((await store.queryItems({ limit: 50, q: 'dot' })).items.map((i) => i.id)).to.deep.equal([makeItem(3).id]);
      // every other item still has its words, once each
      expect((await store.queryItems({ limit: 50, q: 'chuyen doi' })).items.map((i) => i.id)).to.deep.equal(
        Array.from({ length: 10 }, (_, i) => makeItem(9 - i).id),
      );
      expect((await store.queryItems({ limit: 50, q: 'ban tin' })).items.map((i) => i.id)).to.deep.equal([makeItem(3).id]);
      expect((await store.queryItems({ limit: 50, q: 'so 7' })).items.map((i) => i.id)).to.deep.equal([makeItem(7).id]);
      await store.deleteItems([makeItem(3).id]);
      expect((await store.queryItems({ limit: 50, q: 'dot59' })).items).to.deep.equal([]);
    });

    it('lists an item once when a query word starts several of its words, across pages', async () => {
      // "đô thị" and "đối thoại": the query word "do" starts both folded words, "do" and "doi"
      await store.putItems(Array.from({ length: 9 }, (_, i) => makeItem(i, { title: i % 3 ? `Tin ${i}` : `Đô thị ${i} đối thoại` })));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryItems({ limit: 2, q: 'do', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).to.deep.equal([6, 3, 0].map((n) => makeItem(n).id));
    });

    it('filters by source, cluster and language, and pages within a time range', async () => {
      await store.putItems(
        Array.from({ length: 12 }, (_, i) =>
          makeItem(i, { sourceId: i < 6 ? 's1' : 's2', clusterId: i % 4 ? `c${i}` : 'shared', language: i === 3 ? 'en' : i === 5 ? 'vi-VN' : 'vi' }),
        ),
      );
      expect((await store.queryItems({ limit: 50, sourceId: 's2' })).items.map((i) => i.id)).to.deep.equal([11, 10, 9, 8, 7, 6].map((n) => makeItem(n).id));
      expect((await store.queryItems({ limit: 50, clusterId: 'shared' })).items.map((i) => i.id)).to.deep.equal([8, 4, 0].map((n) => makeItem(n).id));
      expect((await store.queryItems({ limit: 50, language: 'en' })).items.map((i) => i.id)).to.deep.equal([makeItem(3).id]);
      expect((await store.queryItems({ limit: 50, language: 'vi' })).items).to.have.length(11);
      const range = { since: makeItem(2).publishedAt, until: makeItem(9).publishedAt };
      const first = await store.queryItems({ limit: 5, ...range });
      expect(first.items.map((i) => i.id)).to.deep.equal([9, 8, 7, 6, 5].map((n) => makeItem(n).id));
      const rest = await store.queryItems({ limit: 5, ...range, cursor: first.nextCursor! });
      expect(rest.items.map((i) => i.id)).to.deep.equal([4, 3, 2].map((n) => makeItem(n).id));
      expect(rest.nextCursor).to.equal(null);
    });

    it('moves a replaced item to its new place in every index', async () => {
      await store.putItems(Array.from({ length: 5 }, (_, i) => makeItem(i)));
      await store.putItems([makeItem(0, { publishedAt: makeItem(50).publishedAt, topics: ['moi'], portalId: 'quangtri', url: 'https://x.gov.vn/moved' })]);
      expect((await store.queryItems({ limit: 1 })).items[0].id).to.equal(makeItem(0).id);
      expect((await store.queryItems({ limit: 50, topics: ['chuyen-doi-so'] })).items.map((i) => i.id)).to.deep.equal([makeItem(4).id]);
      expect((await store.queryItems({ limit: 50, portalIds: ['danang'] })).items.map((i) => i.id)).to.deep.equal([4, 2].map((n) => makeItem(n).id));
      expect(await store.findItemsByUrl(['https://x.gov.vn/0'])).to.deep.equal([]);
      expect((await store.queryItems({ limit: 50 })).items).to.have.length(5);
    });

    it('deletes items and prunes by age and by count per source', async () => {
      await store.putItems(Array.from({ length: 30 }, (_, i) => makeItem(i, { sourceId: i % 2 ? 'odd' : 'even' })));
      expect(await store.deleteItems([makeItem(29).id, makeItem(29).id, 'missing'])).to.equal(1);
      expect(await store.countItems()).to.equal(29);
      expect((await store.queryItems({ limit: 1 })).items[0].id).to.equal(makeItem(28).id);
      // by age, in batches: 10 items are older than item 10
      const before = makeItem(10).publishedAt;
      expect(await store.pruneItems({ before }, 4)).to.equal(4);
      expect(await store.pruneItems({ before }, 100)).to.equal(6);
      expect(await store.pruneItems({ before }, 100)).to.equal(0);
      // 19 left: 10..28; odd source has 9 (11..27), even has 10 (10..28); keep the 3 newest of each
      expect(await store.pruneItems({ maxPerSource: 3 }, 100)).to.equal(13);
      expect((await store.queryItems({ limit: 50 })).items.map((i) => i.id)).to.deep.equal([28, 27, 26, 25, 24, 23].map((n) => makeItem(n).id));
      expect((await store.getItems([makeItem(10).id])).size).to.equal(0);
      expect(await store.findItemsByUrl(['https://x.gov.vn/10'])).to.deep.equal([]);
    });

    it('finds items by title key within a time range, and forgets replaced and deleted items', async () => {
      const title = 'Thủ tướng chủ trì hội nghị toàn quốc về chuyển đổi số';
      await store.putItems([
        makeItem(1, { title }),
        makeItem(2, { title: 'Thủ tướng chủ trì Hội nghị toàn quốc về chuyển đổi số năm 2026', portalId: 'quangtri' }),
        makeItem(3, { title: 'Lịch công tác tuần của Ủy ban nhân dân tỉnh' }),
        makeItem(200, { title }),
      ]);
      const window = [makeItem(0).publishedAt, makeItem(48).publishedAt] as const;
      const found = async (t = title) => (await store.findTitlesByTitleKey(titleKeys(t), ...window)).map((i) => i.id).sort();
      expect(await found()).to.deep.equal([1, 2].map((n) => makeItem(n).id));
      // the bounds are inclusive, like queryItems' since/until
      expect((await store.findTitlesByTitleKey(titleKeys(title), makeItem(2).publishedAt, makeItem(200).publishedAt)).map((i) => i.id).sort()).to.deep.equal(
        [2, 200].map((n) => makeItem(n).id),
      );
      expect(await store.findTitlesByTitleKey([], ...window)).to.deep.equal([]);
      // what the title check needs, without the rest of the item
      const two = (await store.findTitlesByTitleKey(titleKeys(title), ...window)).find((c) => c.id === makeItem(2).id)!;
      expect({ id: two.id, sourceId: two.sourceId, title: two.title }).to.deep.equal({
        id: makeItem(2).id,
        sourceId: makeItem(2).sourceId,
        title: 'Thủ tướng chủ trì Hội nghị toàn quốc về chuyển đổi số năm 2026',
      });
      // a cap per key keeps the newest: item 200 carries every key of the title
      expect((await store.findTitlesByTitleKey(titleKeys(title), makeItem(0).publishedAt, makeItem(200).publishedAt, 1)).map((i) => i.id)).to.deep.equal([
        makeItem(200).id,
      ]);
      await store.putItems([makeItem(2, { title: 'Kết quả giải quyết thủ tục hành chính tháng 11' })]);
      expect(await found()).to.deep.equal([makeItem(1).id]);
      expect(await found('Kết quả giải quyết thủ tục hành chính tháng 11')).to.deep.equal([makeItem(2).id]);
      await store.deleteItems([makeItem(1).id]);
      expect(await found()).to.deep.equal([]);
      expect(await store.pruneItems({ before: makeItem(10).publishedAt }, 100)).to.equal(2);
      expect(await found('Kết quả giải quyết thủ tục hành chính tháng 11')).to.deep.equal([]);
    });

    it("writes a source together with items (a refresh's outcome)", async () => {
      const source = makeSource('s1', { health: { state: 'ok', consecutiveFailures: 0, warnings: [], rejected: [], etag: '"v2"' } });
      await store.putItems([makeItem(1), makeItem(2)], source);
      expect(await store.getSource('s1')).to.deep.equal(source);
      expect(await store.countItems()).to.equal(2);
      await store.putItems([], { ...source, health: { ...source.health, etag: '"v3"' } });
      expect((await store.getSource('s1'))!.health.etag).to.equal('"v3"');
    });

    it('keeps meta values', async () => {
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      expect(await store.getMeta('k')).to.equal('v2');
      expect(await store.getMeta('nope')).to.equal(undefined);
    });

    it('keeps meta maps one entry at a time', async () => {
      await store.setMetaEntry('m', 'a', '1');
      await store.setMetaEntry('m', 'b', '2');
      await store.setMetaEntry('m', 'a', '3');
      await store.setMetaEntry('other', 'a', 'x');
      await store.setMetaEntry('m', 'b', undefined);
      await store.setMetaEntry('m', 'never', undefined);
      expect([...(await store.getMetaEntries('m'))]).to.deep.equal([['a', '3']]);
      expect([...(await store.getMetaEntries('nope'))]).to.deep.equal([]);
      if (reopen) {
        store = await reopen(store);
        expect([...(await store.getMetaEntries('m'))]).to.deep.equal([['a', '3']]);
        expect([...(await store.getMetaEntries('other'))]).to.deep.equal([['a', 'x']]);
      }
    });

    if (reopen) {
      it('keeps everything across a reopen', async () => {
        await store.putItems([makeItem(1), makeItem(2), makeItem(3)]);
        await store.deleteItems([makeItem(3).id]);
        await store.setMeta('k', 'v');
        store = await reopen(store);
        expect(await store.countItems()).to.equal(2);
        expect((await store.queryItems({ limit: 5, topics: ['chuyen-doi-so'] })).items).to.have.length(0);
        expect((await store.queryItems({ limit: 5, portalIds: ['danang'] })).items.map((i) => i.id)).to.deep.equal([makeItem(2).id]);
        expect(await store.getMeta('k')).to.equal('v');
        expect(
          (await store.findTitlesByTitleKey(titleKeys(makeItem(1).title), makeItem(0).publishedAt, makeItem(5).publishedAt)).map((i) => i.id).sort(),
        ).to.deep.equal([1, 2].map((n) => makeItem(n).id));
      });
    }
  });
}
