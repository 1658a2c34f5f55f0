import type { Command } from 'commander';
import { EXIT, output, withTarget } from '../context.ts';

export function sourcesCommand(program: Command) {
  const sources = program.command('sources').description('what the hub pulls from each portal');
  sources.command('list').description('list sources with their health').option('--portal <id>').action(async (o) => {
    await withTarget(async (t) => {
      const list = await t.listSources(o.portal);
      output(program, list.map((s) => ({ ...s, state: s.health.state, lastError: s.health.lastError?.code ?? '' })), ['id', 'portalId', 'kind', 'state', 'lastError', 'url']);
    });
  });
  sources
    .command('add')
    .description('register a source for a portal')
    .requiredOption('--portal <id>', 'portal id')
    .requiredOption('--url <url>', 'feed URL')
    .option('--kind <kind>', 'adapter kind', 'feed')
    .option('--interval <seconds>', 'poll interval in seconds', (v) => Number(v))
    .action(async (o) => {
      await withTarget(async (t) => {
        const source = await t.createSource({ portalId: o.portal, url: o.url, kind: o.kind, ...(o.interval ? { intervalSeconds: o.interval } : {}) });
        output(program, [source], ['id', 'portalId', 'kind', 'intervalSeconds', 'url']);
      });
    });
  sources.command('refresh <id>').description('fetch a source now').action(async (id: string) => {
    await withTarget(async (t) => {
      const r = await t.refreshSource(id);
      output(program, [{ ...r, error: r.error ? `${r.error.code}: ${r.error.message}` : '' }], ['sourceId', 'httpStatus', 'new', 'updated', 'unchanged', 'rejected', 'error']);
      if (r.error) process.exitCode = EXIT.failure;
    });
  });
}
