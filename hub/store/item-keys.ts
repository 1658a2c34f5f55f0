/**
 * The secondary indexes both stores keep: one ordered list of item order members per portal,
 * source, cluster, topic and (folded) category, plus `all`. A query walks the union of the lists
 * of one of its filters — the one with the fewest entries — and checks the rest of the filter on
 * each candidate, so a narrow filter reads few items whatever the size of the store.
 */
import type { Item } from '../model.ts';
import type { ItemQuery } from './store.ts';
import { foldText } from '../pipeline/normalize/fold.ts';

export const ALL = 'all';
/** A union of more lists than this is merged too slowly to be worth driving a query. */
const MAX_UNION = 64;

/** The lists an item belongs to. */
export function indexKeys(item: Item): string[] {
  const keys = new Set([ALL, `p:${item.portalId}`, `s:${item.sourceId}`, `c:${item.clusterId}`]);
  for (const t of item.topics) keys.add(`t:${t}`);
  for (const c of item.categories) keys.add(`k:${foldText(c)}`);
  return [...keys];
}

/** The ways a query can be driven: each a union of lists; the store picks the smallest. */
export function driverChoices(query: ItemQuery): string[][] {
  const choices: string[][] = [[ALL]];
  if (query.portalIds?.length) choices.push([...new Set(query.portalIds)].map((p) => `p:${p}`));
  if (query.sourceId) choices.push([`s:${query.sourceId}`]);
  if (query.clusterId) choices.push([`c:${query.clusterId}`]);
  if (query.topics?.length) choices.push([...new Set(query.topics)].map((t) => `t:${t}`));
  if (query.categories?.length) choices.push([...new Set(query.categories.map(foldText))].map((c) => `k:${c}`));
  return choices.filter((keys) => keys.length <= MAX_UNION);
}

/** The choice with the fewest entries, given each list's size. */
export function smallestChoice(choices: string[][], size: (key: string) => number): string[] {
  let best = choices[0];
  let bestSize = Infinity;
  for (const keys of choices) {
    const n = keys.reduce((sum, k) => sum + size(k), 0);
    if (n < bestSize) {
      best = keys;
      bestSize = n;
    }
  }
  return best;
}
