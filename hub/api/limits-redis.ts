/**
 * Rate limits shared by every hub instance on one Redis: the same token buckets as limits.ts (per
 * caller and kind, refilled continuously), kept in Redis and updated by one Lua script, so a
 * caller gets the configured rate from the deployment as a whole, not from each instance. Time is
 * Redis's own (TIME), so instances with skewed clocks agree.
 *
 * If Redis cannot be reached or does not answer within 500 ms, the request goes through (and the
 * error is logged at most once a minute): the store is then failing anyway, and the limiter must not turn that into 429s or 500s
 * for every read.
 */
import type { RedisStore } from '../store/redis.ts';
import { runScript } from '../store/redis-script.ts';
import { rateLimited, type LimitKind, type RateLimits } from './limits.ts';

// KEYS[1] the bucket; ARGV[1] capacity (tokens a minute), ARGV[2] tokens per millisecond.
// Returns {1 or 0 (taken or not), tokens left as text (Lua numbers reach clients truncated)}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or capacity
local at = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- a bucket that would be full again is no different from none
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
return {taken, tostring(tokens)}
`;

/** How long a request waits for its token before it goes through without one. */
const ANSWER_MS = 500;

export class RedisRateLimiter implements RateLimits {
  private lastLogged = 0;

  constructor(
    private readonly store: RedisStore,
    private readonly perMinute: Record<LimitKind, number>,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async take(kind: LimitKind, caller: string): Promise<void> {
    const capacity = this.perMinute[kind];
    const rate = capacity / 60_000;
    let reply: [number, string];
    let timer: NodeJS.Timeout | undefined;
    try {
      // a Redis that is reconnecting queues commands: a request does not wait on it for long
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ANSWER_MS} ms`)), ANSWER_MS)));
      reply = await Promise.race([
        runScript<[number, string]>(this.store.client, TAKE, [this.store.key(`rl:${kind}|${caller}`)], [String(capacity), String(rate)]),
        late,
      ]);
    } catch (e) {
      if (Date.now() - this.lastLogged > 60_000) {
        this.lastLogged = Date.now();
        this.log(`rate limits: Redis did not answer (${(e as Error).message}); requests go through unlimited meanwhile`);
      }
      return;
    } finally {
      clearTimeout(timer);
    }
    if (Number(reply[0]) === 1) return;
    throw rateLimited(kind, capacity, caller, Math.max(1, Math.ceil((1 - Number(reply[1])) / rate / 1000)));
  }
}
