/**
 * `hub sources …`: register, list, check, refresh, edit, remove sources, and prove ownership of
 * their hosts. (`sources import` comes with the OPML commands.)
 */
import type { Command } from 'commander';
import { HubError } from '../../hub/errors.ts';
import type { Source, SourceUpdate } from '../../hub/model.ts';
import { META_NAME, WELL_KNOWN_PATH } from '../../hub/ownership/ownership.ts';
import { EXIT, output, withTarget, type Cli } from '../context.ts';
import { checkTarget, printCheck } from './check.ts';

const SOURCE_COLUMNS = ['id', 'portalId', 'kind', 'state', 'ownership', 'lastError', 'url'];

const row = (s: Source) => ({
  ...s,
  state: s.paused ? 'paused' : s.health.state,
  ownership: s.ownership?.state ?? '',
  lastError: s.health.lastError?.code ?? '',
});

/** What an operator must do for a pending source. */
function ownershipHelp(s: Source): string[] {
  const o = s.ownership;
  if (o?.state !== 'pending') return [];
  const origin = new URL(s.url).origin;
  return [
    `Source ${s.id} stays pending (not fetched, nothing published) until control of ${o.host} is proven:`,
    `  serve the line  ${o.token}  at ${origin}${WELL_KNOWN_PATH}`,
    `  or put  <meta name="${META_NAME}" content="${o.token}">  in the <head> of ${origin}/`,
    `then run: hub sources verify ${s.id}   (or ask an admin: hub sources approve ${s.id})`,
    ...(o.lastCheck ? [`last check ${o.lastCheck.at}: ${o.lastCheck.message}`] : []),
  ];
}

const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 60) throw new HubError('CLI.BAD_INTERVAL', `--interval takes whole seconds (at least 60), not "${v}"`);
  return n;
};

export function sourcesCommand(program: Command, cli: Cli) {
  const json = () => !!program.opts().json;
  const sources = program.command('sources').description('what the hub pulls from each portal');

  sources
    .command('list')
    .description('list sources with their health and ownership')
    .option('--portal <id>', 'only this portal')
    .option('--failing', 'only sources whose last fetch failed')
    .action(async (o) => {
      await withTarget(cli, async (t) => {
        let list = await t.listSources(o.portal);
        if (o.failing) list = list.filter((s) => s.health.state === 'failing' || s.health.state === 'disabled');
        output(cli, program, list.map(row), SOURCE_COLUMNS);
      });
    });

  sources
    .command('add')
    .description('register a source for a portal')
    .requiredOption('--portal <id>', 'portal id')
    .requiredOption('--url <url>', 'feed URL')
    .option('--kind <kind>', 'adapter kind', 'feed')
    .option('--interval <seconds>', 'poll interval in seconds', seconds)
    .option('--paused', 'register without polling it')
    .option('--no-check', 'store it without fetching it first (a portal that is down today: the hub retries it)')
    .action(async (o) => {
      await withTarget(cli, async (t) => {
        // the hub fetches and reads the URL once before storing it; a refusal says why (cli/refusal.ts prints the rest)
        const source = await t.createSource({
          portalId: o.portal,
          url: o.url,
          kind: o.kind,
          ...(o.interval ? { intervalSeconds: o.interval } : {}),
          ...(o.paused ? { paused: true } : {}),
          ...(o.check === false ? { check: false } : {}),
        });
        output(cli, program, [row(source)], ['id', 'portalId', 'kind', 'intervalSeconds', 'ownership', 'url']);
        for (const line of ownershipHelp(source)) (json() ? cli.err : cli.out)(line);
      });
    });

  sources
    .command('show <id>')
    .description('one source: health, last error, rejected items, ownership')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        const s = await t.getSource(id);
        if (json()) return void cli.out(JSON.stringify(s, null, 2));
        const h = s.health;
        const facts: [string, unknown][] = [
          ['id', s.id],
          ['portal', s.portalId],
          ['url', s.url],
          ['kind', s.kind],
          ['interval', `${s.intervalSeconds} s${s.paused ? ' (paused)' : ''}`],
          ['state', h.state],
          ['ownership', s.ownership ? `${s.ownership.state}${s.ownership.method ? ` (${s.ownership.method})` : ''}` : 'registered by an admin'],
          ['last fetch', h.lastFetchedAt ?? 'never'],
          ['last ok', h.lastSuccessAt ?? 'never'],
          ['failures', h.consecutiveFailures],
          ['last error', h.lastError ? `${h.lastError.code}: ${h.lastError.message}` : ''],
        ];
        for (const [k, v] of facts) cli.out(`${k.padEnd(11)} ${v}`);
        for (const w of h.warnings) cli.out(`warning    ${w}`);
        for (const r of h.rejected) cli.out(`rejected   ${r.ref}: ${r.reasons.join('; ')}`);
        for (const line of ownershipHelp(s)) cli.out(line);
      });
    });

  sources
    .command('check <id>')
    .description('preview what the source gives now, without storing anything')
    .option('--limit <n>', 'items to show', (v) => Number(v), 10)
    .action(async (id: string, o) => {
      let source: Source | undefined;
      await withTarget(cli, async (t) => {
        source = await t.getSource(id);
      });
      const preview = await checkTarget(cli.env).preview(
        { url: source!.url, portalId: source!.portalId, kind: source!.kind, ...(source!.options ? { options: source!.options } : {}) },
        o.limit,
      );
      if (json()) cli.out(JSON.stringify(preview, null, 2));
      else {
        printCheck(preview, undefined, cli.out);
        for (const line of ownershipHelp(source!)) cli.out(line);
      }
      if (!preview.ok) cli.exitCode = EXIT.failure;
    });

  sources
    .command('refresh <ids...>')
    .description('fetch sources now and store what they give')
    .action(async (ids: string[]) => {
      await withTarget(cli, async (t) => {
        const results = [];
        for (const id of ids) results.push(await t.refreshSource(id));
        output(
          cli,
          program,
          results.map((r) => ({ ...r, error: r.error ? `${r.error.code}: ${r.error.message}` : '' })),
          ['sourceId', 'httpStatus', 'new', 'updated', 'unchanged', 'rejected', 'error'],
        );
        if (results.some((r) => r.error)) cli.exitCode = EXIT.failure;
      });
    });

  sources
    .command('refreshes <id>')
    .description("a source's last refreshes, newest first: what started each, its status, counts and error")
    .option('--limit <n>', 'how many (at most 100)', (v: string) => Number(v), 20)
    .action(async (id: string, o: { limit: number }) => {
      await withTarget(cli, async (t) => {
        const { reports } = await t.listRefreshes(id, o.limit);
        output(
          cli,
          program,
          reports.map((r) => ({ ...r, error: r.error ? `${r.error.code}: ${r.error.message}` : '' })),
          ['startedAt', 'trigger', 'durationMs', 'httpStatus', 'bytes', 'new', 'updated', 'unchanged', 'rejected', 'error'],
        );
      });
    });

  sources
    .command('edit <id>')
    .description("change a source's URL, interval, paused state or alert e-mail")
    .option('--url <url>', 'new URL (a new host must prove ownership again)')
    .option('--interval <seconds>', 'poll interval in seconds', seconds)
    .option('--pause', 'stop polling')
    .option('--resume', 'poll again')
    .option('--mute-alerts', 'send no alert e-mail about this source (webhook events still go)')
    .option('--unmute-alerts', 'send its alert e-mail again')
    .action(async (id: string, o) => {
      if (o.pause && o.resume) throw new HubError('CLI.CONFLICTING_OPTIONS', 'Give --pause or --resume, not both');
      if (o.muteAlerts && o.unmuteAlerts) throw new HubError('CLI.CONFLICTING_OPTIONS', 'Give --mute-alerts or --unmute-alerts, not both');
      const patch: SourceUpdate = {
        ...(o.url ? { url: o.url } : {}),
        ...(o.interval ? { intervalSeconds: o.interval } : {}),
        ...(o.pause ? { paused: true } : {}),
        ...(o.resume ? { paused: false } : {}),
        ...(o.muteAlerts ? { alertsMuted: true } : {}),
        ...(o.unmuteAlerts ? { alertsMuted: false } : {}),
      };
      if (!Object.keys(patch).length)
        throw new HubError('CLI.NOTHING_TO_CHANGE', 'Say what to change: --url, --interval, --pause, --resume, --mute-alerts or --unmute-alerts');
      await withTarget(cli, async (t) => {
        const s = await t.updateSource(id, patch);
        output(cli, program, [row(s)], SOURCE_COLUMNS);
        for (const line of ownershipHelp(s)) (json() ? cli.err : cli.out)(line);
      });
    });

  sources
    .command('remove <id>')
    .description('remove a source and the items it brought in')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        await t.removeSource(id);
        if (json()) cli.out(JSON.stringify({ removed: id }));
        else cli.out(`removed source ${id}`);
      });
    });

  sources
    .command('verify <id>')
    .description("look for the ownership token on the source's host now")
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        const s = await t.verifyOwnership(id);
        if (json()) cli.out(JSON.stringify(s, null, 2));
        else if (s.ownership?.state === 'pending') for (const line of ownershipHelp(s)) cli.out(line);
        else
          cli.out(
            `source ${s.id}: ownership ${s.ownership?.state ?? 'verified'}${s.ownership?.method ? ` (${s.ownership.method})` : ''}; it is polled from now on`,
          );
        if (s.ownership?.state === 'pending') cli.exitCode = EXIT.failure;
      });
    });

  sources
    .command('approve <id>')
    .description('vouch for a pending source as an admin')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        const s = await t.approveOwnership(id);
        if (json()) cli.out(JSON.stringify(s, null, 2));
        else cli.out(`source ${s.id}: ownership ${s.ownership?.state ?? 'verified'}`);
      });
    });
}
