/**
 * The store contract: every Store implementation must pass these. Each implementation's test file
 * calls `storeContract(name, open)` with a function that opens a fresh, empty store.
 */
import { expect } from 'chai';
import type { Store } from '../../../hub/store/store.ts';
import type { Item, Portal, Source } from '../../../hub/model.ts';

export function makeItem(n: number, over: Partial<Item> = {}): Item {
  const t = new Date(Date.UTC(2026, 10, 1) + n * 3600_000).toISOString().replace('.000Z', '+00:00');
  return {
    id: `item${String(n).padStart(12, '0')}`, portalId: n % 2 ? 'hue' : 'danang', sourceId: 's1', url: `https://x.gov.vn/${n}`,
    title: `Tin số ${n} về chuyển đổi số`, summary: n % 3 ? 'Đà Nẵng' : 'Huế', contentHtml: '<p>x</p>', publishedAt: t, updatedAt: t, fetchedAt: t,
    authors: [], categories: n % 5 ? [] : ['Kinh tế'], topics: n % 4 ? [] : ['chuyen-doi-so'], media: [], language: 'vi', clusterId: `item${String(n).padStart(12, '0')}`, flags: [], ...over,
  };
}

export function storeContract(name: string, open: () => Promise<Store>, reopen?: (store: Store) => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    it('keeps portals and sources', async () => {
      const portal: Portal = { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46', createdAt: '2026-11-24T00:00:00Z' };
      await store.putPortal(portal);
      expect(await store.getPortal('hue')).to.deep.equal(portal);
      const source: Source = { id: 's1', portalId: 'hue', url: 'https://hue.gov.vn/rss', kind: 'feed', intervalSeconds: 900, paused: false, createdAt: '2026-11-24T00:00:00Z', health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] } };
      await store.putSource(source);
      expect(await store.listSources({ portalId: 'hue' })).to.deep.equal([source]);
      expect(await store.listSources({ portalId: 'danang' })).to.deep.equal([]);
      expect(await store.deleteSource('s1')).to.equal(true);
      expect(await store.getSource('s1')).to.equal(undefined);
      expect(await store.deletePortal('hue')).to.equal(true);
      expect(await store.listPortals()).to.deep.equal([]);
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
      expect((await store.queryItems({ limit: 50, topics: ['chuyen-doi-so'] })).items.map((i) => i.id)).to.deep.equal([16, 12, 8, 4, 0].map((n) => makeItem(n).id));
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

    it('keeps meta values', async () => {
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      expect(await store.getMeta('k')).to.equal('v2');
      expect(await store.getMeta('nope')).to.equal(undefined);
    });

    if (reopen) {
      it('keeps everything across a reopen', async () => {
        await store.putItems([makeItem(1), makeItem(2)]);
        await store.setMeta('k', 'v');
        store = await reopen(store);
        expect(await store.countItems()).to.equal(2);
        expect(await store.getMeta('k')).to.equal('v');
      });
    }
  });
}
