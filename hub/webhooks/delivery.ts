/**
 * Delivers webhook events (Standard Webhooks): each event becomes a job written to the store
 * before it is attempted (so a hub killed between the event and its delivery delivers it after a
 * restart), then is POSTed, signed, through the guarded client (ping.ts: the address policy on
 * every hop). At least once: a failed attempt is retried after the configured delays (the last
 * repeats) until the retry window ends, then the webhook is marked failing and nothing more is
 * tried for it. With several instances on one Redis, an item event is made into jobs only by the
 * instance that stored the item (onOwnItems), and each attempt is taken under a lease, so one
 * instance makes it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Hub } from '../hub.ts';
import type { Item, Source } from '../model.ts';
import { ping } from '../pipeline/ping.ts';
import { prepareQuery, matches, type PreparedQuery } from '../store/item-match.ts';
import { DEFAULTS } from '../config.ts';
import { resolveFilter } from '../filter/filter.ts';
import type { Directory } from '../directory/directory.ts';
import { BackgroundWork } from '../background.ts';
import { sourceTransitions } from '../alerts/transitions.ts';
import {
  addDelivery,
  readWebhook,
  readWebhooks,
  scopePortals,
  timeId,
  writeWebhook,
  type StoredWebhook,
  type WebhookEvent,
  type WebhookFilter,
} from './registry.ts';

export const JOBS_MAP = 'webhooks:jobs';

/** One event for one webhook, kept until it is delivered or given up. */
export interface DeliveryJob {
  id: string;
  webhookId: string;
  /** The webhook-id header, the same on every attempt. */
  messageId: string;
  event: WebhookEvent;
  /** The JSON body, fixed when the event happened. */
  body: string;
  /** When the event happened (ms). */
  createdAt: number;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due (ms). */
  dueAt: number;
}

export interface WebhookRunnerOptions {
  log?: (line: string) => void;
  /** A named lease shared by the deployment's instances (the due queue's tryLease); true when taken. */
  lease: (name: string, ttlMs: number) => Promise<boolean>;
  /** Attempts under way at once. */
  concurrency?: number;
  /** How often the store is read for jobs another instance left (ms). */
  scanMs?: number;
  /** Told once when a webhook is marked failing (its owner is alerted: hub/alerts). */
  onFailing?: (webhook: StoredWebhook, reason: string) => void;
}

/** The Standard Webhooks signature of one attempt: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. */
export function signWebhook(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

const ITEM_EVENTS: Record<'created' | 'updated', WebhookEvent> = { created: 'item.created', updated: 'item.updated' };

export class WebhookRunner {
  /** Jobs this instance knows of, by id. */
  private readonly pending = new Map<string, DeliveryJob>();
  private readonly inFlight = new Set<string>();
  /** Jobs found in the store (left by another instance or an earlier run): re-read under the lease before an attempt. */
  private readonly found = new Set<string>();
  private readonly work: BackgroundWork;
  private readonly log: (line: string) => void;
  private readonly delays: number[];
  private readonly windowMs: number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | undefined;
  private scanner: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly unlisten: (() => void)[] = [];
  /** Prepared filters by webhook id (and the filter they were prepared from). */
  private readonly prepared = new Map<string, { json: string; directory: Directory; query: PreparedQuery }>();
  /** Writes of new jobs under way, so close() waits for them. */
  private enqueuing: Promise<unknown> = Promise.resolve();
  private deliveries = 0;

  constructor(
    private readonly hub: Hub,
    private readonly options: WebhookRunnerOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.work = new BackgroundWork(this.log, 'webhooks');
    this.delays = [...(hub.config.webhookRetryDelaysMs ?? DEFAULTS.webhookRetryDelaysMs)];
    this.windowMs = hub.config.webhookRetryWindowMs ?? DEFAULTS.webhookRetryWindowMs;
    this.concurrency = options.concurrency ?? 32;
    this.unlisten.push(
      hub.announcer.onOwnItems(({ created, updated }) => this.track(this.itemEvents({ created, updated }))),
      hub.onSourceChange((before, after) => this.track(this.sourceEvents(before, after))),
    );
  }

  /** Reads the jobs left in the store (by an earlier run, or an instance that stopped) and starts. */
  async start(): Promise<void> {
    await this.scan();
    const scanMs = this.options.scanMs ?? Math.min(30_000, Math.max(this.delays[0], 1_000));
    this.scanner = setInterval(() => this.work.track(this.scan()), scanMs);
    this.scanner.unref();
  }

  private track(p: Promise<void>): void {
    const next = this.enqueuing.then(() => p).catch((e) => this.log(`webhooks: ${(e as Error).message}`));
    this.enqueuing = next;
    this.work.track(next);
  }

  private async itemEvents(changes: { created: Item[]; updated: Item[] }): Promise<void> {
    const hooks = (await readWebhooks(this.hub.store)).filter((w) => w.state === 'active');
    if (!hooks.length) return;
    const jobs: DeliveryJob[] = [];
    for (const [kind, items] of Object.entries(changes) as ['created' | 'updated', Item[]][]) {
      for (const item of items) {
        // a correction that withdrew the item is item.withdrawn, not item.updated
        const event = kind === 'updated' && item.flags.includes('withdrawn') ? 'item.withdrawn' : ITEM_EVENTS[kind];
        for (const w of hooks) {
          if (!w.events.includes(event) || !(await this.matchesItem(w, item))) continue;
          jobs.push(this.job(w, event, { item }));
        }
      }
    }
    await this.enqueue(jobs);
  }

  private async sourceEvents(before: Source, after: Source): Promise<void> {
    const events: WebhookEvent[] = sourceTransitions(before, after);
    const was = before.health.state;
    if (!events.length) return;
    const hooks = (await readWebhooks(this.hub.store)).filter((w) => w.state === 'active');
    const jobs: DeliveryJob[] = [];
    for (const event of events)
      for (const w of hooks) {
        if (!w.events.includes(event) || !(await this.coversPortal(w.filter, after.portalId))) continue;
        const { ownership: _o, ...source } = after;
        jobs.push(this.job(w, event, { source, previousState: was }));
      }
    await this.enqueue(jobs);
  }

  private async matchesItem(w: StoredWebhook, item: Item): Promise<boolean> {
    const json = JSON.stringify(w.filter ?? {});
    const directory = await this.hub.directory();
    let entry = this.prepared.get(w.id);
    // prepared again when the filter or the directory changed (a portal added below `within`)
    if (!entry || entry.json !== json || entry.directory !== directory) {
      try {
        entry = { json, directory, query: prepareQuery(resolveFilter({ ...w.filter }, directory)) };
      } catch {
        return false; // a portal it names is gone: nothing matches
      }
      this.prepared.set(w.id, entry);
    }
    return matches(item, entry.query);
  }

  private async coversPortal(filter: WebhookFilter | undefined, portalId: string): Promise<boolean> {
    const portals = scopePortals(filter);
    if (!portals.length) return true;
    const directory = await this.hub.directory();
    return portals.some((p) => (p === filter?.within ? directory.subtreeIds(p).includes(portalId) : p === portalId));
  }

  /**
   * A portal event (portal.silent, from hub/alerts) for every active webhook that asked for it and
   * whose filter's portals cover the portal; resolves once the jobs are durable.
   */
  portalEvent(event: Extract<WebhookEvent, 'portal.silent'>, portalId: string, data: unknown): Promise<void> {
    const p = (async () => {
      const hooks = (await readWebhooks(this.hub.store)).filter((w) => w.state === 'active' && w.events.includes(event));
      const jobs: DeliveryJob[] = [];
      for (const w of hooks) if (await this.coversPortal(w.filter, portalId)) jobs.push(this.job(w, event, data));
      await this.enqueue(jobs);
    })();
    this.track(p);
    return p;
  }

  private job(w: StoredWebhook, event: WebhookEvent, data: unknown): DeliveryJob {
    const at = Date.now();
    return {
      id: timeId(at),
      webhookId: w.id,
      messageId: `msg_${randomBytes(12).toString('hex')}`,
      event,
      body: JSON.stringify({ type: event, timestamp: new Date(at).toISOString(), data }),
      createdAt: at,
      attempts: 0,
      dueAt: at,
    };
  }

  /** Jobs are durable before they are attempted. */
  private async enqueue(jobs: DeliveryJob[]): Promise<void> {
    await Promise.all(jobs.map((job) => this.hub.store.setMetaEntry(JOBS_MAP, job.id, JSON.stringify(job))));
    for (const job of jobs) this.pending.set(job.id, job);
    if (jobs.length) this.pump();
  }

  private async scan(): Promise<void> {
    if (this.closed) return;
    const stored = await this.hub.store.getMetaEntries(JOBS_MAP);
    for (const [id, json] of stored)
      if (!this.pending.has(id)) {
        this.pending.set(id, JSON.parse(json) as DeliveryJob);
        this.found.add(id);
      }
    for (const id of this.pending.keys()) if (!stored.has(id) && !this.inFlight.has(id)) this.pending.delete(id);
    this.pump();
  }

  /** Starts the attempts that are due, up to the concurrency; sets a timer for the next. */
  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    let next = Infinity;
    for (const job of this.pending.values()) {
      if (this.inFlight.has(job.id)) continue;
      if (job.dueAt > now) {
        next = Math.min(next, job.dueAt);
        continue;
      }
      if (this.inFlight.size >= this.concurrency) break;
      this.inFlight.add(job.id);
      this.work.track(
        this.attempt(job)
          .catch((e) => this.log(`webhooks: ${(e as Error).message}`))
          .finally(() => {
            this.inFlight.delete(job.id);
            this.pump();
          }),
      );
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next < Infinity) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
      this.timer.unref();
    }
  }

  private async attempt(job: DeliveryJob): Promise<void> {
    const leaseMs = this.hub.config.fetchTimeoutMs + 30_000;
    if (!(await this.options.lease(`webhook-job:${job.id}`, leaseMs))) {
      // another instance holds it; a later scan sees what it left
      this.pending.delete(job.id);
      this.found.delete(job.id);
      return;
    }
    let current = job;
    if (this.found.delete(job.id)) {
      // a job this instance did not make: as stored now (another instance may have delivered or moved it)
      const json = (await this.hub.store.getMetaEntries(JOBS_MAP)).get(job.id);
      if (!json) return void this.pending.delete(job.id);
      current = JSON.parse(json) as DeliveryJob;
      if (current.dueAt > Date.now()) return void this.pending.set(job.id, current);
    }
    const webhook = await readWebhook(this.hub.store, current.webhookId);
    if (!webhook || webhook.state !== 'active') return this.finish(current);
    const started = Date.now();
    const timestamp = Math.floor(started / 1000);
    const t0 = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      status = (
        await ping(this.hub.config, webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': current.messageId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(webhook.secret, current.messageId, timestamp, current.body),
          },
          body: current.body,
        })
      ).status;
    } catch (e) {
      error = (e as Error).message;
    }
    const delivered = status !== undefined && status >= 200 && status < 300;
    const attempts = current.attempts + 1;
    await addDelivery(
      this.hub.store,
      webhook.id,
      {
        id: timeId(started),
        messageId: current.messageId,
        event: current.event,
        attempt: attempts,
        at: new Date(started).toISOString(),
        result: delivered ? 'delivered' : 'failed',
        ...(status !== undefined ? { status } : {}),
        ...(error ? { error } : {}),
        durationMs: Math.round(performance.now() - t0),
      },
      ++this.deliveries % 50 === 0,
    );
    this.hub.metrics.webhookDelivery(delivered ? 'delivered' : 'failed', delivered ? (Date.now() - current.createdAt) / 1000 : undefined);
    if (delivered) return this.finish(current);
    const dueAt = Date.now() + this.delays[Math.min(attempts - 1, this.delays.length - 1)];
    if (dueAt - current.createdAt > this.windowMs) {
      this.log(`webhooks: ${webhook.id} failing: ${current.event} ${current.messageId} not delivered in ${attempts} attempts`);
      const latest = await readWebhook(this.hub.store, webhook.id);
      // only the give-up that turns it failing tells its owner (other jobs of it may give up too)
      if (latest?.state === 'active') {
        const failing: StoredWebhook = { ...latest, state: 'failing', failingSince: new Date().toISOString() };
        await writeWebhook(this.hub.store, failing);
        this.options.onFailing?.(failing, `${current.event} not delivered in ${attempts} attempts (last: ${status !== undefined ? `HTTP ${status}` : error})`);
      }
      this.hub.metrics.webhookDelivery('given_up');
      return this.finish(current);
    }
    const next = { ...current, attempts, dueAt };
    await this.hub.store.setMetaEntry(JOBS_MAP, job.id, JSON.stringify(next));
    this.pending.set(job.id, next);
  }

  private async finish(job: DeliveryJob): Promise<void> {
    await this.hub.store.setMetaEntry(JOBS_MAP, job.id, undefined);
    this.pending.delete(job.id);
  }

  /** Jobs known and not yet delivered (tests, benchmarks). */
  get backlog(): number {
    return this.pending.size;
  }

  /** Resolves once the work under way is done (not the retries waiting for their time). */
  async idle(): Promise<void> {
    await this.enqueuing;
    await this.work.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const u of this.unlisten) u();
    if (this.timer) clearTimeout(this.timer);
    if (this.scanner) clearInterval(this.scanner);
    await this.idle();
  }
}
