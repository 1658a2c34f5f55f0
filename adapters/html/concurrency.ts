/**
 * Running many page fetches without letting one stall the rest: at most `limit` at a time, each
 * settled on its own (Promise.allSettled semantics), and each given a deadline of its own.
 */
import { HubError } from '../../hub/errors.ts';

/** Runs `task` over `inputs` with at most `limit` running at once; results keep the input order. */
export async function settleBounded<T, R>(
  inputs: readonly T[],
  limit: number,
  task: (input: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await task(inputs[i], i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}

/**
 * `work`, or a FETCH.TIMEOUT after `ms`. The fetch underneath still ends at the hub's own fetch
 * timeout; this only stops the caller from waiting for it.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HubError('FETCH.TIMEOUT', `No complete answer for ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
