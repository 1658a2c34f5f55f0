import type { Command } from 'commander';
import { output, withTarget, type Cli } from '../context.ts';

const COLUMNS = ['id', 'portalId', 'flags', 'title'];

export function itemsCommand(program: Command, cli: Cli) {
  const items = program.command('items').description('stored items');
  items
    .command('withdraw <id>')
    .description('withdraw an item: it leaves the feeds, the API and the stream show a tombstone')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => output(cli, program, [await t.withdrawItem(id)], COLUMNS));
    });
  items
    .command('restore <id>')
    .description('take back the withdrawal of an item')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => output(cli, program, [await t.restoreItem(id)], COLUMNS));
    });
}
