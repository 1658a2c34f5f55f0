/**
 * `html`: a portal's news list page read with CSS selectors (cheerio), for the many ministry,
 * provincial and commune portals that publish no feed. Optional pagination and detail pages, all
 * within configured bounds. When the layout changes and a selector matches nothing, the result
 * carries `drift`, which the pipeline keeps on the source's health.
 */
import type { Adapter, AdapterContext, AdapterResult, RawItem } from '../types.ts';
import type { HtmlOptions } from '../../hub/model.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';
import { addDetails, type DetailOutcome } from './detail.ts';
import { HTML_ACCEPT, pageCache, type PageCache } from './page-cache.ts';
import { fieldSelector, readListPage, type ListPage } from './list-page.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';
import { checkHtmlOptions } from './check-options.ts';

/** Builds the adapter around a page cache (tests give each their own). */
export function createHtmlAdapter(cache: PageCache = pageCache): Adapter {
  return {
    kind: 'html',
    description: 'A news list page read with CSS selectors, with optional pagination and detail pages',
    optionsSchema: 'adapters/html.schema.json',
    accept: HTML_ACCEPT,
    checkOptions: checkHtmlOptions,
    async parse(fetched, ctx): Promise<AdapterResult> {
      const options = ctx.options as HtmlOptions;
      const decoded = decodeBody(fetched.body, fetched.headers['content-type']);
      const warnings = [...decoded.warnings];
      const first = readListPage(decoded.text, fetched.finalUrl, options);
      const pages = [first, ...(await followPages(first, options, ctx, warnings))];
      const items = uniqueByUrl(pages.flatMap((p) => p.items));
      const misfits = pages.reduce((n, p) => n + p.dateMisfits, 0);
      if (misfits) warnings.push(`${misfits} dates did not fit dateFormat "${options.dateFormat}"; passed on as found`);
      const details = options.detail && items.length ? await addDetails(items, options.detail, ctx, options.dateFormat, warnings, cache) : undefined;
      return {
        items,
        warnings,
        channel: { title: first.title, language: first.language, link: fetched.finalUrl },
        ...(driftOf(first, options) ?? detailDrift(details, options) ?? {}),
      };
    },
  };
}

export const htmlAdapter = createHtmlAdapter();

/** Pages 2…maxPages, by the next link or the URL pattern; stops at the first page that fails or is empty. */
async function followPages(first: ListPage, options: HtmlOptions, ctx: AdapterContext, warnings: string[]): Promise<ListPage[]> {
  const pagination = options.pagination;
  if (!pagination || (!pagination.nextSelector && !pagination.urlPattern)) return [];
  const maxPages = pagination.maxPages ?? 3;
  const seen = new Set([first.url]);
  const pages: ListPage[] = [];
  let last = first;
  for (let n = 2; n <= maxPages; n++) {
    const url = pagination.nextSelector
      ? last.next
      : absoluteUrl(pagination.urlPattern!.replace('{page}', String((pagination.firstPage ?? 1) + n - 1)), first.url);
    if (!url || seen.has(url)) break;
    seen.add(url);
    let page: ListPage;
    try {
      const fetched = await ctx.fetch({ url, accept: HTML_ACCEPT });
      page = readListPage(decodeBody(fetched.body, fetched.headers['content-type']).text, fetched.finalUrl, options);
    } catch (e) {
      warnings.push(`List page ${n} (${url}) could not be read: ${(e as Error).message}; kept the pages before it`);
      break;
    }
    if (!page.matched) break;
    pages.push(page);
    last = page;
  }
  return pages;
}

function uniqueByUrl(items: RawItem[]): RawItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !i.url || (!seen.has(i.url) && !!seen.add(i.url)));
}

/**
 * Layout drift, judged on the list page itself: the item selector matched nothing, or most
 * matched items have no title or no link (a renamed class inside the item).
 */
function driftOf(page: ListPage, options: HtmlOptions): Pick<AdapterResult, 'drift'> | undefined {
  const at = page.url;
  if (!page.matched)
    return {
      drift: {
        field: 'itemSelector',
        selector: options.itemSelector,
        matched: 0,
        missing: 0,
        message: `The item selector "${options.itemSelector}" matched nothing on ${at}; the page layout may have changed`,
      },
    };
  for (const [field, missing] of [
    ['title', page.missingTitle],
    ['link', page.missingLink],
  ] as const) {
    if (missing * 2 > page.matched) {
      const selector = fieldSelector(options[field]);
      return {
        drift: {
          field,
          selector,
          matched: page.matched,
          missing,
          message: `The ${field} selector "${selector}" matched nothing in ${missing} of ${page.matched} items on ${at}; the page layout may have changed`,
        },
      };
    }
  }
  return undefined;
}

/** Every detail page read, and none had anything at contentSelector: the article layout changed. */
function detailDrift(details: DetailOutcome | undefined, options: HtmlOptions): Pick<AdapterResult, 'drift'> | undefined {
  if (!details?.read || details.noContent < details.read) return undefined;
  const selector = options.detail!.contentSelector;
  return {
    drift: {
      field: 'detail.contentSelector',
      selector,
      matched: details.read,
      missing: details.noContent,
      message: `The content selector "${selector}" matched nothing on any of the ${details.read} detail pages read; the article layout may have changed (items keep their summary)`,
    },
  };
}
