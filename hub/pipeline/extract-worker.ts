/**
 * An extract worker: runs parse → normalize → validate (extract.ts) for the pool that started it
 * (extract-pool.ts), so that the CPU-heavy part of ingestion runs beside the thread that fetches,
 * dedupes, stores and serves the API. Errors go back as values: kind, code, message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { HubConfig } from '../config.ts';
import { HubError } from '../errors.ts';
import { extractItems } from './extract.ts';
import type { ErrorValue, ExtractJob, ExtractReply } from './extract-pool.ts';

/** Called by the pool's bootstrap once this module is loaded: takes jobs from then on. */
export function start(): void {
  parentPort!.on('message', handle);
  reply({ ready: true });
}

/** Runs one job and posts its reply. */
export function handle(job: ExtractJob): void {
  const config = (workerData as { config: HubConfig }).config;
  // a body arrives as a plain Uint8Array: the adapters read it as a Buffer
  const body = Buffer.from(job.fetched.body.buffer, job.fetched.body.byteOffset, job.fetched.body.byteLength);
  extractItems({ config, portal: job.portal }, job.source, { ...job.fetched, body }, new Date(job.fetchedAt)).then(
    (extracted) => reply({ id: job.id, extracted }),
    (e: unknown) => reply({ id: job.id, error: errorValue(e) }),
  );
}

function errorValue(e: unknown): ErrorValue {
  if (!(e instanceof HubError)) return { message: e instanceof Error ? e.message : String(e) };
  return { code: e.code, message: e.message, status: e.status, ...(e.errors ? { errors: e.errors } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) };
}

export function reply(message: ExtractReply): void {
  parentPort!.postMessage(message);
}
