/**
 * Polls every source on its own interval with node-schedule. A source's first poll is spread
 * over its interval (jitter) so a restart does not fetch everything at once.
 */
import schedule from 'node-schedule';
import type { Hub } from './hub.ts';
import type { Source } from './model.ts';

export class Scheduler {
  private readonly jobs = new Map<string, { job: schedule.Job; interval: number }>();
  private stopped = false;

  constructor(private readonly hub: Hub, private readonly log: (line: string) => void = () => {}) {}

  /** Schedules every unpaused source; call again after sources change. */
  async sync(): Promise<void> {
    if (this.stopped) return;
    const sources = await this.hub.listSources();
    const live = new Set<string>();
    for (const s of sources) {
      // a source whose ownership is not proven is never polled (hub/ownership)
      if (s.paused || s.health.state === 'disabled' || s.ownership?.state === 'pending') continue;
      live.add(s.id);
      const current = this.jobs.get(s.id);
      if (current && current.interval === s.intervalSeconds) continue;
      current?.job.cancel();
      this.plan(s);
    }
    for (const [id, { job }] of this.jobs) if (!live.has(id)) (job.cancel(), this.jobs.delete(id));
  }

  private plan(source: Source): void {
    const everyMs = source.intervalSeconds * 1000;
    const start = new Date(Date.now() + Math.floor(Math.random() * everyMs));
    // cron rules cannot say "every 900 seconds", so each run plans the next one-off job
    const run = async () => {
      if (this.stopped) return;
      try {
        const r = await this.hub.refreshSource(source.id);
        this.log(`refreshed ${source.id}: ${r.error ? `error ${r.error.code}` : `${r.new} new, ${r.updated} updated`}`);
      } catch (e) {
        this.log(`refresh of ${source.id} failed: ${(e as Error).message}`);
      }
      if (!this.stopped && this.jobs.has(source.id)) this.jobs.set(source.id, { job: schedule.scheduleJob(new Date(Date.now() + everyMs * this.hub.pollFactor(source.id)), run), interval: source.intervalSeconds });
    };
    this.jobs.set(source.id, { job: schedule.scheduleJob(start, run), interval: source.intervalSeconds });
  }

  /** Stops planning new fetches and waits for the ones under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { job } of this.jobs.values()) job.cancel();
    this.jobs.clear();
    await this.hub.settle();
  }
}
