/**
 * The one filter language of the items API and every feed: `portal` (one or many), `within` (a
 * portal and its subtree), `level`, `topic`, `category`, `q`, `since`/`until`, `lang`. Resolved
 * here to the store's ItemQuery, so `/api/v1/items` and `/feeds/{name}.{fmt}` given the same
 * parameters ask the store the same question and get the same items in the same order.
 */
import type { operations } from '../api/openapi.gen.ts';
import { HubError } from '../errors.ts';
import type { FieldError } from '../../schemas/index.ts';
import type { ItemQuery } from '../store/store.ts';
import type { Directory } from '../directory/directory.ts';
import { topicTaxonomy } from '../pipeline/normalize/topics.ts';

/** The filter of GET /api/v1/items, as generated from openapi.yaml; feeds take the same. */
export type ItemFilter = NonNullable<operations['listItems']['parameters']['query']>;

export const DEFAULT_LIMIT = 50;

/** Dates without a time are days in Viet Nam (UTC+07:00), the zone every portal publishes in. */
const VN_OFFSET = '+07:00';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function resolveFilter(filter: ItemFilter, directory: Directory): ItemQuery {
  const errors: FieldError[] = [];
  let portalIds: Set<string> | undefined;
  const narrow = (ids: Iterable<string>) => {
    const next = new Set(ids);
    portalIds = portalIds ? new Set([...portalIds].filter((id) => next.has(id))) : next;
  };
  // a parameter that is present narrows, even to nothing (a named feed's levels ∩ the asked ones)
  const portals = list(filter.portal);
  if (filter.portal !== undefined) {
    for (const id of portals) if (!directory.get(id)) errors.push({ field: 'portal', message: `"${id}" is not a registered portal` });
    narrow(portals);
  }
  if (filter.within) {
    if (!directory.get(filter.within)) errors.push({ field: 'within', message: `"${filter.within}" is not a registered portal` });
    narrow(directory.subtreeIds(filter.within));
  }
  if (filter.level !== undefined) narrow(directory.idsAtLevels(list(filter.level)));
  // topics are the taxonomy's (schemas/topics.json; a source can assign no other): an unknown one is
  // a mistake to name, as an unknown portal is, not a question whose answer is "nothing"
  const topics = list(filter.topic);
  const unknownTopics = topics.filter((t) => !topicIds().has(t));
  if (unknownTopics.length)
    errors.push(...unknownTopics.map((t) => ({ field: 'topic', message: `"${t}" is not a topic of the taxonomy (one of ${[...topicIds()].join(', ')})` })));
  const since = filter.since ? instant(filter.since, 'start') : undefined;
  const until = filter.until ? instant(filter.until, 'end') : undefined;
  if (since && until && Date.parse(since) > Date.parse(until)) errors.push({ field: 'until', message: 'is before since' });
  if (errors.length)
    throw new HubError('FILTER.INVALID', `The filter cannot be applied: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  const categories = list(filter.category);
  return {
    ...(portalIds ? { portalIds: [...portalIds].sort() } : {}),
    ...(topics.length ? { topics } : {}),
    ...(categories.length ? { categories } : {}),
    ...(filter.q?.trim() ? { q: filter.q.trim() } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(filter.lang ? { language: filter.lang.toLowerCase() } : {}),
    limit: filter.limit ?? DEFAULT_LIMIT,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  };
}

let taxonomyIds: Set<string> | undefined;
const topicIds = () => (taxonomyIds ??= new Set(topicTaxonomy().map((t) => t.id)));

function instant(value: string, edge: 'start' | 'end'): string {
  if (!DATE_ONLY.test(value)) return value;
  return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}${VN_OFFSET}`;
}

/** Query values arrive as a string or an array (repeated parameters); absent is empty. */
function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return [...new Set(Array.isArray(value) ? value : [value])];
}

const KEY_ORDER = ['portal', 'within', 'level', 'topic', 'category', 'q', 'since', 'until', 'lang', 'limit'] as const;

/**
 * The filter as a canonical query string (fixed parameter order, sorted and de-duplicated values,
 * no cursor): the cache key of a rendered feed, and the query kept in its self and alternate links.
 */
export function canonicalQuery(filter: ItemFilter): string {
  const params = new URLSearchParams();
  for (const key of KEY_ORDER) {
    const value = filter[key];
    if (value === undefined || value === '' || (key === 'limit' && value === DEFAULT_LIMIT)) continue;
    for (const v of Array.isArray(value) ? [...new Set(value.map(String))].sort() : [String(value)]) params.append(key, v);
  }
  return params.toString();
}
