/**
 * Starts a real hub (embedded store in a fresh temp dir, real HTTP on an ephemeral port) for a test.
 * It extracts on the main thread (extractWorkers: 0) unless the test asks for workers: starting a
 * worker thread costs about a second, and what a worker gives is held equal to the main thread's
 * in test/hub/pipeline/extract-pool.test.ts. The hubs of hub.integration.test.ts and of the
 * hostile inputs run with a worker, as a deployed hub does, and so do the three real hub
 * processes of test/hub/scheduler/instances.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type HubConfig } from '../../hub/config.ts';
import { startHub, type RunningHub, type StartOptions } from '../../hub/main.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestHub extends RunningHub {
  dataDir: string;
  /** fetch() against the hub with the admin key, JSON in and out. */
  api(path: string, init?: { method?: string; body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestHub(
  overrides: Partial<HubConfig> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'hub-test-')),
  options: Pick<StartOptions, 'now'> = {},
): Promise<TestHub> {
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      demo: false,
      schedule: false,
      allowPrivateFetch: true,
      adminKey: ADMIN_KEY,
      fetchTimeoutMs: 5000,
      extractWorkers: 0,
      rateReadPerMinute: 100_000,
      rateWritePerMinute: 100_000,
      ...overrides,
    },
  );
  const running = await startHub(config, { log: () => {}, ...options });
  return {
    ...running,
    dataDir,
    api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      const key = init.key === undefined ? ADMIN_KEY : init.key;
      if (key) headers.authorization = `Bearer ${key}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${running.url}${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
    },
    async stop() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
