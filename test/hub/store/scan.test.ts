/**
 * store.scanItems, on both stores (the contract the scorecards rely on): every item published at
 * or after `since` (all without it), each once, withdrawn ones too (the store keeps what it is
 * given); the floor is inclusive, like queryItems' `since`.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import type { Item } from '../../../hub/model.ts';
import type { Store } from '../../../hub/store/store.ts';
import { openTestRedisStore } from '../../support/redis.ts';
import { makeItem } from './contract.ts';

const scanned = async (store: Store, since?: string) => {
  const seen: string[] = [];
  let pages = 0;
  await store.scanItems(since ? { since } : {}, (items: Item[]) => {
    pages++;
    for (const i of items) seen.push(i.id);
  });
  return { ids: seen.sort(), pages };
};

for (const [name, open] of [
  [
    'embedded',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hub-scan-'));
      const store = await EmbeddedStore.open(dir);
      return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [
    'redis',
    async () => {
      const store = await openTestRedisStore();
      return { store, done: async () => (await store.clear(), await store.close()) };
    },
  ],
] as const) {
  describe(`store.scanItems: ${name}`, () => {
    let store: Store;
    let done: () => Promise<void>;
    before(async () => {
      ({ store, done } = await open());
    });
    after(async () => done());

    it('hands over every item at or after since, each once', async () => {
      expect(await scanned(store)).to.deep.equal({ ids: [], pages: 0 });
      // makeItem(n) is published at 2026-11-01T00:00Z + n hours; 1,205 items are more than one page on Redis
      const items = Array.from({ length: 1205 }, (_, n) => makeItem(n, n === 7 ? { flags: ['withdrawn'] } : {}));
      for (let i = 0; i < items.length; i += 300) await store.putItems(items.slice(i, i + 300));
      const all = await scanned(store);
      expect(all.ids).to.deep.equal(items.map((i) => i.id).sort());
      expect(all.pages).to.be.at.least(1);
      // item 1000 is published at exactly this instant: it is in, written with either offset
      const at = Date.UTC(2026, 10, 1) + 1000 * 3600_000;
      const recent = items
        .slice(1000)
        .map((i) => i.id)
        .sort();
      expect((await scanned(store, new Date(at).toISOString())).ids).to.deep.equal(recent);
      expect((await scanned(store, `${new Date(at + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`)).ids).to.deep.equal(recent);
      expect((await scanned(store, new Date(at + 1).toISOString())).ids).to.deep.equal(recent.filter((id) => id !== items[1000].id));
    });
  });
}
