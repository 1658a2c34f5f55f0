/**
 * Parse (adapter) → normalize → validate for one fetched response: a pure function of the bytes,
 * the source's options and the hub's configuration; nothing is stored. It runs on the thread
 * that fetched, or on an extract worker (extract-pool.ts), which gets the same answer.
 */
import type { AdapterResult, RawItem } from '../../adapters/types.ts';
import { getAdapter } from '../../adapters/registry.ts';
import { DEFAULTS, type HubConfig } from '../config.ts';
import { parseDate } from './normalize/dates.ts';
import type { Item, Portal, Source, SourceHealth } from '../model.ts';
import { fetchPolicy, fetchUrl, type Fetched } from './fetch.ts';
import { normalizeItem } from './normalize/index.ts';
import { validateItem } from './validate.ts';
import { htmlPolicyFor } from './normalize/html.ts';
import { topicAssigner, type TopicOptions } from './normalize/topics.ts';

/** What parse → normalize → validate make of one fetched response; nothing is stored. */
export interface Extracted {
  valid: Item[];
  rejected: SourceHealth['rejected'];
  warnings: string[];
  channel: AdapterResult['channel'];
  drift?: AdapterResult['drift'];
}

/** Parse → normalize → validate, without touching the store (also what a preview shows). */
export async function extractItems(
  deps: { config: HubConfig; portal?: Pick<Portal, 'timeZone'> },
  source: Pick<Source, 'id' | 'portalId' | 'kind' | 'options'>,
  fetched: Fetched,
  fetchedAt: Date,
): Promise<Extracted> {
  const adapter = getAdapter(source.kind);
  const parsed = await adapter.parse(fetched, {
    options: source.options ?? {},
    fetch: (req) => fetchUrl(req, fetchPolicy(deps.config)),
    maxBytes: deps.config.maxFeedBytes,
  });
  const options = (source.options ?? {}) as { timeZone?: string } & TopicOptions;
  const timeZone = options.timeZone ?? deps.portal?.timeZone ?? deps.config.timeZone;
  const capped = capItems(parsed.items, deps.config.maxItemsPerFetch ?? DEFAULTS.maxItemsPerFetch, timeZone);
  const ctx = {
    sourceId: source.id,
    portalId: source.portalId,
    baseUrl: fetched.finalUrl,
    timeZone,
    fetchedAt,
    language: parsed.channel?.language,
    topics: topicAssigner(options),
    htmlPolicy: htmlPolicyFor(deps.config),
  };
  const valid: Item[] = [];
  const rejected: SourceHealth['rejected'] = [];
  for (const raw of capped.items) {
    const ref = raw.guid ?? raw.url ?? raw.title ?? '(item)';
    let item: Item;
    try {
      item = normalizeItem(raw, ctx);
    } catch (e) {
      rejected.push({ ref, reasons: [`could not be normalized: ${(e as Error).message}`] });
      continue;
    }
    const check = validateItem(item);
    if (check.ok) valid.push(item);
    else rejected.push({ ref, reasons: check.reasons });
  }
  // the cap's warning first: a source's health keeps the first warnings only
  const warnings = capped.warning ? [capped.warning, ...parsed.warnings] : parsed.warnings;
  return { valid, rejected, warnings, channel: parsed.channel, ...(parsed.drift ? { drift: parsed.drift } : {}) };
}

/**
 * At most `max` of a response's items (maxItemsPerFetch): the newest when every item has a date
 * (kept in the document's order), else the first `max` in the document. A page of a hundred
 * thousand links is not a hundred thousand news items, and storing them all stalls the hub.
 */
export function capItems(items: RawItem[], max: number, timeZone: string): { items: RawItem[]; warning?: string } {
  if (items.length <= max) return { items };
  const times = items.map((raw) => (parseDate(raw.published, timeZone) ?? parseDate(raw.updated, timeZone))?.time);
  const dated = times.every((t) => t !== undefined);
  const kept = dated
    ? items
        .map((_, i) => i)
        .sort((a, b) => times[b]! - times[a]! || a - b)
        .slice(0, max)
        .sort((a, b) => a - b)
        .map((i) => items[i])
    : items.slice(0, max);
  const which = dated ? 'the newest' : 'the first in the document, as not every item has a date';
  return {
    items: kept,
    warning: `Read ${max} of the ${items.length} items in the response (${which}); ${items.length - max} dropped (maxItemsPerFetch is ${max})`,
  };
}
