/**
 * The due queue shared by every hub instance on one Redis: a sorted set of source id by due time
 * (ms) and a hash of source id → lease token. Claim, extend and complete are Lua scripts, so two
 * instances can never take the same due source: the claim moves it to now + lease in the same
 * atomic step that reads it.
 */
import type { Claim, DueQueue } from './queue.ts';
import type { RedisClient, RedisStore } from '../store/redis.ts';
import { runScript } from '../store/redis-script.ts';

// KEYS: due zset, lease hash, sequence key. ARGV: now, limit, owner, leaseMs.
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
local leased = tonumber(ARGV[1]) + tonumber(ARGV[4])
for i = 1, #ids, 2 do
  local token = ARGV[3] .. ':' .. redis.call('INCR', KEYS[3])
  redis.call('ZADD', KEYS[1], leased, ids[i])
  redis.call('HSET', KEYS[2], ids[i], token)
  out[#out + 1] = ids[i]
  out[#out + 1] = token
  out[#out + 1] = ids[i + 1]
end
return out
`;

// KEYS: due zset, lease hash. ARGV: until, then id, token pairs. Returns the ids whose lease was lost.
const EXTEND = `
local lost = {}
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i])
  else lost[#lost + 1] = ARGV[i] end
end
return lost
`;

// KEYS: due zset, lease hash. ARGV: id, token, dueAt. XX: a source removed meanwhile stays removed.
const COMPLETE = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[1])
return 1
`;

// KEYS: lease key. ARGV: owner, ttl. Takes a free lease or renews our own, in one step.
const LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
`;

export class RedisDueQueue implements DueQueue {
  private readonly client: RedisClient;
  private readonly dueKey: string;
  private readonly leaseKey: string;
  private readonly seqKey: string;

  constructor(private readonly store: RedisStore) {
    this.client = store.client;
    this.dueKey = store.key('q:due');
    this.leaseKey = store.key('q:lease');
    this.seqKey = store.key('q:seq');
  }

  private script<T>(script: string, keys: string[], args: string[]): Promise<T> {
    return runScript<T>(this.client, script, keys, args);
  }

  async ensure(entries: { id: string; dueAt: number }[]) {
    for (let i = 0; i < entries.length; i += 1000) {
      const batch = entries.slice(i, i + 1000);
      if (batch.length)
        await this.client.zAdd(
          this.dueKey,
          batch.map((e) => ({ score: Math.floor(e.dueAt), value: e.id })),
          { condition: 'NX' },
        );
    }
  }

  async remove(ids: string[]) {
    if (!ids.length) return;
    await this.client.multi().zRem(this.dueKey, ids).hDel(this.leaseKey, ids).exec();
  }

  async ids() {
    return this.client.zRange(this.dueKey, 0, -1);
  }

  async claim(now: number, limit: number, owner: string, leaseMs: number) {
    const flat = await this.script<string[]>(
      CLAIM,
      [this.dueKey, this.leaseKey, this.seqKey],
      [String(Math.floor(now)), String(limit), owner, String(leaseMs)],
    );
    const out: Claim[] = [];
    for (let i = 0; i < flat.length; i += 3) out.push({ id: flat[i], token: flat[i + 1], dueAt: Number(flat[i + 2]) });
    return out;
  }

  async extend(claims: Claim[], until: number) {
    if (!claims.length) return [];
    return this.script<string[]>(EXTEND, [this.dueKey, this.leaseKey], [String(Math.floor(until)), ...claims.flatMap((c) => [c.id, c.token])]);
  }

  async complete(claim: Claim, dueAt: number) {
    return (await this.script<number>(COMPLETE, [this.dueKey, this.leaseKey], [claim.id, claim.token, String(Math.floor(dueAt))])) === 1;
  }

  async nextDue() {
    const first = await this.client.zRangeWithScores(this.dueKey, 0, 0);
    return first.length ? first[0].score : undefined;
  }

  async tryLease(name: string, owner: string, ttlMs: number) {
    return (await this.script<number>(LEASE, [this.store.key(`lease:${name}`)], [owner, String(Math.ceil(ttlMs))])) === 1;
  }

  async close() {}
}
