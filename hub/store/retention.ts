/**
 * Retention: per-deployment limits on what the store keeps (HUB_RETENTION_DAYS,
 * HUB_RETENTION_PER_SOURCE). Items go in small batches with a turn of the event loop between
 * them, so reads and fetches carry on while a large backlog is removed.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { HubConfig } from '../config.ts';
import type { RetentionRule, Store } from './store.ts';

const BATCH = 500;

/** The rule the config asks for at this time, or undefined when nothing is limited. */
export function retentionRule(config: HubConfig, now: number): RetentionRule | undefined {
  if (!config.retentionDays && !config.retentionPerSource) return undefined;
  return {
    ...(config.retentionDays ? { before: new Date(now - config.retentionDays * 86_400_000).toISOString() } : {}),
    ...(config.retentionPerSource ? { maxPerSource: config.retentionPerSource } : {}),
  };
}

/** Prunes until the rule holds; returns how many items went. */
export async function runRetention(store: Store, rule: RetentionRule): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await store.pruneItems(rule, BATCH);
    total += n;
    if (n === 0) return total;
    await yieldTurn();
  }
}
