/** Picks the store: Redis when REDIS_URL is set, else the embedded store under HUB_DATA_DIR. */
import type { HubConfig } from '../config.ts';
import type { Store } from './store.ts';
import { EmbeddedStore } from './embedded.ts';
import { RedisStore } from './redis.ts';

export async function openStore(config: HubConfig): Promise<Store> {
  if (config.redisUrl) return RedisStore.open(config.redisUrl, { prefix: config.redisPrefix });
  return EmbeddedStore.open(config.dataDir);
}
