/** An extract worker that dies on a job for source "crash" and works as the real one otherwise. */
import { parentPort } from 'node:worker_threads';
import type { ExtractJob } from '../../hub/pipeline/extract-pool.ts';
import { handle } from '../../hub/pipeline/extract-worker.ts';

export function start(): void {
  parentPort!.on('message', (job: ExtractJob) => (job.source.id === 'crash' ? process.exit(3) : handle(job)));
}
