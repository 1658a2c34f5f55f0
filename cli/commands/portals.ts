import type { Command } from 'commander';
import { output, withTarget } from '../context.ts';

export function portalsCommand(program: Command) {
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

}
