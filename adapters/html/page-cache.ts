/**
 * Pages an adapter reads besides the source URL (detail pages, article pages), cached in memory
 * per process by URL and what was read from them. After the first time a page is fetched with
 * If-None-Match / If-Modified-Since and read again only when the portal says it changed. A restart
 * empties the cache: the next refresh fetches each page in full once.
 */
import type { AdapterContext } from '../types.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';

export const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

interface Entry {
  value: unknown;
  etag?: string;
  lastModified?: string;
}

/** A small LRU by key. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly maxEntries = 2000) {}

  get(key: string): Entry | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache the adapters use (tests pass their own). */
export const pageCache = new PageCache();

/**
 * What `read` makes of the page at `url`, from the cache when the portal answers 304. `readKey`
 * names what is read (the selectors), so a changed configuration does not get a stale reading.
 */
export async function readPage<T>(
  ctx: AdapterContext,
  cache: PageCache,
  url: string,
  readKey: string,
  read: (html: string, finalUrl: string) => T,
): Promise<T> {
  const key = `${url}\n${readKey}`;
  const cached = cache.get(key);
  const fetched = await ctx.fetch({ url, etag: cached?.etag, lastModified: cached?.lastModified, accept: HTML_ACCEPT });
  if (fetched.notModified && cached) return cached.value as T;
  const value = read(decodeBody(fetched.body, fetched.headers['content-type']).text, fetched.finalUrl);
  const etag = fetched.headers.etag;
  const lastModified = fetched.headers['last-modified'];
  if (etag || lastModified) cache.set(key, { value, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
  return value;
}
