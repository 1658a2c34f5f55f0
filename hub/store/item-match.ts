/** The item filter as a predicate, shared by stores that filter in process. */
import type { Item } from '../model.ts';
import type { ItemQuery } from './store.ts';
import { foldText } from '../pipeline/normalize/fold.ts';

export interface PreparedQuery {
  portals?: Set<string>;
  topics?: Set<string>;
  categories?: Set<string>;
  words: string[];
  since?: number;
  until?: number;
  query: ItemQuery;
}

export function prepareQuery(query: ItemQuery): PreparedQuery {
  return {
    portals: query.portalIds ? new Set(query.portalIds) : undefined,
    topics: query.topics?.length ? new Set(query.topics) : undefined,
    categories: query.categories?.length ? new Set(query.categories.map(foldText)) : undefined,
    words: query.q ? foldText(query.q).split(' ').filter(Boolean) : [],
    since: query.since ? Date.parse(query.since) : undefined,
    until: query.until ? Date.parse(query.until) : undefined,
    query,
  };
}

/** The folded text an item is searched by. */
export const searchText = (item: Item) => ` ${foldText(`${item.title} ${item.summary}`)} `;

export function matches(item: Item, p: PreparedQuery, folded: () => string = () => searchText(item)): boolean {
  const q = p.query;
  if (p.portals && !p.portals.has(item.portalId)) return false;
  if (q.sourceId && item.sourceId !== q.sourceId) return false;
  if (q.clusterId && item.clusterId !== q.clusterId) return false;
  if (q.language && item.language !== q.language && !item.language.startsWith(`${q.language}-`)) return false;
  if (p.topics && !item.topics.some((t) => p.topics!.has(t))) return false;
  if (p.categories && !item.categories.some((c) => p.categories!.has(foldText(c)))) return false;
  const t = Date.parse(item.publishedAt);
  if (p.since !== undefined && t < p.since) return false;
  if (p.until !== undefined && t > p.until) return false;
  if (p.words.length) {
    const text = folded();
    // each query word must start a word of the item: "chuyen doi so" finds "Chuyển đổi số"
    for (const w of p.words) if (!text.includes(` ${w}`)) return false;
  }
  return true;
}
