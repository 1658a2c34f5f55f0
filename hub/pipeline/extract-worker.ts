/**
 * An extract worker: runs parse → normalize → validate (extract.ts) for the pool that started it
 * (extract-pool.ts), so that the CPU-heavy part of ingestion runs beside the thread that fetches,
 * dedupes, stores and serves the API. Errors go back as values: kind, code, message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { HubConfig } from '../config.ts';
import { HubError } from '../errors.ts';
import { extractItems } from './extract.ts';
import { adapterKinds, getAdapter } from '../../adapters/registry.ts';
import { validatorFor } from '../../schemas/index.ts';
import type { ErrorValue, ExtractReply, FetchedValue, WorkerJob } from './extract-pool.ts';
import type { Fetched } from './fetch.ts';
import { analysePreview } from '../preview.ts';
import { analyseDiscovered } from '../discovery/discover.ts';

/** Called by the pool's bootstrap once this module is loaded: warms up, then takes jobs. */
export async function start(): Promise<void> {
  await warmUp();
  parentPort!.on('message', handle);
  reply({ ready: true });
}

/** A feed of one item that goes through every step a job takes: parse, normalize (html too), validate. */
const WARM_UP_FEED =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Warm-up</title><link>https://warm-up.invalid/</link><description>d</description><language>vi</language>' +
  '<item><title>Tin khởi động</title><link>https://warm-up.invalid/1</link><guid>warm-up-1</guid><pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate><category>Tin tức</category>' +
  '<description><![CDATA[<p>Nội dung <a href="/2">khởi động</a> <img src="/a.jpg"></p>]]></description></item></channel></rss>';

/**
 * Does once what a worker's first job would do the first time: compile the schemas (Ajv), load the
 * parsers and the html sanitizer. The pool counts a job's time from `ready`, so a worker says it is
 * ready only once a job takes its normal time.
 */
export async function warmUp(): Promise<void> {
  const config = (workerData as { config: HubConfig }).config;
  const fetched = {
    url: 'https://warm-up.invalid/rss',
    finalUrl: 'https://warm-up.invalid/rss',
    status: 200,
    notModified: false,
    headers: { 'content-type': 'application/rss+xml' },
    body: Buffer.from(WARM_UP_FEED),
  };
  for (const adapter of adapterKinds().map(getAdapter)) validatorFor(adapter.optionsSchema);
  await extractItems({ config }, { id: 'warm-up', portalId: 'warm-up', kind: 'feed' }, fetched, new Date()).catch(() => undefined);
}

/** Runs one job and posts its reply. */
export function handle(job: WorkerJob): void {
  const config = (workerData as { config: HubConfig }).config;
  const work = async (): Promise<unknown> => {
    if (job.type === 'preview') return analysePreview(config, { ...job.task, fetched: asFetched(job.task.fetched) });
    if (job.type === 'discover') return analyseDiscovered({ ...job.task, fetched: asFetched(job.task.fetched) });
    return extractItems({ config, portal: job.portal }, job.source, asFetched(job.fetched), new Date(job.fetchedAt));
  };
  work().then(
    (extracted) => reply({ id: job.id, extracted }),
    (e: unknown) => reply({ id: job.id, error: errorValue(e) }),
  );
}

/** A body arrives as a plain Uint8Array: the adapters read it as a Buffer. */
const asFetched = (fetched: FetchedValue): Fetched => ({
  ...fetched,
  body: Buffer.from(fetched.body.buffer, fetched.body.byteOffset, fetched.body.byteLength),
});

function errorValue(e: unknown): ErrorValue {
  if (!(e instanceof HubError)) return { message: e instanceof Error ? e.message : String(e) };
  return {
    code: e.code,
    message: e.message,
    status: e.status,
    ...(e.errors ? { errors: e.errors } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

export function reply(message: ExtractReply): void {
  parentPort!.postMessage(message);
}
