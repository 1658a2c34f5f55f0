/**
 * The `hub` CLI for tests. hubCli runs main() in process with the environment given (and nothing
 * else, as a child process started with that environment would see) and captures stdout, stderr
 * and the exit code; hubProcess runs the real `hub` command in a child process, for the one test
 * that proves the executable end to end.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.ts';

const BIN = fileURLToPath(new URL('../../cli/hub.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written (as a terminal shows them). */
  text: string;
}

export async function hubCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let text = '';
  const code = await main(['node', 'hub', ...args], {
    stdout: { write: (s: string) => ((stdout += s), (text += s)) },
    stderr: { write: (s: string) => ((stderr += s), (text += s)) },
    env: { PATH: process.env.PATH, ...env },
  });
  return { code, stdout, stderr, text };
}

export function hubProcess(args: string[], env: Record<string, string>): Promise<Omit<CliRun, 'text'>> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
