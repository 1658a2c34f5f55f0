/**
 * Rate limits: a token bucket per caller (the key when one is sent, else the client address) and
 * per kind (reads, writes), so a flood of writes, good or bad, never uses up anyone's reads.
 * Over the limit: 429 with Retry-After (RFC 9110 §10.2.3). This one is in memory, for a hub on
 * the embedded store (one process); hubs that share Redis share their buckets (limits-redis.ts).
 */
import { HubError } from '../errors.ts';

export type LimitKind = 'read' | 'write';

/** Takes one token for a caller, or throws the 429. */
export interface RateLimits {
  take(kind: LimitKind, caller: string): void | Promise<void>;
}

/** The 429 for a caller whose bucket is empty; a token is back in `retryAfter` seconds. */
export function rateLimited(kind: LimitKind, perMinute: number, caller: string, retryAfter: number): HubError {
  return new HubError(
    'RATE.LIMITED',
    `Too many ${kind === 'read' ? 'reads' : 'writes'}: at most ${perMinute} a minute for ${caller.startsWith('key:') ? 'this key' : 'this address'}; retry in ${retryAfter} s`,
    { headers: { 'retry-after': String(retryAfter) } },
  );
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: Record<LimitKind, number>,
    private readonly now: () => number = Date.now,
    /** Buckets kept at most; the oldest go first (a spray of addresses must not grow memory). */
    private readonly maxBuckets = 50_000,
  ) {}

  /** Takes one token for `caller`; throws a 429 HubError when there is none. */
  take(kind: LimitKind, caller: string): void {
    const rate = this.perMinute[kind] / 60_000;
    const capacity = this.perMinute[kind];
    const key = `${kind}|${caller}`;
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * rate);
    bucket.at = t;
    this.buckets.delete(key); // re-insert: Map order doubles as least-recently-used
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) {
      throw rateLimited(kind, capacity, caller, Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)));
    }
    bucket.tokens -= 1;
  }
}
