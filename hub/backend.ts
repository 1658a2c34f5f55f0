/**
 * The backend: the store and the parts that coordinate hub instances around it. One hub on the
 * embedded store keeps its due queue, rate-limit buckets and announcements in memory and its audit
 * log in a file beside the data; instances sharing Redis keep all of them in Redis, so a source is
 * claimed by one instance, a caller's rate is the deployment's and every instance hears every
 * change. This file is the only place that knows which backend a hub runs on: the composition root
 * (hub/main.ts) opens one and passes its parts in.
 */
import type { HubConfig } from './config.ts';
import type { Store } from './store/store.ts';
import { EmbeddedStore } from './store/embedded.ts';
import { RedisStore, redactUrl } from './store/redis.ts';
import { MemoryDueQueue, type DueQueue } from './scheduler/queue.ts';
import { RedisDueQueue } from './scheduler/redis-queue.ts';
import { RateLimiter, type LimitKind, type RateLimits } from './api/limits.ts';
import { RedisRateLimiter } from './api/limits-redis.ts';
import { FileAuditLog, RedisAuditLog, type AuditLog } from './audit/audit-log.ts';
import type { ItemAnnouncer } from './publish/announce.ts';
import { RedisAnnounceRelay } from './publish/announce-redis.ts';

type Log = (line: string) => void;

export interface Backend {
  readonly store: Store;
  /** Where the data is, for the start banner (a Redis URL without its password). */
  readonly where: string;
  /** The plan of which source is due when, shared by the instances of a deployment. */
  dueQueue(): DueQueue;
  /** Rate-limit buckets, per caller and kind. */
  rateLimiter(perMinute: Record<LimitKind, number>, log: Log): RateLimits;
  /** The append-only record of who changed what. */
  auditLog(): AuditLog;
  /** Carries the announcer's changes to the other instances (and theirs to it); closes with the hub. */
  relay(announcer: ItemAnnouncer, instanceId: string, log: Log): Promise<{ close(): Promise<void> } | undefined>;
}

/** Opens the backend the configuration names: Redis when `redisUrl` is set, else the embedded store under `dataDir`. */
export async function openBackend(config: HubConfig): Promise<Backend> {
  const store: Store = config.redisUrl ? await RedisStore.open(config.redisUrl, { prefix: config.redisPrefix }) : await EmbeddedStore.open(config.dataDir);
  return backendOf(store, config);
}

/** The backend around a store already open (tests and benchmarks open their own). */
export function backendOf(store: Store, config: HubConfig): Backend {
  if (store instanceof RedisStore) return redisBackend(store, config);
  return embeddedBackend(store, config);
}

function embeddedBackend(store: Store, config: HubConfig): Backend {
  return {
    store,
    where: config.dataDir,
    dueQueue: () => new MemoryDueQueue(),
    rateLimiter: (perMinute) => new RateLimiter(perMinute),
    auditLog: () => new FileAuditLog(config.dataDir),
    relay: async () => undefined,
  };
}

function redisBackend(store: RedisStore, config: HubConfig): Backend {
  return {
    store,
    where: `${redactUrl(config.redisUrl ?? '')} (keys ${store.prefix}*)`,
    dueQueue: () => new RedisDueQueue(store),
    rateLimiter: (perMinute, log) => new RedisRateLimiter(store, perMinute, log),
    auditLog: () => new RedisAuditLog(store),
    relay: (announcer, instanceId, log) => RedisAnnounceRelay.start(store, announcer, instanceId, log),
  };
}
