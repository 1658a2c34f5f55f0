/**
 * Metrics for operators, in the Prometheus text format (GET /metrics, admin key): refreshes by
 * trigger and result, items by what happened to them, refresh and API request durations, API
 * requests by route and status, and, read at each scrape, items stored, sources by health state,
 * live stream clients, alerts by kind, channel and result, and the process's own figures (CPU, memory, event-loop lag, GC). One
 * registry per hub (prom-client), so hubs in one process (tests) do not mix their counts.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RefreshResult, Source } from './model.ts';
import type { StoreStatus } from './store/store.ts';

/** Where a refresh came from: the scheduler or an operator (poll), or a portal's WebSub hub (push). */
export type RefreshTrigger = 'poll' | 'push';

export interface MetricSources {
  countItems(): Promise<number>;
  listSources(): Promise<Source[]>;
  status(): Promise<StoreStatus>;
}

export class HubMetrics {
  readonly registry = new Registry();
  private readonly refreshes: Counter<'trigger' | 'result'>;
  private readonly items: Counter<'change'>;
  private readonly refreshSeconds: Histogram<'trigger'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly requestSeconds: Histogram<'method' | 'route'>;
  private readonly webhookDeliveries: Counter<'result'>;
  private readonly webhookLag: Histogram;
  private readonly alerts: Counter<'kind' | 'channel' | 'result'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.refreshes = new Counter({
      name: 'hub_refreshes_total',
      help: 'Refreshes of sources, by trigger and result (ok, not_modified, or the error code)',
      labelNames: ['trigger', 'result'],
      registers,
    });
    this.items = new Counter({
      name: 'hub_items_total',
      help: 'Items seen in refreshes, by what happened: new, updated, unchanged, rejected',
      labelNames: ['change'],
      registers,
    });
    this.refreshSeconds = new Histogram({
      name: 'hub_refresh_seconds',
      help: 'Time of a refresh, fetch to stored',
      labelNames: ['trigger'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.requests = new Counter({
      name: 'hub_http_requests_total',
      help: 'API requests, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'hub_http_request_seconds',
      help: 'Time to answer an API request (until the handler returns; a stream counts its setup)',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'hub_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by result: delivered, failed (retried), given_up (the webhook is marked failing)',
      labelNames: ['result'],
      registers,
    });
    this.webhookLag = new Histogram({
      name: 'hub_webhook_delivery_lag_seconds',
      help: 'Time from an event to its successful webhook delivery',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600, 3600, 86400],
      registers,
    });
    this.alerts = new Counter({
      name: 'hub_alerts_total',
      help: 'Alerts (hub/alerts), by kind, channel (email, webhook) and result: sent, failed (retried), given_up, digested (folded into a digest), no_recipients, mail_off, muted, queued (webhook events)',
      labelNames: ['kind', 'channel', 'result'],
      registers,
    });
    new Gauge({
      name: 'hub_items',
      help: 'Items in the store',
      registers,
      async collect() {
        // a store that cannot answer (Redis gone) leaves the last count; hub_store_up says why
        const n = await sources.countItems().catch(() => undefined);
        if (n !== undefined) this.set(n);
      },
    });
    new Gauge({
      name: 'hub_sources',
      help: 'Sources by health state',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = new Map<string, number>([
          ['new', 0],
          ['ok', 0],
          ['failing', 0],
          ['disabled', 0],
        ]);
        const listed = await sources.listSources().catch(() => undefined);
        if (!listed) return;
        for (const s of listed) {
          const state = s.paused ? 'paused' : s.health.state;
          counts.set(state, (counts.get(state) ?? 0) + 1);
        }
        this.reset();
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'hub_store_up',
      help: 'Whether the store can be used now (1) or not (0: Redis unreachable or not answering)',
      registers,
      async collect() {
        this.set((await sources.status()).state === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hub_store_damaged_lines',
      help: 'Journal or snapshot lines found damaged (skipped, the file kept aside) when the store was opened; see /healthz',
      registers,
      async collect() {
        this.set(((await sources.status()).damage ?? []).reduce((n, d) => n + d.lines, 0));
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge read at each scrape (live stream clients, extract workers…). */
  gauge(name: string, help: string, read: () => number): void {
    // an app built again for the same hub (tests) reads its own
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** Counts a refresh under way when it ends, with its duration; hands its result on. */
  async timed(trigger: RefreshTrigger, refresh: Promise<RefreshResult>): Promise<RefreshResult> {
    const started = performance.now();
    const result = await refresh;
    this.refreshed(trigger, result, (performance.now() - started) / 1000);
    return result;
  }

  refreshed(trigger: RefreshTrigger, result: RefreshResult, seconds: number): void {
    const outcome = result.error ? result.error.code : result.notModified ? 'not_modified' : 'ok';
    this.refreshes.inc({ trigger, result: outcome });
    this.refreshSeconds.observe({ trigger }, seconds);
    for (const [change, n] of [
      ['new', result.new],
      ['updated', result.updated],
      ['unchanged', result.unchanged],
      ['rejected', result.rejected],
    ] as const)
      if (n) this.items.inc({ change }, n);
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestSeconds.observe({ method, route }, seconds);
  }

  /** A webhook delivery attempt; `lagSeconds` (event to delivery) when it was delivered. */
  webhookDelivery(result: 'delivered' | 'failed' | 'given_up', lagSeconds?: number): void {
    this.webhookDeliveries.inc({ result });
    if (lagSeconds !== undefined) this.webhookLag.observe(lagSeconds);
  }

  /** An alert handled: one e-mail (sent, failed, …) or one event queued for webhooks. */
  alert(kind: string, channel: 'email' | 'webhook', result: string): void {
    this.alerts.inc({ kind, channel, result });
  }

  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
