import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { output, withTarget, type Cli } from '../context.ts';
import { directoryFormat } from '../../hub/directory/import.ts';

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
        });
        output(cli, program, [portal], ['id', 'level', 'parentId', 'name']);
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
