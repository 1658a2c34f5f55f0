/**
 * `hub`: the same use cases as the HTTP API. Against the local data dir by default; against a
 * running hub's API when HUB_URL (and HUB_KEY for writes) are set. One file per command group in
 * commands/, registered here.
 */
import { Command, CommanderError } from 'commander';
import { isHubError, type HubError } from '../hub/errors.ts';
import { EXIT, EXIT_BY_KIND } from './context.ts';
import { serveCommand } from './commands/serve.ts';
import { portalsCommand } from './commands/portals.ts';
import { sourcesCommand } from './commands/sources.ts';
import { checkCommand } from './commands/check.ts';
import { opmlCommand } from './commands/opml.ts';
import { itemsCommand } from './commands/items.ts';
import { keysCommand } from './commands/keys.ts';
import { fetchCommand } from './commands/fetch.ts';

export function buildProgram(): Command {
  const program = new Command('hub')
    .description('Cross-portal syndication hub for government web portals')
    .option('--json', 'print JSON instead of tables')
    .exitOverride()
    .showHelpAfterError();
  serveCommand(program);
  portalsCommand(program);
  sourcesCommand(program);
  checkCommand(program);
  opmlCommand(program);
  itemsCommand(program);
  keysCommand(program);
  fetchCommand(program);
  return program;
}
/** The exit code for an error: by its kind (see EXIT_BY_KIND in context.ts). */
export function exitCodeOf(e: HubError): number {
  return EXIT_BY_KIND[e.kind] ?? EXIT.failure;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isHubError(e)) {
      console.error(`error ${e.code}: ${e.message}`);
      for (const f of e.errors ?? []) console.error(`  ${f.field}: ${f.message}`);
      return exitCodeOf(e);
    }
    console.error(e instanceof Error ? e.message : e);
    return EXIT.failure;
  }
}
