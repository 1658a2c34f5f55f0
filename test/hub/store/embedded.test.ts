import { expect } from 'chai';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import type { Store } from '../../../hub/store/store.ts';
import { makeItem, storeContract } from './contract.ts';

const dirs = new WeakMap<Store, string>();
async function open(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
  const store = await EmbeddedStore.open(dir);
  dirs.set(store, dir);
  return store;
}
async function reopen(store: Store): Promise<Store> {
  const dir = dirs.get(store)!;
  await store.close();
  const again = await EmbeddedStore.open(dir);
  dirs.set(again, dir);
  return again;
}

storeContract('embedded', open, reopen);

describe('store/embedded', () => {
  it('drops a torn last journal line (a crash mid-write) and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
    const store = await EmbeddedStore.open(dir);
    await store.putItems([makeItem(1)]);
    await store.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"t":"item","v":{"id":"item0000000');
    const again = await EmbeddedStore.open(dir);
    expect(await again.countItems()).to.equal(1);
    await again.putItems([makeItem(2)]);
    await again.close();
    const third = await EmbeddedStore.open(dir);
    expect(await third.countItems()).to.equal(2);
    await third.close();
  });

  it('compacts a long journal into a snapshot without losing items', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
    const store = await EmbeddedStore.open(dir);
    for (let round = 0; round < 6; round++) await store.putItems(Array.from({ length: 2000 }, (_, i) => makeItem(i, { title: `v${round}` })));
    await store.close();
    const again = await EmbeddedStore.open(dir);
    expect(await again.countItems()).to.equal(2000);
    expect((await again.getItems([makeItem(5).id])).get(makeItem(5).id)!.title).to.equal('v5');
    await again.close();
  });
});
