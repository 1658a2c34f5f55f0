/**
 * `hub opml export|import` and `hub sources import <file.opml>`: OPML 2.0 lists of sources, the
 * same as GET /opml/*.opml and POST /api/v1/sources:import.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { output, withTarget, type Cli } from '../context.ts';

function importAction(program: Command, cli: Cli) {
  return async (file: string, o: { portal?: string; dryRun?: boolean }) => {
    const text = readFileSync(file, 'utf8');
    await withTarget(cli, async (t) => {
      const result = await t.importSources(text, { portal: o.portal, dryRun: !!o.dryRun });
      if (program.opts().json) return void cli.out(JSON.stringify(result, null, 2));
      if (result.created.length) output(cli, program, result.created, ['id', 'portalId', 'kind', 'url']);
      cli.out(`${result.dryRun ? 'would register' : 'registered'}: ${result.wouldCreate} new, ${result.unchanged.length} already registered`);
    });
  };
}

const withImportOptions = (c: Command) =>
  c.option('--portal <id>', 'portal of the feeds that name none').option('--dry-run', 'check the file and say what would change, without registering');

export function opmlCommand(program: Command, cli: Cli) {
  const opml = program.command('opml').description('OPML 2.0 lists of sources and feeds');
  opml
    .command('export')
    .description('print every source grouped by portal (or, with --portals, the hub feed of every portal)')
    .option('--portals', "the hub's subtree feed of every portal instead of the sources")
    .option('-o, --output <file>', 'write to a file instead of printing')
    .action(async (o) => {
      await withTarget(cli, async (t) => {
        const text = await t.opml(o.portals ? 'portals' : 'sources');
        if (o.output) writeFileSync(o.output, text);
        else cli.stdout.write(text);
      });
    });
  withImportOptions(opml.command('import <file>').description('register the feeds of an OPML file as sources: all or none')).action(importAction(program, cli));
  // the same import where operators look for it, next to `sources add`
  const sources = program.commands.find((c) => c.name() === 'sources');
  if (sources)
    withImportOptions(sources.command('import <file>').description('register the feeds of an OPML file as sources: all or none')).action(
      importAction(program, cli),
    );
}
