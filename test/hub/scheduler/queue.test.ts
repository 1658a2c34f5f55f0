import { expect } from 'chai';
import { MemoryDueQueue, type DueQueue } from '../../../hub/scheduler/queue.ts';
import { RedisDueQueue } from '../../../hub/scheduler/redis-queue.ts';
import { openTestRedisStore } from '../../support/redis.ts';
import type { RedisStore } from '../../../hub/store/redis.ts';

function queueContract(name: string, open: () => Promise<{ queue: DueQueue; close: () => Promise<void> }>) {
  describe(`due queue: ${name}`, () => {
    let queue: DueQueue;
    let close: () => Promise<void>;
    beforeEach(async () => ({ queue, close } = await open()));
    afterEach(async () => close());

    it('hands out due sources in due order, each once, and keeps the first due time of a queued source', async () => {
      await queue.ensure([
        { id: 'b', dueAt: 2000 },
        { id: 'a', dueAt: 1000 },
        { id: 'c', dueAt: 9000 },
      ]);
      await queue.ensure([{ id: 'a', dueAt: 5 }]);
      const first = await queue.claim(3000, 10, 'one', 60_000);
      expect(first.map((c) => [c.id, c.dueAt])).to.deep.equal([
        ['a', 1000],
        ['b', 2000],
      ]);
      expect(await queue.claim(3000, 10, 'two', 60_000)).to.deep.equal([]);
      expect(await queue.nextDue()).to.equal(9000);
    });

    it('never gives one due source to two claimers at once', async () => {
      await queue.ensure(Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, dueAt: i })));
      const claims = await Promise.all(['x', 'y', 'z', 'w'].map((owner) => queue.claim(1000, 80, owner, 60_000)));
      const ids = claims.flat().map((c) => c.id);
      expect(ids).to.have.length(200);
      expect(new Set(ids).size).to.equal(200);
    });

    it('gives a source whose lease ran out to another claimer, and refuses the late completion', async () => {
      await queue.ensure([{ id: 'a', dueAt: 0 }]);
      const [dead] = await queue.claim(100, 1, 'dead', 1000);
      expect(await queue.claim(500, 1, 'live', 1000)).to.deep.equal([]);
      const [taken] = await queue.claim(1200, 1, 'live', 1000);
      expect(taken.id).to.equal('a');
      expect(await queue.complete(dead, 99_999)).to.equal(false);
      expect(await queue.extend([dead], 50_000)).to.deep.equal(['a']);
      expect(await queue.complete(taken, 7000)).to.equal(true);
      expect(await queue.nextDue()).to.equal(7000);
    });

    it('extends a held lease and leaves removed sources removed', async () => {
      await queue.ensure([
        { id: 'a', dueAt: 0 },
        { id: 'b', dueAt: 0 },
      ]);
      const claims = await queue.claim(0, 2, 'me', 1000);
      expect(await queue.extend(claims, 10_000)).to.deep.equal([]);
      expect(await queue.claim(5000, 2, 'other', 1000)).to.deep.equal([]);
      await queue.remove(['b']);
      await queue.complete(claims[1], 1);
      expect(await queue.ids()).to.deep.equal(['a']);
    });

    it('lets one owner at a time hold a named lease, and renew it', async () => {
      expect(await queue.tryLease('retention', 'one', 60_000)).to.equal(true);
      expect(await queue.tryLease('retention', 'two', 60_000)).to.equal(false);
      expect(await queue.tryLease('retention', 'one', 60_000)).to.equal(true);
    });
  });
}

queueContract('memory', async () => ({ queue: new MemoryDueQueue(), close: async () => {} }));
queueContract('redis', async () => {
  const store: RedisStore = await openTestRedisStore();
  return { queue: new RedisDueQueue(store), close: () => store.close() };
});
