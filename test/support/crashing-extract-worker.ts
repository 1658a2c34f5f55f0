/** An extract worker that dies on a job for source "crash", never finishes one for "hang", and works as the real one otherwise. */
import { parentPort } from 'node:worker_threads';
import type { ExtractJob } from '../../hub/pipeline/extract-pool.ts';
import { handle, reply, warmUp } from '../../hub/pipeline/extract-worker.ts';

/** Warms up as the real worker does, so a job's time counts as it does there. */
export async function start(): Promise<void> {
  await warmUp();
  parentPort!.on('message', (job: ExtractJob) => {
    if (job.source.id === 'crash') process.exit(3);
    // a body that sends a parser into an endless loop
    else if (job.source.id === 'hang') for (;;);
    else handle(job);
  });
  reply({ ready: true });
}
