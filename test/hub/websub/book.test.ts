/** SubscriptionBook: one store entry per subscription, and books kept whole by an older hub moved into entries. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { SubscriptionBook } from '../../../hub/websub/book.ts';

interface Entry {
  id: string;
  n: number;
}

describe('WebSub subscription book', () => {
  let dir: string;
  let store: EmbeddedStore;
  /** Entry writes the store received: [field, value]. */
  let writes: [string, string | undefined][];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-book-'));
    store = await EmbeddedStore.open(dir);
    writes = [];
    const setMetaEntry = store.setMetaEntry.bind(store);
    store.setMetaEntry = (map, field, value) => {
      writes.push([field, value]);
      return setMetaEntry(map, field, value);
    };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const book = () => new SubscriptionBook<Entry>(store, 'book', (e) => e.id);

  it('writes only the entries a change added, changed or removed', async () => {
    const a = book();
    await a.open();
    for (let n = 0; n < 5; n++) a.entries.set(`s${n}`, { id: `s${n}`, n });
    await a.save();
    expect(writes).to.have.length(5);
    writes = [];
    a.entries.get('s2')!.n = 20;
    a.entries.delete('s4');
    await a.save();
    expect(writes).to.deep.equal([
      ['s2', JSON.stringify({ id: 's2', n: 20 })],
      ['s4', undefined],
    ]);
    writes = [];
    await a.save();
    expect(writes).to.deep.equal([]);
    const b = book();
    await b.open();
    expect([...b.entries.values()]).to.deep.equal([0, 1, 20, 3].map((n, i) => ({ id: `s${i}`, n })));
  });

  it('moves a list kept whole under the key (an older hub) into entries, once', async () => {
    await store.setMeta(
      'book',
      JSON.stringify([
        { id: 'x', n: 1 },
        { id: 'y', n: 2 },
      ]),
    );
    const a = book();
    await a.open();
    expect([...a.entries.keys()]).to.deep.equal(['x', 'y']);
    expect(await store.getMeta('book')).to.equal('[]');
    expect([...(await store.getMetaEntries('book')).keys()]).to.deep.equal(['x', 'y']);
  });

  it('sees what another instance wrote to other entries, and keeps it', async () => {
    const a = book();
    const b = book();
    await Promise.all([a.open(), b.open()]);
    a.entries.set('x', { id: 'x', n: 1 });
    b.entries.set('y', { id: 'y', n: 2 });
    await Promise.all([a.save(), b.save()]);
    await a.reload();
    expect([...a.entries.keys()].sort()).to.deep.equal(['x', 'y']);
  });
});
