import { expect } from 'chai';
import { RedisStore, randomPrefix } from '../../../hub/store/redis.ts';
import type { Store } from '../../../hub/store/store.ts';
import { makeItem, storeContract } from './contract.ts';
import { openTestRedisStore, testRedisUrl } from '../../support/redis.ts';

const prefixes = new WeakMap<Store, string>();
async function open(): Promise<Store> {
  const store = await openTestRedisStore();
  prefixes.set(store, store.prefix);
  return store;
}
async function reopen(store: Store): Promise<Store> {
  const prefix = prefixes.get(store)!;
  await (store as RedisStore).client.quit();
  const again = await openTestRedisStore('hubtest', prefix);
  prefixes.set(again, prefix);
  return again;
}

storeContract('redis', open, reopen);

describe('store/redis', () => {
  it('keeps two prefixes on one Redis apart, and clear() removes only its own keys', async () => {
    const a = await openTestRedisStore();
    const b = await openTestRedisStore();
    try {
      await a.putItems([makeItem(1)]);
      await b.putItems([makeItem(2), makeItem(3)]);
      expect(await a.countItems()).to.equal(1);
      expect(await b.countItems()).to.equal(2);
      await a.clear();
      expect(await a.countItems()).to.equal(0);
      expect(await b.countItems()).to.equal(2);
      expect(await a.client.keys(`${a.prefix}*`)).to.deep.equal([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('serves a query that matches little in several short script calls, with the same answer', async () => {
    const url = await testRedisUrl();
    const prefix = randomPrefix('hubtest');
    const small = await RedisStore.open(url, { prefix, scanBudget: 7 });
    try {
      await small.putItems(Array.from({ length: 60 }, (_, i) => makeItem(i)));
      const page = await small.queryItems({ limit: 3, q: 'hue', portalIds: ['danang'] });
      // danang = even n, "Huế" summary = n % 3 == 0: 54, 48, 42, then more
      expect(page.items.map((i) => i.id)).to.deep.equal([54, 48, 42].map((n) => makeItem(n).id));
      const next = await small.queryItems({ limit: 50, q: 'hue', portalIds: ['danang'], cursor: page.nextCursor! });
      expect(next.items.map((i) => i.id)).to.deep.equal([36, 30, 24, 18, 12, 6, 0].map((n) => makeItem(n).id));
      expect(next.nextCursor).to.equal(null);
    } finally {
      await small.clear();
      await small.close();
    }
  });

  it('says which Redis it could not reach, without the password', async () => {
    const err = await RedisStore.open('redis://user:secret@127.0.0.1:1').catch((e) => e);
    expect(err.code).to.equal('STORE.REDIS_UNAVAILABLE');
    expect(err.message).to.include('127.0.0.1:1').and.not.include('secret');
  });
});

describe('hub on the Redis store', () => {
  it('selects Redis by REDIS_URL and serves what it stores through the API', async () => {
    const { startTestHub } = await import('../../support/hub.ts');
    const prefix = randomPrefix('hubtest');
    const hub = await startTestHub({ redisUrl: await testRedisUrl(), redisPrefix: prefix });
    const cleanup = await RedisStore.open(await testRedisUrl(), { prefix });
    try {
      expect(hub.hub.store.kind).to.equal('redis');
      const created = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province' } });
      expect(created.status).to.equal(201);
      await hub.hub.store.putItems([makeItem(1, { portalId: 'hue' })]);
      const items = (await (await hub.api('/api/v1/items?portal=hue')).json()) as { items: { id: string }[] };
      expect(items.items.map((i) => i.id)).to.deep.equal([makeItem(1).id]);
      expect(await cleanup.getPortal('hue')).to.include({ name: 'Huế' });
    } finally {
      await hub.stop();
      await cleanup.clear();
      await cleanup.close();
    }
  });
});

describe('store/redis with concurrent writers', () => {
  it('keeps every index consistent when two instances rewrite the same items at once', async () => {
    const a = await openTestRedisStore();
    const b = await RedisStore.open(await testRedisUrl(), { prefix: a.prefix });
    try {
      const version = (n: number, round: number, who: number) =>
        makeItem(n, {
          publishedAt: new Date(Date.UTC(2026, 0, 1) + (round * 2 + who) * 86_400_000 + n * 1000).toISOString(),
          topics: [`t${(round + who) % 3}`],
          portalId: who ? 'hue' : 'danang',
        });
      for (let round = 0; round < 15; round++) {
        const ids = Array.from({ length: 60 }, (_, n) => n);
        await Promise.all([a.putItems(ids.map((n) => version(n, round, 0))), b.putItems(ids.map((n) => version(n, round, 1)))]);
      }
      const all = (await a.queryItems({ limit: 1000 })).items.map((i) => i.id);
      expect(all).to.have.length(60);
      expect(new Set(all).size).to.equal(60);
      const byTopic = (await Promise.all(['t0', 't1', 't2'].map((t) => a.queryItems({ limit: 1000, topics: [t] })))).flatMap((p) => p.items.map((i) => i.id));
      expect(byTopic.sort()).to.deep.equal([...all].sort());
      const byPortal = (await a.queryItems({ limit: 1000, portalIds: ['hue', 'danang'] })).items.map((i) => i.id);
      expect(byPortal.sort()).to.deep.equal([...all].sort());
    } finally {
      await b.close();
      await a.close();
    }
  });
});
