/**
 * `hub`: the same use cases as the HTTP API. Against the local data dir by default; against a
 * running hub's API when HUB_URL (and HUB_KEY for writes) are set. One file per command group in
 * commands/, registered here.
 */
import { Command, CommanderError } from 'commander';
import { isHubError } from '../hub/errors.ts';
import { EXIT } from './context.ts';
import { serveCommand } from './commands/serve.ts';
import { portalsCommand } from './commands/portals.ts';
import { sourcesCommand } from './commands/sources.ts';
import { checkCommand } from './commands/check.ts';
import { opmlCommand } from './commands/opml.ts';
import { itemsCommand } from './commands/items.ts';

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
  return program;
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
      return e.kind === 'validation' || e.kind === 'unprocessable' ? EXIT.usage : e.code === 'STORE.LOCKED' || e.kind === 'fetch' ? EXIT.unavailable : EXIT.failure;
    }
    console.error(e instanceof Error ? e.message : e);
    return EXIT.failure;
  }
}
