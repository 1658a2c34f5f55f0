/** The in-memory due queue forgets named leases that ran out (one is taken per webhook delivery job). */
import { expect } from 'chai';
import { MemoryDueQueue } from '../../../hub/scheduler/queue.ts';

describe('webhooks: named leases in memory', () => {
  it('holds a bounded number of leases however many ran out', async () => {
    const queue = new MemoryDueQueue();
    // a TTL of 0 ms has run out as soon as it is taken
    for (let n = 0; n < 5_000; n++) expect(await queue.tryLease(`webhook-job:${n}`, 'hub-a', 0)).to.equal(true);
    const held = (queue as unknown as { named: Map<string, unknown> }).named;
    expect(held.size).to.be.at.most(1024);
    // a live lease is kept and still refuses another owner
    expect(await queue.tryLease('webhook-job:live', 'hub-a', 60_000)).to.equal(true);
    for (let n = 0; n < 2_000; n++) await queue.tryLease(`webhook-job:x${n}`, 'hub-a', 0);
    expect(await queue.tryLease('webhook-job:live', 'hub-b', 60_000)).to.equal(false);
  });
});
