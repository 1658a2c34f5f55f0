/** Configuration from the environment, validated by schemas/config.schema.json. Passed in, never global. */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { validatorFor, fieldErrors, type FieldError } from '../schemas/index.ts';
import { HubError } from './errors.ts';
import { PORTAL_LEVELS } from './directory/levels.ts';
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
  websubMaxSubscriptions: 10_000,
  websubMaxPerTopic: 1_000,
  streamMaxClients: 1000,
  streamMaxPerAddress: 10,
  streamMaxPerKey: 100,
  webhookRetryDelaysMs: [5_000, 30_000, 120_000, 600_000, 3_600_000],
  webhookRetryWindowMs: 24 * 3600_000,
  /** Days without a publication before a portal is silent, by level (hub/alerts/silence.ts). */
  silentDays: { central: 7, ministry: 7, province: 7, department: 14, commune: 30, other: 30 },
  alertDigestAfter: 5,
  alertDigestWindowMs: 86_400_000,
  alertRetryDelaysMs: [30_000, 120_000, 600_000, 3_600_000],
  alertRetryWindowMs: 24 * 3600_000,
  silenceCheckMs: 3600_000,
} as const;

/** The config with every optional setting that has a default filled in. */
export const withDefaults = (config: HubConfig) => ({ ...DEFAULTS, instanceId: `${hostname()}-${process.pid}`, ...config });

const optionalInt = (name: string, v: string | undefined) => (v === undefined || v === '' ? {} : { [name]: Number(v) });

const flag = (v: string | undefined, dflt: boolean) => (v === undefined || v === '' ? dflt : !['0', 'false', 'no', 'off'].includes(v.toLowerCase()));
const int = (v: string | undefined, dflt: number) => (v === undefined || v === '' ? dflt : Number(v));

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `province=7,commune=30` (levels not named keep their default); a bare number sets every level. */
function silentDays(v: string): Record<string, number> {
  if (/^\s*\d+\s*$/.test(v)) return Object.fromEntries(PORTAL_LEVELS.map((l) => [l, Number(v)]));
  const days: Record<string, number> = {};
  for (const entry of list(v)) {
    const [level, n = ''] = entry.split('=').map((s) => s.trim());
    days[level] = n === '' ? NaN : Number(n);
  }
  return days;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  const config = readConfig(env, overrides);
  const validate = validatorFor('config.schema.json');
  if (!validate(config)) {
    const errors = configErrors(fieldErrors(validate.errors));
    throw new HubError('CONFIG.INVALID', `Invalid configuration: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  }
  return config;
}

/** The configuration the environment and the overrides give, not yet validated. */
function readConfig(env: NodeJS.ProcessEnv, overrides: Partial<HubConfig>): HubConfig {
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
    websubMaxSubscriptions: int(env.HUB_WEBSUB_MAX_SUBSCRIPTIONS, DEFAULTS.websubMaxSubscriptions),
    websubMaxPerTopic: int(env.HUB_WEBSUB_MAX_PER_TOPIC, DEFAULTS.websubMaxPerTopic),
    streamMaxClients: int(env.HUB_STREAM_MAX_CLIENTS, DEFAULTS.streamMaxClients),
    streamMaxPerAddress: int(env.HUB_STREAM_MAX_PER_ADDRESS, DEFAULTS.streamMaxPerAddress),
    streamMaxPerKey: int(env.HUB_STREAM_MAX_PER_KEY, DEFAULTS.streamMaxPerKey),
    ...optionalInt('retentionDays', env.HUB_RETENTION_DAYS),
    ...optionalInt('webhookRetryWindowMs', env.HUB_WEBHOOK_RETRY_WINDOW_MS),
    ...(env.HUB_WEBHOOK_RETRY_DELAYS_MS ? { webhookRetryDelaysMs: env.HUB_WEBHOOK_RETRY_DELAYS_MS.split(',').map((d) => Number(d.trim())) } : {}),
    ...optionalInt('retentionPerSource', env.HUB_RETENTION_PER_SOURCE),
    ...(env.HUB_SMTP_URL ? { smtpUrl: env.HUB_SMTP_URL } : {}),
    ...(env.HUB_MAIL_FROM ? { mailFrom: env.HUB_MAIL_FROM } : {}),
    ...(env.HUB_ALERT_EMAILS ? { alertEmails: list(env.HUB_ALERT_EMAILS) } : {}),
    ...(env.HUB_SILENT_DAYS ? { silentDays: silentDays(env.HUB_SILENT_DAYS) } : {}),
    ...optionalInt('alertDigestAfter', env.HUB_ALERT_DIGEST_AFTER),
    ...optionalInt('alertDigestWindowMs', env.HUB_ALERT_DIGEST_WINDOW_MS),
    ...(env.HUB_ALERT_RETRY_DELAYS_MS ? { alertRetryDelaysMs: env.HUB_ALERT_RETRY_DELAYS_MS.split(',').map((d) => Number(d.trim())) } : {}),
    ...optionalInt('alertRetryWindowMs', env.HUB_ALERT_RETRY_WINDOW_MS),
    ...optionalInt('silenceCheckMs', env.HUB_SILENCE_CHECK_MS),
    ...(env.HUB_VIDEO_HOSTS
      ? {
          videoHosts: env.HUB_VIDEO_HOSTS.split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        }
      : {}),
    ...overrides,
  };
  return config;
}

let envNames: Map<string, string> | undefined;

/**
 * The environment variable that sets each configuration field (`adminKey` → HUB_ADMIN_KEY),
 * learnt from readConfig itself, so it cannot drift from what loadConfig reads: the variables it
 * reads are recorded, then each is set alone to two probe values and the fields that change are
 * the ones it sets. A field several variables change (publicUrl's default names PORT) is named by
 * the variable that sets the fewest fields.
 */
export function configEnvNames(): Map<string, string> {
  if (envNames) return envNames;
  const read: string[] = [];
  const recording = new Proxy({} as NodeJS.ProcessEnv, { get: (_, name) => void (typeof name === 'string' && !read.includes(name) && read.push(name)) });
  const base = readConfig(recording, {}) as unknown as Record<string, unknown>;
  const sets = read.map((name) => {
    const fields = new Set<string>();
    for (const probe of ['0', '7']) {
      const probed = readConfig({ [name]: probe }, {}) as unknown as Record<string, unknown>;
      for (const field of new Set([...Object.keys(base), ...Object.keys(probed)]))
        if (JSON.stringify(probed[field]) !== JSON.stringify(base[field])) fields.add(field);
    }
    return { name, fields };
  });
  envNames = new Map();
  for (const { name, fields } of [...sets].sort((a, b) => a.fields.size - b.fields.size))
    for (const field of fields) if (!envNames.has(field)) envNames.set(field, name);
  return envNames;
}

/** Errors on the configuration named by the variable a person set: `HUB_ADMIN_KEY must be at least 16 characters`. */
function configErrors(errors: FieldError[]): FieldError[] {
  const names = configEnvNames();
  return errors.map(({ field, message }) => {
    const [, key = '', ...rest] = field.split('/');
    const name = names.get(key);
    if (!name) return { field, message };
    // an entry of a comma-separated list: its place in the list, counted from 1
    return { field: rest.length && /^\d+$/.test(rest[0]) ? `${name} (entry ${Number(rest[0]) + 1})` : name, message };
  });
}
