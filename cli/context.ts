/** What every command shares: exit codes, the target (local store or remote hub), output. */
import type { Command } from 'commander';
import type { ErrorKind } from '../hub/error-catalogue.ts';
import { openTarget, type Target } from './target.ts';
import { printTable } from './output.ts';

/**
 * Exit codes: 0 done; 1 done, but something failed (a fetch, a check); 2 bad usage or invalid
 * input; 3 the hub or its store cannot be reached (or is locked by a running hub); 4 no valid key,
 * or the key may not do this; 5 no such portal, source or key; 6 a conflict (exists, not empty, pending).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3, denied: 4, notFound: 5, conflict: 6 } as const;

/**
 * The exit code of an error, by its kind (each code's kind is in hub/error-catalogue.ts). An
 * unregistered portal named in a command (`--portal`) is not_found there too: it exits 5.
 */
export const EXIT_BY_KIND: Record<ErrorKind, (typeof EXIT)[keyof typeof EXIT]> = {
  validation: EXIT.usage,
  unprocessable: EXIT.usage,
  fetch: EXIT.unavailable,
  unavailable: EXIT.unavailable,
  auth: EXIT.denied,
  forbidden: EXIT.denied,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  parse: EXIT.failure,
  limit: EXIT.failure,
  internal: EXIT.failure,
};

/** Prints rows as a table, or as JSON with --json. */
export function output(program: Command, rows: object[], columns: string[]) {
  if (program.opts().json) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows as Record<string, unknown>[], columns);
}

export async function withTarget(run: (t: Target) => Promise<void>) {
  const target = await openTarget(process.env);
  try {
    await run(target);
  } finally {
    await target.close();
  }
}
