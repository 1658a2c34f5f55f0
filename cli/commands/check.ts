/**
 * `hub check <url>`: what the hub would make of a URL, without registering anything: the kind,
 * the first items as normalized, and every problem. For an HTML list page or a JSON API give the
 * source's configuration with --config (a source body with kind and options, or the options alone).
 * Exits non-zero when nothing usable is found; for an HTML page without a configuration it also
 * lists the feeds and sitemaps discovery finds. With --add (and --portal) a usable source is then
 * registered as checked.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../hub/config.ts';
import { HubClient } from '../../hub/client.ts';
import { HubError } from '../../hub/errors.ts';
import type { Discovery, Preview, PreviewInput } from '../../hub/model.ts';
import { previewSource } from '../../hub/preview.ts';
import { discoverSources } from '../../hub/discovery/discover.ts';
import { EXIT, withTarget, type Cli } from '../context.ts';
import { printTable } from '../output.ts';

interface CheckOptions {
  config?: string;
  kind?: string;
  portal?: string;
  limit: number;
  add?: boolean;
}

export function checkCommand(program: Command, cli: Cli) {
  program
    .command('check <url>')
    .description('preview what the hub would extract from a URL, without registering it')
    .option('--config <file>', 'JSON file: a source body ({kind, options}) or the adapter options alone')
    .option('--kind <kind>', 'adapter kind (default: detected from the body)')
    .option('--portal <id>', 'portal whose time zone applies')
    .option('--limit <n>', 'items to show', (v) => Number(v), 10)
    .option('--add', 'register the source when the check finds it usable (needs --portal)')
    .action(async (url: string, o: CheckOptions) => {
      if (o.add && !o.portal) throw new HubError('CLI.PORTAL_REQUIRED', '--add registers the source for a portal: give --portal <id>');
      const input = previewInput(url, o);
      const target = checkTarget(cli.env);
      const preview = await target.preview(input, o.limit);
      const discovery =
        !preview.ok && preview.detectedKind === 'html' && !input.options ? await target.discover(preview.finalUrl ?? url).catch(() => undefined) : undefined;
      if (program.opts().json) cli.out(JSON.stringify(discovery ? { ...preview, discovery } : preview, null, 2));
      else printCheck(preview, discovery, cli.out);
      if (!preview.ok) {
        if (o.add) cli.err('not registered: nothing usable was found');
        cli.exitCode = EXIT.failure;
        return;
      }
      if (o.add) await register(input, preview, program, cli);
    });
}

/** Registers exactly what was checked, with the kind the check used (detected or given). */
async function register(input: PreviewInput, preview: Preview, program: Command, cli: Cli) {
  await withTarget(cli, async (t) => {
    // the preview above was the check: registering does not fetch the URL again
    const source = await t.createSource({ ...input, portalId: input.portalId!, kind: preview.kind, check: false });
    if (program.opts().json) cli.err(`registered ${source.id}`);
    else cli.out(`\nregistered as ${source.id} (${source.kind}, every ${source.intervalSeconds} s)`);
  });
}

function previewInput(url: string, o: CheckOptions): PreviewInput {
  let fromFile: Record<string, unknown> = {};
  if (o.config) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(o.config, 'utf8'));
    } catch (e) {
      throw new HubError('CLI.BAD_CONFIG', `Cannot read ${o.config} as JSON: ${(e as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HubError('CLI.BAD_CONFIG', `${o.config} must hold a JSON object`);
    const obj = parsed as Record<string, unknown>;
    // a source body has kind or options; anything else is taken as the options themselves
    fromFile = 'options' in obj || 'kind' in obj ? obj : { options: obj, ...(obj.itemSelector ? { kind: 'html' } : obj.mapping ? { kind: 'json' } : {}) };
  }
  return {
    ...(fromFile as Partial<PreviewInput>),
    url,
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.portal ? { portalId: o.portal } : {}),
  };
}

/** A running hub's API when HUB_URL is set; otherwise in process (no data dir needed, nothing stored). */
export function checkTarget(env: NodeJS.ProcessEnv) {
  if (env.HUB_URL) {
    const client = new HubClient(env.HUB_URL, env.HUB_KEY);
    return { preview: (i: PreviewInput, limit: number) => client.previewSource(i, limit), discover: (u: string) => client.discoverSources(u) };
  }
  const config = loadConfig(env);
  return { preview: (i: PreviewInput, limit: number) => previewSource({ config }, i, limit), discover: (u: string) => discoverSources({ config }, u) };
}

export function printCheck(p: Preview, discovery: Discovery | undefined, write: (line: string) => void) {
  const facts = [
    ['url', p.finalUrl && p.finalUrl !== p.url ? `${p.url} → ${p.finalUrl}` : p.url],
    ['kind', p.detectedKind && p.detectedKind !== p.kind ? `${p.kind} (the body looks like ${p.detectedKind})` : p.kind],
    ['status', p.httpStatus ?? ''],
    ['channel', p.channel?.title ?? ''],
    ['items', `${p.itemCount} valid, ${p.rejectedCount} rejected`],
    ['result', p.ok ? 'usable' : 'NOTHING USABLE'],
  ];
  for (const [k, v] of facts) write(`${String(k).padEnd(8)} ${v}`);
  write('');
  if (p.items.length) {
    printTable(
      p.items.map((i) => ({
        published: i.publishedAt.slice(0, 16).replace('T', ' '),
        title: i.title,
        url: i.url,
        image: i.image ? 'yes' : '',
        flags: i.flags.join(','),
      })),
      ['published', 'title', 'url', 'image', 'flags'],
      write,
    );
    write('');
  }
  if (p.problems.length) {
    // messages are the point here: printed whole, not cut to a table column
    write(`Problems (${p.problems.length})`);
    for (const x of p.problems) write(`  ${x.code}  ${x.field ?? x.ref ?? ''}\n      ${x.message}`);
    write('');
  }
  for (const w of p.warnings) write(`warning: ${w}`);
  if (p.suggestedOptions) {
    write('');
    write('Suggested options (the items above were read with them): save them to a file, correct as needed, and pass --config');
    write(JSON.stringify(p.suggestedOptions, null, 2));
  }
  if (discovery?.candidates.length) {
    write('');
    write('Sources found on this portal (register one of these instead):');
    printTable(
      discovery.candidates.map((c) => ({ kind: c.kind, format: c.format ?? '', items: c.itemCount ?? '', via: c.via, url: c.url })),
      ['kind', 'format', 'items', 'via', 'url'],
      write,
    );
  }
  for (const x of discovery?.problems ?? []) write(`warning: the portal links ${x.url}, which fails: ${x.code} ${x.message}`);
}
