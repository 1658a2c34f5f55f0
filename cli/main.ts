/**
 * `hub`: the same use cases as the HTTP API. Against the local data dir by default; against a
 * running hub's API when HUB_URL (and HUB_KEY for writes) are set.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../hub/config.ts';
import { startHub } from '../hub/main.ts';
import { isHubError } from '../hub/errors.ts';
import { openTarget } from './target.ts';
import { printTable } from './output.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3 } as const;

export function buildProgram(): Command {
  const program = new Command('hub')
    .description('Cross-portal syndication hub for government web portals')
    .option('--json', 'print JSON instead of tables')
    .exitOverride()
    .showHelpAfterError();

  program.command('serve').description('start the hub (same as npm start)').action(async () => {
    const running = await startHub(loadConfig());
    await new Promise<void>((resolve) => {
      const stop = () => void running.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });

  const portals = program.command('portals').description('the portal directory');
  portals.command('list').description('list portals').action(async () => {
    await withTarget(async (t) => {
      const list = await t.listPortals();
      output(program, list, ['id', 'level', 'parentId', 'adminCode', 'name']);
    });
  });
  portals
    .command('add')
    .description('register a portal')
    .requiredOption('--id <id>', 'lowercase slug')
    .requiredOption('--name <name>', 'Vietnamese name')
    .requiredOption('--url <url>', 'home page URL')
    .requiredOption('--level <level>', 'central, ministry, province, department, commune or other')
    .option('--parent <id>', 'parent portal id')
    .option('--name-en <name>', 'English name')
    .option('--code <code>', 'administrative unit code')
    .action(async (o) => {
      await withTarget(async (t) => {
        const portal = await t.createPortal({ id: o.id, name: o.name, url: o.url, level: o.level, ...(o.parent ? { parentId: o.parent } : {}), ...(o.nameEn ? { nameEn: o.nameEn } : {}), ...(o.code ? { adminCode: o.code } : {}) });
        output(program, [portal], ['id', 'level', 'parentId', 'name']);
      });
    });

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
  return program;
}

function output(program: Command, rows: object[], columns: string[]) {
  if (program.opts().json) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows as Record<string, unknown>[], columns);
}

async function withTarget(run: (t: Awaited<ReturnType<typeof openTarget>>) => Promise<void>) {
  const target = await openTarget(process.env);
  try {
    await run(target);
  } finally {
    await target.close();
  }
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
