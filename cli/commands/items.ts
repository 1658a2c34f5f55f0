import type { Command } from 'commander';
import { output, withTarget } from '../context.ts';

const COLUMNS = ['id', 'portalId', 'flags', 'title'];

export function itemsCommand(program: Command) {
  const items = program.command('items').description('stored items');
  items
    .command('withdraw <id>')
    .description('withdraw an item: it leaves the feeds, the API and the stream show a tombstone')
    .action(async (id: string) => {
      await withTarget(async (t) => output(program, [await t.withdrawItem(id)], COLUMNS));
    });
  items
    .command('restore <id>')
    .description('take back the withdrawal of an item')
    .action(async (id: string) => {
      await withTarget(async (t) => output(program, [await t.restoreItem(id)], COLUMNS));
    });
}
