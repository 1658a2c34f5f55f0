import { expect } from 'chai';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import type { Store } from '../../../hub/store/store.ts';
import { makeItem, storeContract } from './contract.ts';
import { processFetched } from '../../../hub/pipeline/refresh.ts';
import { ItemAnnouncer } from '../../../hub/publish/announce.ts';
import type { HubConfig } from '../../../hub/config.ts';
import type { Source } from '../../../hub/model.ts';

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
  it('makes a refresh durable with one journal sync: its items and its source together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
    const store = await EmbeddedStore.open(dir);
    const url = 'https://hue.gov.vn/rss';
    const source: Source = {
      id: 's1',
      portalId: 'hue',
      url,
      kind: 'feed',
      intervalSeconds: 900,
      paused: false,
      createdAt: '2026-11-24T00:00:00Z',
      health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
    };
    const items = [1, 2, 3]
      .map(
        (n) =>
          `<item><title>Tin số ${n}</title><link>https://hue.gov.vn/tin/${n}.html</link><pubDate>24/11/2026 08:3${n}</pubDate><description>Nội dung tin ${n}</description></item>`,
      )
      .join('');
    const body = Buffer.from(
      `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Huế</title><link>https://hue.gov.vn/</link>${items}</channel></rss>`,
    );
    const config = { timeZone: 'Asia/Ho_Chi_Minh', fetchTimeoutMs: 15000, maxFeedBytes: 1 << 20, allowPrivateFetch: false } as HubConfig;
    const before = store.syncCount;
    const result = await processFetched(
      { store, config, announcer: new ItemAnnouncer() },
      source,
      { url, finalUrl: url, status: 200, notModified: false, headers: { etag: '"a1"' }, body },
      new Date('2026-11-24T03:00:00Z'),
    );
    expect(result.new).to.equal(3);
    expect(store.syncCount - before).to.equal(1);
    await store.close();
    const again = await EmbeddedStore.open(dir);
    expect(await again.countItems()).to.equal(3);
    expect((await again.getSource('s1'))!.health.etag).to.equal('"a1"');
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

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

describe('store/embedded under kill -9', function () {
  this.timeout(120_000);

  it('loses no acknowledged write when the writing process is killed at any moment, and reopens cleanly', async () => {
    const { fork } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'hub-crash-'));
    /** Per item id, the newest version the store acknowledged. */
    const acked = new Map<string, number>();
    let total = 0;
    for (let round = 1; round <= 4; round++) {
      const child = fork(fileURLToPath(new URL('./crash-writer.ts', import.meta.url)), [dir, String(round)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      // kill after a different number of acknowledged writes each round, mid-stream
      const killAfter = 1500 + round * 1700;
      let seen = 0;
      await new Promise<void>((resolve, reject) => {
        child.on('message', (m: { acked?: [string, number][] }) => {
          for (const [id, v] of m.acked ?? []) if (v > (acked.get(id) ?? 0)) acked.set(id, v);
          seen += m.acked?.length ?? 0;
          if (seen >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited with ${code}`))));
      });
      total += seen;
      const store = await EmbeddedStore.open(dir);
      const stored = await store.getItems([...acked.keys()]);
      const lost = [...acked].filter(([id, v]) => Number(stored.get(id)?.title.slice(1) ?? -1) < v);
      expect(lost, `round ${round}: acknowledged writes missing after kill -9`).to.deep.equal([]);
      // the indexes agree with the items after replay
      expect((await store.queryItems({ limit: 5000 })).items).to.have.length(await store.countItems());
      await store.close();
    }
    expect(total).to.be.greaterThan(10_000);
    rmSync(dir, { recursive: true, force: true });
  });
});
