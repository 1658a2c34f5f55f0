/**
 * Extract workers: parse → normalize → validate (extract.ts) on worker threads, so that a
 * machine's other cores do the CPU-heavy part of ingestion while the main thread fetches,
 * dedupes, stores and answers API requests. What a worker returns is what extractItems returns
 * on the main thread (test/hub/pipeline/extract-pool.test.ts holds them to it).
 *
 * Workers start on first use and are started again when one stops; a worker that stops with jobs
 * under way fails those jobs with a reason, never the hub. `extractWorkers: 0` runs everything
 * on the main thread.
 *
 * The same workers read what a preview and a discovery fetched (preview.ts, discovery/discover.ts):
 * whatever an operator asks the hub to read is read off the thread that answers requests, within
 * the same timeout as a poll.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HubConfig } from '../config.ts';
import { HubError, type ErrorCode } from '../errors.ts';
import type { Portal, Source } from '../model.ts';
import type { FieldError } from '../../schemas/index.ts';
import type { Extracted } from './extract.ts';
import type { Fetched } from './fetch.ts';
import type { PreviewAnalysis, PreviewTask } from '../preview.ts';
import type { DiscoverAnalysis, DiscoverTask } from '../discovery/discover.ts';

// Built (node dist/…), this module is extract-pool.js and its worker the built extract-worker.js, loaded
// as is. From the TypeScript sources (tsx: dev, tests) a worker does not get the loader hooks `--import
// tsx` gives the main thread (tsx#354), so a .ts worker module registers them before it is imported.
const WORKER_MODULE = new URL(import.meta.url.endsWith('.ts') ? './extract-worker.ts' : './extract-worker.js', import.meta.url).href;
const bootstrap = (module: string) =>
  module.endsWith('.ts')
    ? `import('tsx/esm/api').then(({ register }) => register()).then(() => import(${JSON.stringify(module)})).then((m) => m.start())`
    : `import(${JSON.stringify(module)}).then((m) => m.start())`;

/** A fetched response as it crosses threads: its body arrives as a plain Uint8Array. */
export type FetchedValue = Omit<Fetched, 'body'> & { body: Uint8Array };

export interface ExtractJob {
  id: number;
  type?: 'extract';
  portal?: Pick<Portal, 'timeZone'>;
  source: Pick<Source, 'id' | 'portalId' | 'kind' | 'options'>;
  fetched: FetchedValue;
  fetchedAt: string;
}

/** What a preview fetched, read as a refresh would read it (preview.ts analysePreview). */
export interface PreviewJob {
  id: number;
  type: 'preview';
  task: PreviewTask;
}

/** A page or a probe's answer that a discovery fetched, read (discovery/discover.ts analyseDiscovered). */
export interface DiscoverJob {
  id: number;
  type: 'discover';
  task: DiscoverTask;
}

export type WorkerJob = ExtractJob | PreviewJob | DiscoverJob;

/** A HubError as a value that crosses threads (a non-HubError has a message only). */
export interface ErrorValue {
  code?: ErrorCode;
  message: string;
  status?: number;
  errors?: FieldError[];
  retryAfterMs?: number;
}

export type ExtractReply = { id: number; extracted: unknown } | { id: number; error: ErrorValue } | { ready: true };

interface Pending {
  /** What the job reads, in words: `source s1`, `the preview of https://…`. */
  what: string;
  /** What becomes of a job failed because another one stopped the worker. */
  retry: string;
  resolve: (result: unknown) => void;
  reject: (error: HubError) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Loaded and taking jobs: a job's time counts from then, not while the worker starts. */
  ready: boolean;
  /** The job that ran out of time, when that is why the worker was stopped. */
  timedOut?: { id: number; what: string };
}

/** Longest a job may take on a worker (a pathological body, a regex gone exponential) before the worker is stopped. */
export const EXTRACT_TIMEOUT_MS = 120_000;

/** The number of workers `extractWorkers` asks for; unset, one per core but the first, at most 4. */
export function extractWorkerCount(config: Pick<HubConfig, 'extractWorkers'>): number {
  return config.extractWorkers ?? Math.max(0, Math.min(4, availableParallelism() - 1));
}

export class ExtractPool {
  /** Worker i takes the sources whose id hashes to i: a source always meets the same worker, and
   * with it what that worker keeps between fetches (the html adapter's detail pages and their ETags). */
  private readonly slots: (Slot | undefined)[];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly config: HubConfig,
    readonly size: number,
    /** The module a worker runs (another one only in tests). */
    private readonly workerModule: string = WORKER_MODULE,
    private readonly timeoutMs: number = EXTRACT_TIMEOUT_MS,
  ) {
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Parse → normalize → validate on the source's worker. */
  run(
    portal: Pick<Portal, 'timeZone'> | undefined,
    source: Pick<Source, 'id' | 'portalId' | 'kind' | 'options'>,
    fetched: Fetched,
    fetchedAt: Date,
  ): Promise<Extracted> {
    return this.submit<Extracted>(source.id, { what: `source ${source.id}`, retry: 'this source is read again at its next poll' }, (id) => ({
      id,
      source: { id: source.id, portalId: source.portalId, kind: source.kind, options: source.options },
      fetched,
      fetchedAt: fetchedAt.toISOString(),
      ...(portal?.timeZone ? { portal: { timeZone: portal.timeZone } } : {}),
    }));
  }

  /** Reads what a preview fetched (detect, suggest, parse → normalize → validate) on a worker. */
  preview(task: PreviewTask): Promise<PreviewAnalysis> {
    return this.submit<PreviewAnalysis>(task.input.url, { what: `the preview of ${task.input.url}`, retry: 'ask for the preview again' }, (id) => ({
      id,
      type: 'preview',
      task,
    }));
  }

  /** Reads a page or a probe's answer that a discovery fetched, on a worker. */
  discover(task: DiscoverTask): Promise<DiscoverAnalysis> {
    return this.submit<DiscoverAnalysis>(
      task.fetched.finalUrl,
      { what: `the discovery of ${task.fetched.finalUrl}`, retry: 'ask for the discovery again' },
      (id) => ({
        id,
        type: 'discover',
        task,
      }),
    );
  }

  /** Hands a job to the worker that `key` hashes to; its answer, or its error as a HubError. */
  private submit<T>(key: string, about: Pick<Pending, 'what' | 'retry'>, jobOf: (id: number) => WorkerJob): Promise<T> {
    if (this.closed) return Promise.reject(new HubError('PARSE.WORKER', 'The hub is shutting down; the source is read at its next poll'));
    const slot = this.slot(key);
    const id = this.nextId++;
    const job = jobOf(id);
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { ...about, resolve: resolve as (result: unknown) => void, reject };
      slot.pending.set(id, pending);
      if (slot.ready) this.arm(slot, id, pending);
      // a worker with work keeps the process alive; an idle one does not
      if (slot.pending.size === 1) slot.worker.ref();
      try {
        slot.worker.postMessage(job);
      } catch (e) {
        // options that do not cross threads (cannot happen with options read from JSON, but never hang a refresh on it)
        slot.pending.delete(id);
        clearTimeout(pending.timer);
        if (!slot.pending.size) slot.worker.unref();
        reject(new HubError('PARSE.WORKER', `The content could not be handed to an extract worker: ${(e as Error).message}`));
      }
    });
  }

  /** Stops the workers; jobs under way fail with a reason. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.slots.filter((slot) => slot !== undefined);
    this.slots.fill(undefined);
    await Promise.all(running.map((slot) => slot.worker.terminate()));
  }

  /** Stuck on one body, a worker would hold every source behind it: past the timeout it is stopped and replaced. */
  private arm(slot: Slot, id: number, pending: Pending): void {
    pending.timer = setTimeout(() => {
      slot.timedOut ??= { id, what: pending.what };
      void slot.worker.terminate();
    }, this.timeoutMs);
  }

  private slot(key: string): Slot {
    const at = hash(key) % this.size;
    return (this.slots[at] ??= this.start(at));
  }

  private start(at: number): Slot {
    const worker = new Worker(bootstrap(this.workerModule), { eval: true, workerData: { config: this.config } });
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), ready: false };
    worker.on('message', (reply: ExtractReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        for (const [id, pending] of slot.pending) this.arm(slot, id, pending);
        return;
      }
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (!slot.pending.size) worker.unref();
      if ('extracted' in reply) pending.resolve(reply.extracted);
      else {
        const { code = 'PARSE.FAILED', message, ...options } = reply.error;
        pending.reject(new HubError(code, message, options));
      }
    });
    const stopped = (reason: string) => {
      if (this.slots[at] === slot) this.slots[at] = undefined;
      const late = slot.timedOut;
      for (const [id, pending] of slot.pending) {
        clearTimeout(pending.timer);
        if (id === late?.id)
          pending.reject(
            new HubError('PARSE.TIMEOUT', `Reading the fetched content took longer than ${this.timeoutMs / 1000} s; its extract worker was stopped`),
          );
        else if (late)
          pending.reject(
            new HubError('PARSE.WORKER', `The extract worker was stopped because ${late.what} took longer than ${this.timeoutMs / 1000} s; ${pending.retry}`),
          );
        else pending.reject(new HubError('PARSE.WORKER', `The extract worker stopped (${reason}); ${pending.retry}`));
      }
      slot.pending.clear();
    };
    worker.on('error', (e) => stopped(e.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    return slot;
  }
}

/** FNV-1a of a source id (or a URL): spreads sources over workers, the same way every time. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
