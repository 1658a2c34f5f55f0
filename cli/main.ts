/**
 * `hub`: the same use cases as the HTTP API. Against the local data dir by default; against a
 * running hub's API when HUB_URL (and HUB_KEY for writes) are set. One file per command group in
 * commands/, registered here.
 */
import { Command, CommanderError } from 'commander';
import { isHubError, type HubError } from '../hub/errors.ts';
import { refusalLines } from './refusal.ts';
import { EXIT, EXIT_BY_KIND, cliOf, processIo, type Cli, type CliIo } from './context.ts';
import { serveCommand } from './commands/serve.ts';
import { portalsCommand } from './commands/portals.ts';
import { sourcesCommand } from './commands/sources.ts';
import { checkCommand } from './commands/check.ts';
import { opmlCommand } from './commands/opml.ts';
import { itemsCommand } from './commands/items.ts';
import { keysCommand } from './commands/keys.ts';
import { webhooksCommand } from './commands/webhooks.ts';
import { fetchCommand } from './commands/fetch.ts';

export function buildProgram(cli: Cli = cliOf(processIo())): Command {
  const program = new Command('hub')
    .description('Cross-portal syndication hub for government web portals')
    .option('--json', 'print JSON instead of tables')
    // before the commands are added: they inherit it (help and usage errors go to the run's streams)
    .configureOutput({ writeOut: (s) => void cli.stdout.write(s), writeErr: (s) => void cli.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError();
  serveCommand(program);
  portalsCommand(program, cli);
  sourcesCommand(program, cli);
  checkCommand(program, cli);
  opmlCommand(program, cli);
  itemsCommand(program, cli);
  keysCommand(program, cli);
  webhooksCommand(program, cli);
  fetchCommand(program, cli);
  return program;
}
/** The exit code for an error: by its kind (see EXIT_BY_KIND in context.ts). */
export function exitCodeOf(e: HubError): number {
  return EXIT_BY_KIND[e.kind] ?? EXIT.failure;
}

/**
 * Runs the CLI once with argv as in process.argv (node, script, args…) and returns the exit code.
 * Output goes to io (the process's stdout, stderr and environment by default), so tests can run it
 * in process and read what it printed.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const cli = cliOf(io);
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv);
    return cli.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isHubError(e)) {
      cli.err(`error ${e.code}: ${e.message}`);
      for (const f of e.errors ?? []) cli.err(`  ${f.field}: ${f.message}`);
      for (const line of refusalLines(e)) cli.err(line);
      return exitCodeOf(e);
    }
    cli.err(String(e instanceof Error ? e.message : e));
    return EXIT.failure;
  }
}
