/**
 * Rate limits across instances: buckets in Redis, shared by every hub on the same prefix, refilled
 * by Redis's clock; and a limiter that lets requests through when Redis is gone.
 */
import { expect } from 'chai';
import { RedisRateLimiter } from '../../../hub/api/limits-redis.ts';
import { HubError } from '../../../hub/errors.ts';
import { RedisStore, randomPrefix } from '../../../hub/store/redis.ts';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';
import { testRedisUrl } from '../../support/redis.ts';

const refused = (p: Promise<void>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as HubError,
  );

describe('api/limits on Redis', () => {
  let one: RedisStore;
  let two: RedisStore;
  beforeEach(async () => {
    const url = await testRedisUrl();
    const prefix = randomPrefix('hubtest');
    // two connections on one prefix: two instances of one deployment
    one = await RedisStore.open(url, { prefix });
    two = await RedisStore.open(url, { prefix });
  });
  afterEach(async () => {
    await one.clear();
    await one.close();
    await two.close();
  });

  it("shares each caller's bucket between instances, reads apart from writes", async () => {
    const a = new RedisRateLimiter(one, { read: 100, write: 6 });
    const b = new RedisRateLimiter(two, { read: 100, write: 6 });
    for (let i = 0; i < 3; i++) {
      await a.take('write', 'ip:10.0.0.1');
      await b.take('write', 'ip:10.0.0.1');
    }
    const e = await refused(a.take('write', 'ip:10.0.0.1'));
    expect(e).to.be.instanceOf(HubError);
    expect(e).to.include({ status: 429, code: 'RATE.LIMITED' });
    // 6 a minute: one token every 10 s
    expect(e!.headers!['retry-after']).to.be.oneOf(['9', '10']);
    expect(e!.message).to.contain('at most 6 a minute for this address');
    expect(await refused(b.take('write', 'ip:10.0.0.1'))).to.be.instanceOf(HubError);
    await b.take('write', 'key:k1'); // another caller has its own bucket
    await b.take('read', 'ip:10.0.0.1'); // and reads are counted apart from writes
  });

  it('refills with time, and lets an idle bucket expire', async () => {
    const a = new RedisRateLimiter(one, { read: 120, write: 1 });
    for (let i = 0; i < 120; i++) await a.take('read', 'ip:10.0.0.2');
    const e = await refused(a.take('read', 'ip:10.0.0.2'));
    expect(e!.headers!['retry-after']).to.equal('1');
    // a caller that waits as long as Retry-After says gets through (at 120 a minute a token takes 0.5 s)
    await new Promise((r) => setTimeout(r, Number(e!.headers!['retry-after']) * 1000));
    await a.take('read', 'ip:10.0.0.2');
    const ttl = (await one.client.sendCommand(['PTTL', one.key('rl:read|ip:10.0.0.2')])) as number;
    expect(ttl).to.be.within(1000, 61_000);
  });

  it('lets requests through, and says so once, when Redis does not answer', async () => {
    const lines: string[] = [];
    const gone = await RedisStore.open(await testRedisUrl(), { prefix: randomPrefix('hubtest') });
    await gone.close();
    const a = new RedisRateLimiter(gone, { read: 1, write: 1 }, (l) => lines.push(l));
    for (let i = 0; i < 5; i++) await a.take('read', 'ip:10.0.0.3');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^rate limits: Redis did not answer/);
  });

  describe('two running hubs', () => {
    let pair: HubPair;
    before(async () => {
      pair = await startHubPair({ rateReadPerMinute: 4 });
    });
    after(() => pair.stop());

    it('give a caller the configured rate between them, not each', async () => {
      const statuses: number[] = [];
      for (const hub of [pair.a, pair.b, pair.a, pair.b, pair.a, pair.b]) statuses.push((await hub.api('/api/v1/portals', { key: null })).status);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 429, 429]);
      const limited = await pair.b.api('/api/v1/portals', { key: null });
      expect(limited.headers.get('content-type')).to.contain('application/problem+json');
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 15);
    });
  });
});
