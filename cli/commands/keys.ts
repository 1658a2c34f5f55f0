/**
 * `hub keys create|list|revoke` and `hub audit`: API keys and the audit log (admin). Locally the
 * CLI opens the store itself; with HUB_URL it needs HUB_KEY to be an admin key.
 */
import type { Command } from 'commander';
import { HubError } from '../../hub/errors.ts';
import type { ApiKeyInput } from '../../hub/model.ts';
import { output, withTarget, type Cli } from '../context.ts';

/** `30d`, `12h` or an ISO date → an ISO date-time. */
export function expiryFrom(text: string, now = new Date()): string {
  const rel = /^(\d+)\s*([dh])$/i.exec(text.trim());
  if (rel) return new Date(now.getTime() + Number(rel[1]) * (rel[2].toLowerCase() === 'd' ? 86_400_000 : 3_600_000)).toISOString();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new HubError('CLI.BAD_EXPIRY', `--expires takes a duration (30d, 12h) or a date (2027-01-01), not "${text}"`);
  return new Date(t).toISOString();
}

const KEY_COLUMNS = ['id', 'role', 'portalId', 'state', 'label', 'createdAt', 'expiresAt', 'revokedAt'];

export function keysCommand(program: Command, cli: Cli) {
  const keys = program.command('keys').description('API keys: admin, or operator scoped to one portal subtree');
  keys
    .command('create')
    .description('create a key; it is shown once, as the last word of the output, and stored only as a hash')
    .requiredOption('--role <role>', 'admin or operator')
    .option('--portal <id>', 'the portal an operator key is scoped to (with everything below it)')
    .option('--label <text>', 'who holds the key')
    .option('--expires <when>', 'a duration (90d, 12h) or a date')
    .action(async (o) => {
      if (o.role !== 'admin' && o.role !== 'operator') throw new HubError('CLI.BAD_ROLE', `--role is admin or operator, not "${o.role}"`);
      if (o.role === 'operator' && !o.portal) throw new HubError('CLI.PORTAL_REQUIRED', 'An operator key is scoped to a portal: give --portal <id>');
      if (o.role === 'admin' && o.portal) throw new HubError('CLI.BAD_SCOPE', 'An admin key covers every portal: leave out --portal');
      const input: ApiKeyInput = {
        role: o.role,
        ...(o.portal ? { portalId: o.portal } : {}),
        ...(o.label ? { label: o.label } : {}),
        ...(o.expires ? { expiresAt: expiryFrom(o.expires) } : {}),
      };
      await withTarget(cli, async (t) => {
        const key = await t.createKey(input);
        if (program.opts().json) return void cli.out(JSON.stringify(key, null, 2));
        const scope = key.role === 'operator' ? ` for portal ${key.portalId} and the portals below it` : '';
        cli.out(`Created ${key.role} key ${key.id}${scope}${key.expiresAt ? `, valid until ${key.expiresAt}` : ''}.`);
        cli.out('Store it now: it is not shown again (the hub keeps only its hash).');
        cli.out(key.secret);
      });
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      await withTarget(cli, async (t) => output(cli, program, await t.listKeys(), KEY_COLUMNS));
    });
  keys
    .command('expire <id>')
    .description('set when a key stops working (now by default)')
    .option('--at <when>', 'a duration from now (7d, 12h) or a date')
    .action(async (id: string, o) => {
      await withTarget(cli, async (t) => output(cli, program, [await t.expireKey(id, o.at ? expiryFrom(o.at) : undefined)], KEY_COLUMNS));
    });
  keys
    .command('revoke <id>')
    .description('revoke a key; it stops working at once')
    .action(async (id: string) => {
      await withTarget(cli, async (t) => output(cli, program, [await t.revokeKey(id)], KEY_COLUMNS));
    });

  program
    .command('audit')
    .description('the audit log, newest first: who changed what, when, before and after')
    .option('--portal <id>', 'only changes concerning this portal')
    .option('--actor <keyId>', 'only changes made with this key')
    .option('--action <action>', 'only this action (source.update), or a family ending with a dot (source.)')
    .option('--target <id>', 'only changes of this source, portal, key, item or webhook')
    .option('--since <time>', 'only entries at or after this time (ISO 8601, e.g. 2026-12-01T00:00:00+07:00)')
    .option('--until <time>', 'only entries before this time (ISO 8601)')
    .option('--before <entryId>', 'only entries older than this one (paging)')
    .option('--limit <n>', 'entries to show (at most 500)', (v) => Number(v), 50)
    .action(async (o) => {
      await withTarget(cli, async (t) => {
        const page = await t.listAudit({
          limit: o.limit,
          ...(o.portal ? { portalId: o.portal } : {}),
          ...(o.actor ? { actor: o.actor } : {}),
          ...(o.action ? { action: o.action } : {}),
          ...(o.target ? { target: o.target } : {}),
          ...(o.since ? { since: o.since } : {}),
          ...(o.until ? { until: o.until } : {}),
          ...(o.before ? { before: o.before } : {}),
        });
        if (program.opts().json) return void cli.out(JSON.stringify(page, null, 2));
        output(
          cli,
          program,
          page.entries.map((e) => ({
            ...e,
            who: `${e.actor.keyId} (${e.actor.role}${e.actor.portalId ? ` ${e.actor.portalId}` : ''})`,
            target: `${e.target.type} ${e.target.id}`,
          })),
          ['id', 'at', 'who', 'action', 'target'],
        );
        if (page.nextBefore) cli.out(`more: hub audit --before ${page.nextBefore}`);
      });
    });
}
