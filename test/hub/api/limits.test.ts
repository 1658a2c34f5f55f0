import { expect } from 'chai';
import { RateLimiter } from '../../../hub/api/limits.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

describe('api/limits', () => {
  it('refills a bucket over time and says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter({ read: 60, write: 2 }, () => now);
    limiter.take('write', 'ip:a');
    limiter.take('write', 'ip:a');
    const e = (() => {
      try {
        limiter.take('write', 'ip:a');
      } catch (err) {
        return err as { status: number; headers: Record<string, string> };
      }
    })();
    expect(e?.status).to.equal(429);
    expect(e?.headers['retry-after']).to.equal('30');
    limiter.take('write', 'ip:b'); // another caller has its own bucket
    limiter.take('read', 'ip:a'); // and reads are counted apart from writes
    now += 30_000;
    limiter.take('write', 'ip:a');
  });

  it('forgets the least recently used callers beyond its cap', () => {
    const limiter = new RateLimiter({ read: 1, write: 1 }, () => 0, 3);
    limiter.take('read', 'a');
    for (const c of ['b', 'c', 'd']) limiter.take('read', c);
    expect(() => limiter.take('read', 'a')).not.to.throw(); // a's bucket was dropped, so it starts full
  });

  describe('on a running hub', () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ rateWritePerMinute: 5, rateReadPerMinute: 100_000, maxBodyBytes: 4096 });
    });
    after(() => hub.stop());

    it('keeps serving reads while a flood of bad writes is turned away with 401, 413 and 429', async () => {
      const bad = Array.from({ length: 150 }, (_, i) =>
        hub.api('/api/v1/sources', { method: 'POST', key: i % 3 === 0 ? null : `wrong-key-${i}`, body: i % 2 ? 'x'.repeat(100_000) : '{"portalId":' }),
      );
      const reads = Array.from({ length: 60 }, () => hub.api('/api/v1/portals', { key: null }));
      const [badRes, readRes] = await Promise.all([Promise.all(bad), Promise.all(reads)]);
      expect(readRes.map((r) => r.status).every((s) => s === 200)).to.equal(true);
      const statuses = new Set(badRes.map((r) => r.status));
      expect(
        [...statuses].every((s) => [401, 413, 429].includes(s)),
        [...statuses].join(),
      ).to.equal(true);
      const limited = badRes.find((r) => r.status === 429)!;
      expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await limited.json()).code).to.equal('RATE.LIMITED');
      expect((await hub.api('/healthz', { key: null })).status).to.equal(200);
    });

    it('limits each key on its own, and caps the body size', async () => {
      // the admin key has its own bucket: the flood from this address did not use it up
      const big = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'x', name: 'x'.repeat(10_000), url: 'https://x.gov.vn', level: 'other' } });
      expect(big.status).to.equal(413);
      expect((await big.json()).code).to.equal('REQUEST.TOO_LARGE');
      const codes: number[] = [];
      for (let i = 0; i < 6; i++)
        codes.push((await hub.api('/api/v1/portals', { method: 'POST', body: { id: `p${i}`, name: 'P', url: 'https://p.gov.vn', level: 'other' } })).status);
      expect(codes.filter((c) => c === 201)).to.have.length(4); // 5 a minute: one went to the 413 above
      expect(codes.at(-1)).to.equal(429);
    });
  });
});
