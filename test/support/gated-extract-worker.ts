/**
 * An extract worker for tests of what runs on the workers. A job whose source options carry a
 * `gate` (a SharedArrayBuffer) blocks the worker until the test opens the gate, so that what is
 * sent after it waits on the worker, provably; a preview of a URL ending in /hang never finishes
 * (a body that sends a parser into an endless loop); anything else is done as the real worker does.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerJob } from '../../hub/pipeline/extract-pool.ts';
import { handle, reply, warmUp } from '../../hub/pipeline/extract-worker.ts';

export async function start(): Promise<void> {
  await warmUp();
  parentPort!.on('message', (job: WorkerJob) => {
    const gate = job.type === 'preview' || job.type === 'discover' ? undefined : (job.source.options as { gate?: SharedArrayBuffer } | undefined)?.gate;
    if (gate) {
      Atomics.wait(new Int32Array(gate), 0, 0);
      reply({ id: job.id, extracted: { valid: [], rejected: [], warnings: [], channel: {} } });
    } else if (job.type === 'preview' && job.task.input.url.endsWith('/hang')) for (;;);
    else handle(job);
  });
  reply({ ready: true });
}

/** A closed gate for a job's source options, and the way to open it. */
export function gate(): { buffer: SharedArrayBuffer; open: () => void } {
  const buffer = new SharedArrayBuffer(4);
  return {
    buffer,
    open: () => {
      Atomics.store(new Int32Array(buffer), 0, 1);
      Atomics.notify(new Int32Array(buffer), 0);
    },
  };
}
