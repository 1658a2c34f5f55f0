/**
 * `hub fetch`: one pass over every source, now: a progress bar while it runs, then a summary
 * table and totals. Sources that are paused, disabled or pending proof of ownership are skipped
 * (with --all paused and disabled ones are fetched too; pending ones never are). Exits 1 when any
 * fetch failed, so a cron job or CI can tell.
 */
import type { Command } from 'commander';
import { HubError } from '../../hub/errors.ts';
import type { RefreshResult, Source } from '../../hub/model.ts';
import { EXIT, output, withTarget, type Cli } from '../context.ts';
import { ProgressBar } from '../output.ts';

interface FetchRow {
  source: string;
  portal: string;
  status: string;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string;
}

const rowOf = (s: Source, r: RefreshResult | HubError): FetchRow =>
  r instanceof HubError
    ? { source: s.id, portal: s.portalId, status: 'error', new: 0, updated: 0, unchanged: 0, rejected: 0, error: `${r.code}: ${r.message}` }
    : {
        source: s.id,
        portal: s.portalId,
        status: r.error ? 'failed' : r.notModified ? 'not modified' : `ok ${r.httpStatus ?? ''}`.trim(),
        new: r.new,
        updated: r.updated,
        unchanged: r.unchanged,
        rejected: r.rejected,
        error: r.error ? `${r.error.code}: ${r.error.message}` : '',
      };

export function fetchCommand(program: Command, cli: Cli) {
  program
    .command('fetch')
    .description('fetch every source once now, with progress and a summary')
    .option('--portal <id>', 'only the sources of this portal')
    .option('--all', 'also paused and disabled sources (never those pending proof of ownership)')
    .option('--concurrency <n>', 'fetches at once', (v) => Number(v), 4)
    .action(async (o) => {
      if (!Number.isInteger(o.concurrency) || o.concurrency < 1 || o.concurrency > 64)
        throw new HubError('CLI.BAD_CONCURRENCY', '--concurrency is a whole number from 1 to 64');
      await withTarget(cli, async (t) => {
        const all = await t.listSources(o.portal);
        const due = all.filter((s) => s.ownership?.state !== 'pending' && (o.all || (!s.paused && s.health.state !== 'disabled')));
        const skipped = all.length - due.length;
        const bar = new ProgressBar(due.length, cli.stderr);
        const rows: FetchRow[] = new Array(due.length);
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < due.length; i = next++) {
            const s = due[i];
            const result = await t.refreshSource(s.id).catch((e) => (e instanceof HubError ? e : new HubError('INTERNAL', (e as Error).message)));
            rows[i] = rowOf(s, result);
            bar.tick(`${s.id} ${rows[i].status}`);
          }
        };
        await Promise.all(Array.from({ length: Math.min(o.concurrency, due.length) }, worker));
        bar.finish();
        const failed = rows.filter((r) => r.error).length;
        const totals = {
          sources: due.length,
          ok: due.length - failed,
          failed,
          skipped,
          new: sum(rows, 'new'),
          updated: sum(rows, 'updated'),
          rejected: sum(rows, 'rejected'),
        };
        if (program.opts().json) cli.out(JSON.stringify({ totals, results: rows }, null, 2));
        else {
          output(cli, program, rows, ['source', 'portal', 'status', 'new', 'updated', 'unchanged', 'rejected', 'error']);
          cli.out(
            `\n${totals.sources} fetched: ${totals.ok} ok, ${totals.failed} failed; ${totals.new} new, ${totals.updated} updated, ${totals.rejected} rejected items${skipped ? `; ${skipped} skipped (paused, disabled or pending ownership)` : ''}`,
          );
        }
        if (failed) cli.exitCode = EXIT.failure;
      });
    });
}

const sum = (rows: FetchRow[], k: 'new' | 'updated' | 'rejected') => rows.reduce((n, r) => n + r[k], 0);
