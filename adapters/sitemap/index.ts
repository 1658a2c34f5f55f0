/**
 * `sitemap`: sitemap.xml and Google News sitemaps (news:title, news:publication_date); a sitemap
 * index is followed to its newest child sitemaps, to a bounded depth and count. Entries come out
 * newest first. A plain sitemap has no titles: with `pages` they are read from each entry's page
 * (bounded); without, its entries are rejected for want of a title and a warning says what to do.
 */
import type { Adapter, AdapterContext, AdapterResult, RawItem } from '../types.ts';
import type { SitemapOptions } from '../../hub/model.ts';
import type { Fetched } from '../../hub/pipeline/fetch.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';
import { parseDate } from '../../hub/pipeline/normalize/dates.ts';
import { HubError } from '../../hub/errors.ts';
import { gunzipIfNeeded, readSitemap, type SitemapDoc, type SitemapEntry } from './read.ts';
import { addPageMeta } from './pages.ts';
import { pageCache, type PageCache } from '../html/page-cache.ts';

/** Child sitemaps still to read, shared across the levels of an index. */
interface Budget {
  left: number;
  skipped: number;
}

const ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.5';

/** Builds the adapter around a page cache (tests give each their own). */
export function createSitemapAdapter(cache: PageCache = pageCache): Adapter {
  return {
    kind: 'sitemap',
    description: 'sitemap.xml and Google News sitemaps; sitemap indexes followed to a bounded depth, newest first',
    optionsSchema: 'adapters/sitemap.schema.json',
    accept: ACCEPT,
    async parse(fetched, ctx): Promise<AdapterResult> {
      const options = ctx.options as SitemapOptions;
      const warnings: string[] = [];
      const root = readFetched(fetched, warnings, ctx.maxBytes);
      if (!root) throw new HubError('PARSE.NOT_A_SITEMAP', `The body at ${fetched.finalUrl} is not a sitemap (no <urlset> or <sitemapindex> root)`);
      const budget: Budget = { left: options.maxSitemaps ?? 5, skipped: 0 };
      const entries = await collect(root, options.maxDepth ?? 2, budget, ctx, warnings);
      if (budget.skipped) warnings.push(`Read the newest ${options.maxSitemaps ?? 5} child sitemaps (maxSitemaps); ${budget.skipped} older ones were skipped`);
      const byDate = (e: SitemapEntry) => parseDate(e.newsDate ?? e.lastmod, 'UTC')?.time ?? -Infinity;
      entries.sort((a, b) => byDate(b) - byDate(a));
      const items = uniqueByLoc(entries)
        .slice(0, options.maxItems ?? 100)
        .map(toRaw);
      if (options.pages) await addPageMeta(items, options.pages, ctx, warnings, cache);
      const untitled = items.filter((i) => !i.title).length;
      if (untitled)
        warnings.push(
          `${untitled} of ${items.length} sitemap entries have no title and cannot become items; use the portal's news sitemap, the \`pages\` option, or an html source for its list page`,
        );
      return { items, warnings };
    },
  };
}

export const sitemapAdapter = createSitemapAdapter();

function readFetched(fetched: Fetched, warnings: string[], maxBytes?: number): SitemapDoc | undefined {
  const decoded = decodeBody(gunzipIfNeeded(fetched.body, maxBytes), fetched.headers['content-type']);
  warnings.push(...decoded.warnings);
  return readSitemap(decoded.text, fetched.finalUrl);
}

/** Entries of a sitemap, or of the newest child sitemaps of an index while depth and budget last. */
async function collect(doc: SitemapDoc, depth: number, budget: Budget, ctx: AdapterContext, warnings: string[]): Promise<SitemapEntry[]> {
  if (doc.type === 'urlset') return doc.entries;
  if (depth <= 0) {
    warnings.push(`A sitemap index nested deeper than maxDepth was not followed`);
    return [];
  }
  const children = [...doc.children].sort((a, b) => (parseDate(b.lastmod, 'UTC')?.time ?? -Infinity) - (parseDate(a.lastmod, 'UTC')?.time ?? -Infinity));
  const out: SitemapEntry[] = [];
  for (const child of children) {
    if (budget.left <= 0) {
      budget.skipped++;
      continue;
    }
    budget.left--;
    try {
      const childDoc = readFetched(await ctx.fetch({ url: child.loc, accept: ACCEPT }), warnings, ctx.maxBytes);
      if (!childDoc) throw new Error('not a sitemap');
      out.push(...(await collect(childDoc, depth - 1, budget, ctx, warnings)));
    } catch (e) {
      warnings.push(`The child sitemap ${child.loc} could not be read: ${(e as Error).message}`);
    }
  }
  return out;
}

function uniqueByLoc(entries: SitemapEntry[]): SitemapEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.loc) && !!seen.add(e.loc));
}

function toRaw(e: SitemapEntry): RawItem {
  return {
    guid: e.loc,
    url: e.loc,
    ...(e.newsTitle ? { title: e.newsTitle } : {}),
    ...((e.newsDate ?? e.lastmod) ? { published: e.newsDate ?? e.lastmod } : {}),
    ...(e.newsDate && e.lastmod ? { updated: e.lastmod } : {}),
    ...(e.keywords ? { categories: e.keywords } : {}),
    ...(e.language ? { language: e.language } : {}),
    ...(e.image ? { image: e.image } : {}),
  };
}
