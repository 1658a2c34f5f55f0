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

/** Where a run of the CLI writes and what it reads: the process's own streams and environment, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** One run of the CLI: its io, a line writer for each stream, and the exit code its commands set. */
export interface Cli extends CliIo {
  /** Writes a line to stdout. */
  out(line?: string): void;
  /** Writes a line to stderr. */
  err(line?: string): void;
  /** Set by a command that finished but failed (EXIT.failure); main() returns it. */
  exitCode: number;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export function cliOf(io: CliIo): Cli {
  return {
    ...io,
    out: (line = '') => void io.stdout.write(`${line}\n`),
    err: (line = '') => void io.stderr.write(`${line}\n`),
    exitCode: EXIT.ok,
  };
}

/** Prints rows as a table, or as JSON with --json. */
export function output(cli: Cli, program: Command, rows: object[], columns: string[]) {
  if (program.opts().json) cli.out(JSON.stringify(rows, null, 2));
  else printTable(rows as Record<string, unknown>[], columns, cli.out);
}

export async function withTarget(cli: Cli, run: (t: Target) => Promise<void>) {
  const target = await openTarget(cli.env);
  try {
    await run(target);
  } finally {
    await target.close();
  }
}
