/** What every command shares: exit codes, the target (local store or remote hub), output. */
import type { Command } from 'commander';
import { openTarget, type Target } from './target.ts';
import { printTable } from './output.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3 } as const;

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
