/**
 * Polls every source on its own interval. The plan lives in a due queue (hub/scheduler/queue.ts):
 * in memory for one hub, in Redis when several instances share one, where each due source is
 * claimed by exactly one instance under a lease that another instance inherits if this one dies.
 *
 * Per fetch: claim → wait for a global and a per-host slot (FetchLimits) → Hub.poll (conditional
 * GET; health recorded by the pipeline) → the source goes back into the queue at the `nextDueAt`
 * the refresh decided (its interval, the portal's Retry-After, the feed's own hints, the backoff:
 * hub/pipeline/refresh.ts); the scheduler only obeys it. A source disabled by its failures has
 * none and leaves the queue until an operator refreshes it by hand. Retention runs here too, in
 * one instance at a time.
 */
import type { Hub } from './hub.ts';
import type { Source } from './model.ts';
import { DEFAULTS } from './config.ts';
import type { Claim, DueQueue } from './scheduler/queue.ts';
import { FetchLimits, hostOf } from './scheduler/limits.ts';
import { firstDue } from './scheduler/policy.ts';
import { retentionRule, runRetention } from './store/retention.ts';

export interface SchedulerOptions {
  log?: (line: string) => void;
  /** The plan of due sources: the backend's (hub/backend.ts), shared by the deployment's instances. */
  queue: DueQueue;
  /** Multiplies a source's poll interval: a source that pushes (WebSub) is polled less, as a safety net. */
  pollFactor?: (sourceId: string) => number;
  now?: () => number;
  /** Longest sleep between looks at the queue (other instances add sources meanwhile). */
  tickMs?: number;
  /** How often the source list is re-read (new, paused, re-enabled sources). */
  syncEveryMs?: number;
  /** How often retention runs, when configured. */
  retentionEveryMs?: number;
}

/** A claimed source whose host is busy goes back to the queue for this long. */
const HOST_BUSY_RETRY_MS = 200;
/** Lease beyond the fetch timeout: time to parse, dedupe and store what came back. */
const LEASE_MARGIN_MS = 5000;

interface Running {
  claim: Claim;
  host: string;
  work: Promise<void>;
  abandoned: boolean;
}

// a source whose ownership is not proven is never polled (hub/ownership)
const isRunnable = (s: Source | undefined): s is Source => !!s && !s.paused && s.health.state !== 'disabled' && s.ownership?.state !== 'pending';

export class Scheduler {
  readonly queue: DueQueue;
  readonly owner: string;
  private readonly limits: FetchLimits;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Running>();
  private known = new Map<string, Source>();
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly tickMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private wakeTimer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;
  private ticking = false;
  private again = false;

  private readonly pollFactor: (sourceId: string) => number;

  constructor(
    private readonly hub: Hub,
    o: SchedulerOptions,
  ) {
    const config = hub.config;
    this.log = o.log ?? (() => {});
    this.now = o.now ?? Date.now;
    this.tickMs = o.tickMs ?? 1000;
    this.queue = o.queue;
    this.pollFactor = o.pollFactor ?? (() => 1);
    this.owner = config.instanceId ?? `hub-${process.pid}`;
    this.limits = new FetchLimits(config.fetchConcurrency ?? DEFAULTS.fetchConcurrency, config.hostConcurrency ?? DEFAULTS.hostConcurrency);
    this.leaseMs = config.fetchTimeoutMs + LEASE_MARGIN_MS;
    this.syncEveryMs = o.syncEveryMs ?? 30_000;
    this.retentionEveryMs = o.retentionEveryMs ?? 10 * 60_000;
  }

  private readonly syncEveryMs: number;
  private readonly retentionEveryMs: number;

  /** Plans every source and starts polling. */
  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    await this.sync();
    const every = (ms: number, f: () => Promise<unknown>) => {
      const t = setInterval(() => void f().catch((e) => this.log(`scheduler: ${(e as Error).message}`)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.syncEveryMs, () => this.sync());
    every(this.leaseMs / 3, () => this.renewLeases());
    if (retentionRule(this.hub.config, this.now())) every(this.retentionEveryMs, () => this.retention());
  }

  /** Re-reads the sources: queues new and re-enabled ones, drops paused, disabled and deleted ones. */
  async sync(): Promise<void> {
    if (!this.started || this.stopped) return;
    const now = this.now();
    const sources = await this.hub.listSources();
    const live = sources.filter(isRunnable);
    this.known = new Map(live.map((s) => [s.id, s]));
    await this.queue.ensure(live.map((s) => ({ id: s.id, dueAt: firstDue(s, now) })));
    const stale = (await this.queue.ids()).filter((id) => !this.known.has(id));
    // another instance may have added a source after our list was read: drop only what the store confirms
    const gone: string[] = [];
    for (const id of stale) if (!isRunnable(await this.hub.store.getSource(id))) gone.push(id);
    await this.queue.remove(gone);
    this.wake(0);
  }

  private wake(delay: number): void {
    if (this.stopped) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => void this.tick(), Math.max(0, delay));
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        await this.fill();
      } while (this.again && !this.stopped);
      const next = await this.queue.nextDue();
      this.wake(next === undefined ? this.tickMs : Math.min(next - this.now(), this.tickMs));
    } catch (e) {
      this.log(`scheduler: ${(e as Error).message}`);
      this.wake(this.tickMs);
    } finally {
      this.ticking = false;
    }
  }

  /** Claims due sources while slots are free and starts their fetches. */
  private async fill(): Promise<void> {
    // sources of busy hosts go back behind the others, so a few rounds reach sources of free hosts
    for (let round = 0; round < 20 && !this.stopped && this.limits.free > 0; round++) {
      const claims = await this.queue.claim(this.now(), this.limits.free, this.owner, this.leaseMs);
      if (!claims.length) return;
      for (const claim of claims) {
        let source = this.known.get(claim.id);
        if (!source) {
          source = await this.hub.store.getSource(claim.id);
          if (isRunnable(source)) this.known.set(source.id, source);
        }
        if (!isRunnable(source)) {
          await this.queue.remove([claim.id]);
          continue;
        }
        const host = hostOf(source.url);
        if (this.stopped || !this.limits.tryTake(host)) {
          await this.queue.complete(claim, this.now() + HOST_BUSY_RETRY_MS);
          continue;
        }
        this.run(source, claim, host);
      }
    }
  }

  private run(source: Source, claim: Claim, host: string): void {
    const entry: Running = { claim, host, abandoned: false, work: Promise.resolve() };
    entry.work = this.fetch(source, entry)
      .catch((e) => this.log(`scheduler: ${source.id}: ${(e as Error).message}`))
      .finally(() => {
        this.limits.release(host);
        if (this.running.get(source.id) === entry) this.running.delete(source.id);
        this.wake(0);
      });
    this.running.set(source.id, entry);
  }

  private async fetch(source: Source, entry: Running): Promise<void> {
    const { claim } = entry;
    let next: number;
    try {
      // the refresh decides when the source is next due (interval, Retry-After, the feed's own hints); this obeys
      const result = await this.hub.poll(source.id, 'schedule', { dueAt: claim.dueAt, intervalFactor: this.pollFactor(source.id), clock: this.now });
      if (!result.nextDueAt) {
        await this.queue.remove([source.id]);
        const fresh = await this.hub.store.getSource(source.id);
        this.log(
          `disabled ${source.id} after ${fresh?.health.consecutiveFailures ?? '?'} consecutive failures (last: ${result.error?.code}); refresh it by hand to resume`,
        );
        return;
      }
      next = Date.parse(result.nextDueAt);
      if (result.error) this.log(`refreshed ${source.id} by ${this.owner}: error ${result.error.code}, retry at ${result.nextDueAt}`);
      else this.log(`refreshed ${source.id} by ${this.owner}: ${result.notModified ? 'not modified' : `${result.new} new, ${result.updated} updated`}`);
    } catch (e) {
      if ((e as { code?: string }).code === 'SOURCE.NOT_FOUND') {
        await this.queue.remove([source.id]);
        return;
      }
      next = this.now() + source.intervalSeconds * 1000;
      this.log(`refresh of ${source.id} failed: ${(e as Error).message}`);
    }
    if (entry.abandoned) return;
    if (!(await this.queue.complete(claim, next))) this.log(`scheduler: the lease on ${source.id} ran out before its fetch finished; another instance has it`);
  }

  private async renewLeases(): Promise<void> {
    const live = [...this.running.values()].filter((r) => !r.abandoned);
    const lost = await this.queue.extend(
      live.map((r) => r.claim),
      this.now() + this.leaseMs,
    );
    for (const id of lost) this.log(`scheduler: lost the lease on ${id}`);
  }

  /** Applies retention in one instance at a time (a lease), in small batches between reads. */
  async retention(): Promise<number> {
    const rule = retentionRule(this.hub.config, this.now());
    if (!rule || !(await this.queue.tryLease('retention', this.owner, this.retentionEveryMs))) return 0;
    const removed = await runRetention(this.hub.store, rule);
    if (removed) this.log(`retention: removed ${removed} items`);
    return removed;
  }

  /** Fetches under way in this instance. */
  get active(): number {
    return this.limits.active;
  }

  /**
   * Stops claiming, then waits up to shutdownGraceMs for fetches under way. Those still running
   * after that are abandoned: their sources are handed back as due now, so another instance (or
   * this one after a restart) fetches them, and whatever they would still write is not waited for.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const t of this.timers) clearInterval(t);
    const grace = this.hub.config.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), grace)));
    const all = Promise.allSettled([...[...this.running.values()].map((r) => r.work), this.hub.settle()]).then(() => true as const);
    const finished = await Promise.race([all, deadline]);
    clearTimeout(timer);
    if (finished) return;
    const left = [...this.running.values()];
    for (const r of left) r.abandoned = true;
    await Promise.all(left.map((r) => this.queue.complete(r.claim, this.now()).catch(() => false)));
    this.log(`scheduler: abandoned ${left.length} fetches still under way after ${grace} ms; their sources are due again`);
  }
}
