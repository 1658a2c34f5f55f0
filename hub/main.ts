/**
 * Composition root: config → backend (store and coordination parts) → hub → scheduler, WebSub,
 * withdrawals → HTTP app. The only place that builds these; `startHub` is what `npm start`,
 * `hub serve` and the integration tests all run. Nothing below it asks which backend it runs on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { DEFAULTS, loadConfig, type HubConfig } from './config.ts';
import { backendOf, openBackend, type Backend } from './backend.ts';
import { Hub } from './hub.ts';
import { Scheduler } from './scheduler.ts';
import { createApp } from './api/app.ts';
import { ensureAdminKey } from './auth.ts';
import { loadDemo } from './demo/load.ts';
import type { Store } from './store/store.ts';
import { WebSub } from './websub/index.ts';
import { websubHubUrl } from './websub/publisher.ts';
import { SourceWithdrawals } from './publish/withdrawals.ts';
import { jsonLog, type Log } from './log.ts';
import { WebhookRunner } from './webhooks/delivery.ts';
import { AlertRunner } from './alerts/runner.ts';
import { mailerFrom } from './alerts/mailer.ts';
import type { DestinationStream } from 'pino';

export interface RunningHub {
  hub: Hub;
  websub: WebSub;
  withdrawals: SourceWithdrawals;
  /** Delivers webhook events (hub/webhooks). */
  webhooks: WebhookRunner;
  /** Alert e-mail and portal silence (hub/alerts). */
  alerts: AlertRunner;
  url: string;
  server: Server;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the hub logs; by default JSON lines (hub/log.ts) to `logTo`, or to stdout. */
  log?: Log;
  /** Where the default JSON log writes (tests read it back). */
  logTo?: DestinationStream;
  /** The start banner's human lines; by default `log` when given, else stdout as plain text. */
  banner?: (line: string) => void;
  /** A store already open (tests, benchmarks); by default the one the config names. */
  store?: Store;
  /** The hub's clock (tests that check figures worked out by hand for a fixed time); by default the real one. */
  now?: () => Date;
}

/** A hub without a server (the local CLI, tests): the backend the config names, or around `store`. */
export async function openHub(config: HubConfig, options: { store?: Store } = {}): Promise<{ hub: Hub; backend: Backend }> {
  const backend = options.store ? backendOf(options.store, config) : await openBackend(config);
  return { hub: hubOn(backend, config), backend };
}

const hubOn = (backend: Backend, config: HubConfig, now?: () => Date) =>
  new Hub(config, backend.store, { audit: backend.auditLog(), websubHub: websubHubUrl(config), ...(now ? { now } : {}) });

export async function startHub(configured: HubConfig, options: StartOptions = {}): Promise<RunningHub> {
  // the one logger: every part logs JSON lines through it, so no message can forge a line
  const log = options.log ?? jsonLog(options.logTo);
  // the start banner is for the person starting the hub: plain lines, with nothing a client sent in them
  const say = options.banner ?? options.log ?? ((line: string) => console.log(line));
  const backend = options.store ? backendOf(options.store, configured) : await openBackend(configured);
  const { store } = backend;
  // listen first (answering 503 until ready): port 0 means "any free port", and the default
  // public URL must name the port actually taken before anything renders a link
  const server = createServer((_req, res) => res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('starting\n'));
  // a client that trickles its request (slowloris) is cut off; answers (feeds, SSE) are not limited by these
  server.requestTimeout = configured.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  server.headersTimeout = Math.min(server.requestTimeout, 15_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(configured.port, configured.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${configured.host === '0.0.0.0' || configured.host === '::' ? 'localhost' : configured.host}:${port}`;
  const config: HubConfig = configured.port === 0 && configured.publicUrl.endsWith(':0') ? { ...configured, publicUrl: url } : configured;

  const hub = hubOn(backend, config, options.now);
  const key = await ensureAdminKey(store, config.dataDir, config.adminKey);
  const websub = new WebSub(hub, { log });
  const scheduler = new Scheduler(hub, { log, queue: backend.dueQueue(), pollFactor: websub.pollFactor });
  // instances starting together on one empty Redis: one of them loads the demo
  if (
    config.demo &&
    (await store.countItems()) === 0 &&
    (await store.listPortals()).length === 0 &&
    (await scheduler.queue.tryLease('demo', scheduler.owner, 60_000))
  ) {
    const n = await loadDemo(hub);
    log(`Loaded the demo directory: ${(await store.listPortals()).length} portals, ${n} items (HUB_DEMO=0 to skip)`);
  }
  const relay = await backend.relay(hub.announcer, scheduler.owner, log);
  const lease = (name: string, ttlMs: number) => scheduler.queue.tryLease(name, scheduler.owner, ttlMs);
  // a webhook marked failing alerts its owner; a silent portal is a webhook event (its alert addresses left out)
  const webhooks = new WebhookRunner(hub, { log, lease, onFailing: (webhook, reason) => alerts.webhookFailing(webhook, reason) });
  const alerts = new AlertRunner(hub, {
    log,
    lease,
    mailer: mailerFrom(config),
    onSilent: ({ alertEmails: _private, ...portal }, silence) => webhooks.portalEvent('portal.silent', portal.id, { portal, silence }),
  });
  await webhooks.start();
  await alerts.start();
  const sync = () => void scheduler.sync().catch((e) => log(`scheduler: ${(e as Error).message}`));
  const withdrawals = new SourceWithdrawals(hub, log);
  const perMinute = { read: config.rateReadPerMinute ?? DEFAULTS.rateReadPerMinute, write: config.rateWritePerMinute ?? DEFAULTS.rateWritePerMinute };
  const app = createApp(hub, { log, onSourcesChanged: sync, websub, limiter: backend.rateLimiter(perMinute, log) });
  server.removeAllListeners('request');
  server.on('request', app.callback());
  if (config.schedule) await scheduler.start().catch((e) => log(`scheduler: ${(e as Error).message}`));

  say(`Portal hub listening on ${url} (started in ${Math.round(performance.now())} ms)`);
  for (const line of startBanner(url, config.publicUrl, key.file)) say(line);
  say(`  data: ${backend.where}`);
  // damage found on opening the store (a corrupted journal line) is said loudly; /healthz and /metrics keep saying it
  for (const d of (await store.status()).damage ?? []) say(`  STORE DAMAGED: ${d.message}`);
  if (key.generated) say(`  admin key (shown once, also in ${key.file}): ${key.generated}`);
  else if (key.file) say(`  admin key: in ${key.file}`);
  else say('  admin key: the value of HUB_ADMIN_KEY');

  let closed = false;
  return {
    hub,
    websub,
    withdrawals,
    webhooks,
    alerts,
    url,
    server,
    scheduler,
    async close() {
      if (closed) return;
      closed = true;
      await scheduler.stop();
      await websub.close();
      await alerts.close();
      await webhooks.close();
      await withdrawals.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay?.close();
      await hub.close();
      await store.close();
    },
  };
}

/**
 * What a person starting the hub for the first time wants next, printed after "listening": the
 * home page first, the console for operators, then where the feeds, the API and its docs are, how to register a portal, and
 * the line that embeds the news box on a page. Links a browser or another site follows use the
 * public URL.
 */
export function startBanner(url: string, publicUrl: string, adminKeyFile?: string): string[] {
  // runnable as printed: the key read from where it is kept, never printed again here
  const key = adminKeyFile ? `$(cat ${adminKeyFile})` : '$HUB_ADMIN_KEY';
  return [
    `  home page: ${publicUrl}/ (the portal directory, the latest news, the embed builder)`,
    `  console: ${publicUrl}/console (sign in with the admin key${adminKeyFile ? ` in ${adminKeyFile}` : ' (HUB_ADMIN_KEY)'}: register portals and sources, watch their health)`,
    `  unified feeds: ${url}/feeds/all.rss  ${url}/feeds/all.atom  ${url}/feeds/all.json`,
    `  API: ${publicUrl}/api/v1/items   docs: ${publicUrl}/docs`,
    `  register a portal: HUB_URL=${url} HUB_KEY=${key} npx hub portals add --id tinh-moi --name "Cổng tỉnh mới" --url https://tinhmoi.gov.vn --level province`,
    `  embed the news on a page: <script src="${publicUrl}/embed/v1.js" data-limit="5" async></script>`,
  ];
}

/** How long a stop may take beyond the fetch grace (shutdownGraceMs): closing the server, the store, the workers. */
export const STOP_MARGIN_MS = 5_000;

/** After the first SIGTERM/SIGINT, the process exits on its own by then at the latest (forced, exit code 1). */
export function stopDeadlineMs(config: Pick<HubConfig, 'shutdownGraceMs'>): number {
  return (config.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs) + STOP_MARGIN_MS;
}

/**
 * A signal within this time of the first is the same stop delivered twice, not an operator insisting:
 * Ctrl-C reaches both npm and the hub (one process group), and npm forwards it to the hub as well;
 * `kill -TERM -<group>` of `setsid npm start` does the same.
 */
export const REPEAT_SIGNAL_MS = 1_000;

/**
 * The first SIGTERM or SIGINT stops the hub gracefully: fetches under way get shutdownGraceMs to
 * finish, then the server, the workers and the store (its data dir lock) are closed, exit code 0.
 * A second signal, or the stop deadline passing, exits at once with code 1.
 */
export function exitOnSignals(
  close: () => Promise<void>,
  options: { deadlineMs: number; log?: (line: string) => void; exit?: (code: number) => void; now?: () => number },
): (signal: NodeJS.Signals) => void {
  const log = options.log ?? ((line: string) => console.log(line));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? (() => performance.now());
  let first: number | undefined;
  return (signal) => {
    if (first !== undefined) {
      if (now() - first < REPEAT_SIGNAL_MS) return;
      log(`${signal} again: exiting without waiting`);
      return exit(1);
    }
    first = now();
    log(`${signal}: finishing fetches under way and closing (at most ${options.deadlineMs} ms; a second signal exits at once)…`);
    const deadline = setTimeout(() => {
      log(`stop took longer than ${options.deadlineMs} ms: exiting`);
      exit(1);
    }, options.deadlineMs);
    deadline.unref();
    close().then(
      () => {
        clearTimeout(deadline);
        log('stopped');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(deadline);
        log(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
        exit(1);
      },
    );
  };
}

async function main() {
  const config = loadConfig();
  const log = jsonLog();
  const running = await startHub(config, { log, banner: (line) => console.log(line) });
  const onSignal = exitOnSignals(() => running.close(), { deadlineMs: stopDeadlineMs(config), log });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
