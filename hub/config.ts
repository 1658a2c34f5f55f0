/** Configuration from the environment, validated by schemas/config.schema.json. Passed in, never global. */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { validatorFor, fieldErrors } from '../schemas/index.ts';
import { HubError } from './errors.ts';
import type { components } from './api/openapi.gen.ts';

/** The hub's configuration; its shape is schemas/config.schema.json. */
export type HubConfig = components['schemas']['HubConfig'];

/** Defaults of the optional settings; code that reads them falls back to these (see withDefaults). */
export const DEFAULTS = {
  redisPrefix: 'hub:',
  fetchConcurrency: 32,
  hostConcurrency: 4,
  failingAfter: 1,
  disableAfter: 30,
  backoffMaxSeconds: 6 * 3600,
  shutdownGraceMs: 10_000,
  fetchConnectTimeoutMs: 10_000,
  maxBodyBytes: 1024 * 1024,
  maxItemsPerFetch: 1000,
  requestTimeoutMs: 30_000,
  rateReadPerMinute: 600,
  rateWritePerMinute: 60,
} as const;

/** The config with every optional setting that has a default filled in. */
export const withDefaults = (config: HubConfig) => ({ ...DEFAULTS, instanceId: `${hostname()}-${process.pid}`, ...config });

const optionalInt = (name: string, v: string | undefined) => (v === undefined || v === '' ? {} : { [name]: Number(v) });

const flag = (v: string | undefined, dflt: boolean) => (v === undefined || v === '' ? dflt : !['0', 'false', 'no', 'off'].includes(v.toLowerCase()));
const int = (v: string | undefined, dflt: number) => (v === undefined || v === '' ? dflt : Number(v));

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  // overrides first: the default public URL must name the port the hub really uses
  const port = overrides.port ?? int(env.PORT, 8080);
  const host = overrides.host ?? (env.HOST || '0.0.0.0');
  const config: HubConfig = {
    port,
    host,
    publicUrl: (env.HUB_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: resolve(env.HUB_DATA_DIR || './data'),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.HUB_ADMIN_KEY ? { adminKey: env.HUB_ADMIN_KEY } : {}),
    demo: flag(env.HUB_DEMO, true),
    allowPrivateFetch: flag(env.HUB_ALLOW_PRIVATE_FETCH, false),
    fetchTimeoutMs: int(env.HUB_FETCH_TIMEOUT_MS, 15000),
    maxFeedBytes: int(env.HUB_MAX_FEED_BYTES, 10 * 1024 * 1024),
    maxItemsPerFetch: int(env.HUB_MAX_ITEMS_PER_FETCH, DEFAULTS.maxItemsPerFetch),
    defaultIntervalSeconds: int(env.HUB_DEFAULT_INTERVAL_SECONDS, 900),
    timeZone: env.HUB_TIME_ZONE || 'Asia/Ho_Chi_Minh',
    schedule: flag(env.HUB_SCHEDULE, true),
    redisPrefix: env.HUB_REDIS_PREFIX || DEFAULTS.redisPrefix,
    instanceId:
      env.HUB_INSTANCE_ID ||
      `${hostname()
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .slice(0, 80)}-${process.pid}`,
    fetchConcurrency: int(env.HUB_FETCH_CONCURRENCY, DEFAULTS.fetchConcurrency),
    hostConcurrency: int(env.HUB_HOST_CONCURRENCY, DEFAULTS.hostConcurrency),
    ...optionalInt('extractWorkers', env.HUB_EXTRACT_WORKERS),
    failingAfter: int(env.HUB_FAILING_AFTER, DEFAULTS.failingAfter),
    disableAfter: int(env.HUB_DISABLE_AFTER, DEFAULTS.disableAfter),
    backoffMaxSeconds: int(env.HUB_BACKOFF_MAX_SECONDS, DEFAULTS.backoffMaxSeconds),
    shutdownGraceMs: int(env.HUB_SHUTDOWN_GRACE_MS, DEFAULTS.shutdownGraceMs),
    ...(env.HUB_FETCH_ALLOW
      ? {
          fetchAllow: env.HUB_FETCH_ALLOW.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(env.HUB_FETCH_CA_FILE ? { fetchCaFile: resolve(env.HUB_FETCH_CA_FILE) } : {}),
    fetchConnectTimeoutMs: int(env.HUB_FETCH_CONNECT_TIMEOUT_MS, DEFAULTS.fetchConnectTimeoutMs),
    maxBodyBytes: int(env.HUB_MAX_BODY_BYTES, DEFAULTS.maxBodyBytes),
    requestTimeoutMs: int(env.HUB_REQUEST_TIMEOUT_MS, DEFAULTS.requestTimeoutMs),
    trustProxy: flag(env.HUB_TRUST_PROXY, false),
    rateReadPerMinute: int(env.HUB_RATE_READ_PER_MINUTE, DEFAULTS.rateReadPerMinute),
    rateWritePerMinute: int(env.HUB_RATE_WRITE_PER_MINUTE, DEFAULTS.rateWritePerMinute),
    ...optionalInt('retentionDays', env.HUB_RETENTION_DAYS),
    ...optionalInt('retentionPerSource', env.HUB_RETENTION_PER_SOURCE),
    ...(env.HUB_VIDEO_HOSTS
      ? {
          videoHosts: env.HUB_VIDEO_HOSTS.split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        }
      : {}),
    ...overrides,
  };
  const validate = validatorFor('config.schema.json');
  if (!validate(config)) {
    const errors = fieldErrors(validate.errors);
    throw new HubError('CONFIG.INVALID', `Invalid configuration: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  }
  return config;
}
