/**
 * Detail pages: each listed item's own page, read for its full text (and a date when the list
 * has none). Bounded: at most `maxItems` pages per refresh, `concurrency` at a time, each with its
 * own deadline; a slow or broken page costs that one item its full text, nothing more.
 *
 * The cache is in memory, per process, keyed by URL and the selectors used: a detail page is
 * fetched with If-None-Match / If-Modified-Since after the first time and read again only when
 * the portal says it changed. A restart empties it (the next refresh fetches each page in full once).
 */
import { load } from 'cheerio';
import type { AdapterContext, RawItem } from '../types.ts';
import type { HtmlOptions } from '../../hub/model.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';
import { settleBounded, withDeadline } from './concurrency.ts';
import { readText } from './fields.ts';
import { applyDateFormat } from './date-format.ts';

export type DetailOptions = NonNullable<HtmlOptions['detail']>;

export const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

interface DetailRead {
  contentHtml?: string;
  published?: string;
}

interface CacheEntry extends DetailRead {
  etag?: string;
  lastModified?: string;
}

/** A small LRU of detail pages already read, by URL and selectors. */
export class DetailCache {
  private readonly entries = new Map<string, CacheEntry>();
  constructor(private readonly maxEntries = 2000) {}

  get(key: string): CacheEntry | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache the html adapter uses (tests pass their own). */
export const detailCache = new DetailCache();

/** Fills in contentHtml (and a missing date) from each item's detail page; adds warnings for what failed. */
export async function addDetails(items: RawItem[], detail: DetailOptions, ctx: AdapterContext, dateFormat: string | undefined, warnings: string[], cache: DetailCache): Promise<void> {
  const withUrl = items.filter((i) => i.url);
  const targets = withUrl.slice(0, detail.maxItems);
  if (withUrl.length > targets.length) warnings.push(`Detail pages fetched for the first ${targets.length} of ${withUrl.length} items (detail.maxItems); the rest keep their summary`);
  const selectorKey = JSON.stringify([detail.contentSelector, detail.removeSelectors ?? [], detail.date ?? null]);
  const results = await settleBounded(targets, detail.concurrency, (item) =>
    withDeadline(readDetail(item.url!, detail, ctx, cache, selectorKey), detail.timeoutMs, `the detail page ${item.url}`),
  );
  const failures: string[] = [];
  let noContent = 0;
  results.forEach((r, i) => {
    const item = targets[i];
    if (r.status === 'rejected') return void failures.push(`${item.url}: ${(r.reason as Error).message}`);
    if (r.value.contentHtml) item.contentHtml = r.value.contentHtml;
    else noContent++;
    if (!item.published && r.value.published) item.published = applyDate(r.value.published, dateFormat);
  });
  if (failures.length) warnings.push(`${failures.length} of ${targets.length} detail pages could not be read: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? ' …' : ''}`);
  if (noContent) warnings.push(`detail.contentSelector "${detail.contentSelector}" matched nothing on ${noContent} of ${targets.length} detail pages`);
}

async function readDetail(url: string, detail: DetailOptions, ctx: AdapterContext, cache: DetailCache, selectorKey: string): Promise<DetailRead> {
  const key = `${url}\n${selectorKey}`;
  const cached = cache.get(key);
  const fetched = await ctx.fetch({ url, etag: cached?.etag, lastModified: cached?.lastModified, accept: HTML_ACCEPT });
  if (fetched.notModified && cached) return cached;
  const $ = load(decodeBody(fetched.body, fetched.headers['content-type']).text);
  const content = $(detail.contentSelector).first();
  for (const selector of detail.removeSelectors ?? []) content.find(selector).remove();
  const read: DetailRead = {
    contentHtml: content.length ? content.html()?.trim() || undefined : undefined,
    published: detail.date ? readText($.root(), detail.date) : undefined,
  };
  const etag = fetched.headers.etag;
  const lastModified = fetched.headers['last-modified'];
  if (etag || lastModified) cache.set(key, { ...read, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
  return read;
}

/** A date string through the source's date format, when it fits; as found otherwise. */
export function applyDate(text: string, format: string | undefined): string {
  return (format && applyDateFormat(text, format)) || text;
}
