/** Two hub instances on one Redis prefix (a deployment of two), for tests of what crosses instances. */
import type { HubConfig } from '../../hub/config.ts';
import { RedisStore, randomPrefix } from '../../hub/store/redis.ts';
import { startTestHub, type TestHub } from './hub.ts';
import { testRedisUrl } from './redis.ts';

export interface HubPair {
  a: TestHub;
  b: TestHub;
  /** Stops both and deletes the pair's keys. */
  stop(): Promise<void>;
}

export async function startHubPair(overrides: Partial<HubConfig> = {}): Promise<HubPair> {
  const prefix = randomPrefix('hubtest');
  const redisUrl = await testRedisUrl();
  const a = await startTestHub({ redisUrl, redisPrefix: prefix, instanceId: 'hub-a', ...overrides });
  const b = await startTestHub({ redisUrl, redisPrefix: prefix, instanceId: 'hub-b', ...overrides });
  return {
    a,
    b,
    async stop() {
      await a.stop();
      await b.stop();
      const cleanup = await RedisStore.open(redisUrl, { prefix });
      await cleanup.clear();
      await cleanup.close();
    },
  };
}
