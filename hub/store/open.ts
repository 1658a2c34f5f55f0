/** Picks the store: Redis when REDIS_URL is set, else the embedded store under HUB_DATA_DIR. */
import type { HubConfig } from '../config.ts';
import type { Store } from './store.ts';
import { EmbeddedStore } from './embedded.ts';
import { HubError } from '../errors.ts';

export async function openStore(config: HubConfig): Promise<Store> {
  if (config.redisUrl) throw new HubError('internal', 'STORE.REDIS_UNAVAILABLE', 'The Redis store is not built yet; unset REDIS_URL to use the embedded store');
  return EmbeddedStore.open(config.dataDir);
}
