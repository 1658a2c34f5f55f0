/**
 * Fetching sources: polls (the scheduler, an operator) and pushes (WebSub), one after the other per
 * source, each kept as a refresh report with the source.
 */
import { randomBytes } from 'node:crypto';
import { HubError } from '../errors.ts';
import type { RefreshReport, RefreshResult, RefreshTrigger, Source } from '../model.ts';
import { isPending, META_NAME, WELL_KNOWN_PATH } from '../ownership/ownership.ts';
import { SourceLanes } from '../pipeline/source-lanes.ts';
import { processFetched, refreshSource, type PollPlan } from '../pipeline/refresh.ts';
import type { Fetched } from '../pipeline/fetch.ts';
import type { UseCaseContext } from './context.ts';

export class RefreshUseCases {
  /** Told when a refresh on this instance changed a source (its health before and after): webhooks. */
  private readonly sourceListeners = new Set<(before: Source, after: Source) => void>();
  /** Polls under way, by source: concurrent refreshes of one source share one fetch. */
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** Polls and pushes of one source run one after the other. */
  private readonly lanes = new SourceLanes();

  constructor(private readonly ctx: UseCaseContext) {}

  /**
   * Fetches a source now (the scheduler, an operator's refresh). Concurrent calls for one source
   * share one fetch; a push being ingested for it finishes first, and the poll then starts from
   * the health (validators) it left.
   */
  async poll(id: string, trigger: 'schedule' | 'operator' = 'schedule', plan: PollPlan = {}): Promise<RefreshResult> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const source = await this.ctx.getSource(id);
    if (isPending(source))
      throw new HubError(
        'SOURCE.OWNERSHIP_PENDING',
        `The source ${id} is not fetched until control of ${source.ownership?.host} is proven: serve the token at ${WELL_KNOWN_PATH} or in a <meta name="${META_NAME}"> tag, then verify; or ask an admin to approve it`,
      );
    const work = this.lanes
      .run(id, () =>
        this.reported(id, trigger, async () => this.ctx.metrics.timed('poll', refreshSource(this.ctx.pipeline, await this.ctx.getSource(id), plan))),
      )
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /**
   * Ingests content a WebSub hub pushed for a source, after any poll of it under way (so neither
   * overwrites the other's health). The source keeps its conditional-GET validators: a push says
   * nothing about what its URL answers. Undefined when the source is gone or paused.
   */
  ingestPushed(sourceId: string, fetched: Fetched): Promise<RefreshResult | undefined> {
    return this.lanes.run(sourceId, async () => {
      const source = await this.ctx.store.getSource(sourceId);
      // a paused source takes nothing in, pushed or polled
      if (!source || source.paused) return undefined;
      return this.reported(sourceId, 'push', () =>
        this.ctx.metrics.timed('push', processFetched({ ...this.ctx.pipeline, onFetched: undefined }, source, fetched, this.ctx.now(), 'push')),
      );
    });
  }

  /** Calls `listener` with a source before and after each refresh this instance runs; returns the unsubscribe. */
  onSourceChange(listener: (before: Source, after: Source) => void): () => void {
    this.sourceListeners.add(listener);
    return () => this.sourceListeners.delete(listener);
  }

  /** Runs one refresh and keeps its report (trigger, start, duration, what it did) with the source. */
  private async reported(sourceId: string, trigger: RefreshTrigger, refresh: () => Promise<RefreshResult>): Promise<RefreshResult> {
    const started = this.ctx.now();
    const t0 = performance.now();
    const before = this.sourceListeners.size ? await this.ctx.store.getSource(sourceId) : undefined;
    const result = await refresh();
    const after = before && (await this.ctx.store.getSource(sourceId));
    if (before && after) for (const l of this.sourceListeners) l(before, after);
    const report: RefreshReport = {
      id: reportId(started),
      trigger,
      startedAt: started.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      ...result,
    };
    await this.ctx.store.addRefreshReport(report);
    return result;
  }

  /** Polls and pushes of a source running or waiting their turn on this instance. */
  queued(sourceId: string): number {
    return this.lanes.queued(sourceId);
  }

  /** Waits for every refresh and push under way (for a clean shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values(), this.lanes.settle()]);
  }
}

/** Report ids sort like time: milliseconds in base 36, fixed width, then a random tail against ties. */
const reportId = (at: Date) => `${at.getTime().toString(36).padStart(10, '0')}-${randomBytes(3).toString('hex')}`;
