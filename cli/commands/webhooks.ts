/**
 * `hub webhooks list|add|enable|remove|deliveries`: signed webhooks for integrators. Locally the CLI opens
 * the store itself (as an admin); with HUB_URL it acts with HUB_KEY, an operator only inside their subtree.
 */
import type { Command } from 'commander';
import type { WebhookEvent, WebhookFilter, WebhookInput } from '../../hub/webhooks/registry.ts';
import { output, withTarget, type Cli } from '../context.ts';

const COLUMNS = ['id', 'state', 'url', 'events', 'filter', 'createdAt'];
const DELIVERY_COLUMNS = ['at', 'event', 'attempt', 'result', 'status', 'error', 'durationMs', 'messageId'];

const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export function webhooksCommand(program: Command, cli: Cli) {
  const webhooks = program.command('webhooks').description('signed webhooks (Standard Webhooks) that push new items and source changes to an endpoint');
  webhooks
    .command('list')
    .description('the webhooks you manage (never their secrets)')
    .action(async () => {
      await withTarget(cli, async (t) =>
        output(
          cli,
          program,
          (await t.listWebhooks()).map((w) => ({ ...w, events: w.events.join(','), filter: w.filter ? JSON.stringify(w.filter) : '' })),
          COLUMNS,
        ),
      );
    });
  webhooks
    .command('add <url>')
    .description('register a webhook; its signing secret is shown once, as the last word of the output')
    .requiredOption(
      '--events <list>',
      'comma list: item.created, item.updated, item.withdrawn, source.failing, source.disabled, source.recovered, source.drift',
      list,
    )
    .option('--within <portal>', 'only this portal and those below it')
    .option('--portal <ids>', 'only these portals (comma list or repeated)', list)
    .option('--level <levels>', 'only portals at these levels', list)
    .option('--topic <ids>', 'only items with any of these topics', list)
    .option('--category <names>', 'only items with any of these categories', list)
    .option('--q <words>', 'only items whose title or summary has these words')
    .option('--description <text>', 'what the webhook is for')
    .action(async (url: string, o) => {
      const filter: WebhookFilter = {
        ...(o.within ? { within: o.within } : {}),
        ...(o.portal ? { portal: o.portal } : {}),
        ...(o.level ? { level: o.level } : {}),
        ...(o.topic ? { topic: o.topic } : {}),
        ...(o.category ? { category: o.category } : {}),
        ...(o.q ? { q: o.q } : {}),
      };
      const input: WebhookInput = {
        url,
        events: o.events as WebhookEvent[],
        ...(Object.keys(filter).length ? { filter } : {}),
        ...(o.description ? { description: o.description } : {}),
      };
      await withTarget(cli, async (t) => {
        const created = await t.createWebhook(input);
        if (program.opts().json) return void cli.out(JSON.stringify(created, null, 2));
        cli.out(`Created webhook ${created.id}: ${created.events.join(', ')} to ${created.url}.`);
        cli.out('Store the signing secret now: it is not shown again.');
        cli.out(created.secret);
      });
    });
  webhooks
    .command('remove <id>')
    .description('remove a webhook; events not yet delivered to it are dropped')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        await t.removeWebhook(id);
        cli.out(`Removed webhook ${id}.`);
      });
    });
  webhooks
    .command('enable <id>')
    .description('re-enable a failing webhook: events from now on are delivered again')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => {
        const w = await t.enableWebhook(id);
        cli.out(`Webhook ${w.id} is ${w.state}.`);
      });
    });
  webhooks
    .command('deliveries <id>')
    .description('the delivery log of a webhook: every attempt, newest first')
    .option('--limit <n>', 'attempts to show (at most 200)', (v) => Number(v), 50)
    .option('--cursor <c>', 'continue after the previous page (its nextCursor)')
    .action(async (id: string, o) => {
      await withTarget(cli, async (t) => {
        const page = await t.listWebhookDeliveries(id, { limit: o.limit, ...(o.cursor ? { cursor: o.cursor } : {}) });
        if (program.opts().json) return void cli.out(JSON.stringify(page, null, 2));
        output(cli, program, page.deliveries, DELIVERY_COLUMNS);
        if (page.nextCursor) cli.out(`more: --cursor ${page.nextCursor}`);
      });
    });
}
