import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { output, withTarget, type Cli } from '../context.ts';
import { directoryFormat } from '../../hub/directory/import.ts';
import { HubError } from '../../hub/errors.ts';

export function portalsCommand(program: Command, cli: Cli) {
  const portals = program.command('portals').description('the portal directory');
  portals
    .command('list')
    .description('list portals')
    .action(async () => {
      await withTarget(cli, async (t) => {
        const list = await t.listPortals();
        output(cli, program, list, ['id', 'level', 'parentId', 'adminCode', 'name']);
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
    .option('--alert-email <address...>', "who is e-mailed this portal's alerts (portals below inherit it)")
    .action(async (o) => {
      await withTarget(cli, async (t) => {
        const portal = await t.createPortal({
          id: o.id,
          name: o.name,
          url: o.url,
          level: o.level,
          ...(o.parent ? { parentId: o.parent } : {}),
          ...(o.nameEn ? { nameEn: o.nameEn } : {}),
          ...(o.code ? { adminCode: o.code } : {}),
          ...(o.alertEmail ? { alertEmails: o.alertEmail } : {}),
        });
        output(cli, program, [portal], ['id', 'level', 'parentId', 'name']);
      });
    });
  portals
    .command('edit <id>')
    .description("change a portal's fields, alert addresses included (its id never changes); options left out keep their value")
    .option('--name <name>', 'Vietnamese name')
    .option('--url <url>', 'home page URL')
    .option('--level <level>', 'central, ministry, province, department, commune or other')
    .option('--parent <id>', 'parent portal id')
    .option('--name-en <name>', 'English name')
    .option('--code <code>', 'administrative unit code')
    .option('--unset <fields...>', 'optional fields to remove: nameEn, parentId, adminCode, logoUrl, contact, timeZone, alertEmails')
    .option('--alert-email <address...>', 'these addresses (portals below without a list inherit them)')
    .option('--alert-emails-none', 'mail nobody (and stop the inheritance from above)')
    .option('--alert-emails-inherit', "remove the portal's own list: it inherits its parent's again")
    .action(async (id: string, o) => {
      const alerts = [o.alertEmail, o.alertEmailsNone, o.alertEmailsInherit].filter((v) => v !== undefined);
      if (alerts.length > 1) throw new HubError('CLI.CONFLICTING_OPTIONS', 'Give one of --alert-email, --alert-emails-none, --alert-emails-inherit');
      const patch = {
        ...(o.name ? { name: o.name } : {}),
        ...(o.url ? { url: o.url } : {}),
        ...(o.level ? { level: o.level } : {}),
        ...(o.parent ? { parentId: o.parent } : {}),
        ...(o.nameEn ? { nameEn: o.nameEn } : {}),
        ...(o.code ? { adminCode: o.code } : {}),
        ...(o.unset ? { unset: o.unset } : {}),
        ...(alerts.length ? { alertEmails: o.alertEmail ?? (o.alertEmailsNone ? [] : null) } : {}),
      };
      if (!Object.keys(patch).length)
        throw new HubError('CLI.NOTHING_TO_CHANGE', 'Say what to change: --name, --url, --level, --parent, --name-en, --code, --unset or the alert addresses');
      await withTarget(cli, async (t) => {
        const portal = await t.updatePortal(id, patch);
        output(cli, program, [{ ...portal, alertEmails: portal.alertEmails?.join(' ') ?? '(inherited)' }], ['id', 'level', 'parentId', 'name', 'alertEmails']);
      });
    });
  portals
    .command('import <file>')
    .description('import a directory from JSON or CSV: every row valid, or nothing imported')
    .option('--format <format>', 'json or csv (default: from the file name, then the content)')
    .option('--dry-run', 'check the file and say what would change, without writing')
    .action(async (file: string, o) => {
      const text = readFileSync(file, 'utf8');
      const format = directoryFormat(o.format ?? file, text);
      await withTarget(cli, async (t) => {
        const result = await t.importPortals(text, format, { dryRun: !!o.dryRun });
        if (program.opts().json) cli.out(JSON.stringify(result, null, 2));
        else
          cli.out(
            `${result.dryRun ? 'would import' : 'imported'}: ${result.created.length} new, ${result.updated.length} updated, ${result.unchanged.length} unchanged`,
          );
      });
    });
  portals
    .command('scorecard <id>')
    .description("a portal's scorecard over the last 12 weeks: items per week, last publication, delay, sources, grade")
    .option('--subtree', 'count the portals below it too, as one')
    .action(async (id: string, o: { subtree?: boolean }) => {
      await withTarget(cli, async (t) => {
        const card = await t.scorecard(id, !!o.subtree);
        if (program.opts().json) return cli.out(JSON.stringify(card, null, 2));
        const s = card.sources;
        cli.out(
          [
            `${card.name} (${card.portalId}${card.subtree ? `, with ${card.portals - 1} portal(s) below it` : ''}): grade ${card.grade}`,
            `items per week, ${card.weeks[0].week} … ${card.weeks.at(-1)!.week}: ${card.weeks.map((w) => w.items).join(' ')} (${card.itemsInWindow} in all, ${card.averagePerWeek} a week)`,
            `last published: ${card.lastPublishedAt ?? 'never'}`,
            `median delay before the hub has an item: ${card.medianDelaySeconds === null ? '-' : `${card.medianDelaySeconds} s`}`,
            `sources: ${s.total} (${s.ok} ok, ${s.failing} failing, ${s.disabled} disabled, ${s.new} new, ${s.paused} paused)`,
            `with an image: ${share(card.imageShare)}; with a topic: ${share(card.topicShare)}`,
            `republished by other portals: ${card.republishedByOthers}; republished from others: ${card.republishedFromOthers}`,
            `grade rule: ${card.gradeRule.en}`,
          ].join('\n'),
        );
      });
    });
  portals
    .command('remove <id>')
    .description('remove a portal that has no sources and no child portals left')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        await t.removePortal(id);
        if (program.opts().json) cli.out(JSON.stringify({ removed: id }));
        else cli.out(`removed portal ${id}`);
      });
    });
}

const share = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)} %`);
