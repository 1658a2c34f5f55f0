/**
 * Detail pages: each listed item's own page, read for its full text (and a date when the list
 * has none). Bounded: at most `maxItems` pages per refresh, `concurrency` at a time, each with its
 * own deadline; a slow or broken page costs that one item its full text, nothing more. Pages are
 * cached with their validators (page-cache.ts).
 */
import { load } from 'cheerio';
import type { AdapterContext, RawItem } from '../types.ts';
import type { HtmlOptions } from '../../hub/model.ts';
import { settleBounded, withDeadline } from './concurrency.ts';
import { readText } from './fields.ts';
import { applyDate } from './date-format.ts';
import { readPage, type PageCache } from './page-cache.ts';

export type DetailOptions = NonNullable<HtmlOptions['detail']>;

interface DetailRead {
  contentHtml?: string;
  published?: string;
}

/** How the detail pages went: pages read, and how many of those had nothing at contentSelector. */
export interface DetailOutcome {
  read: number;
  noContent: number;
}

/** Fills in contentHtml (and a missing date) from each item's detail page; adds warnings for what failed. */
export async function addDetails(
  items: RawItem[],
  detail: DetailOptions,
  ctx: AdapterContext,
  dateFormat: string | undefined,
  warnings: string[],
  cache: PageCache,
): Promise<DetailOutcome> {
  const withUrl = items.filter((i) => i.url);
  const targets = withUrl.slice(0, detail.maxItems);
  if (withUrl.length > targets.length)
    warnings.push(`Detail pages fetched for the first ${targets.length} of ${withUrl.length} items (detail.maxItems); the rest keep their summary`);
  const readKey = JSON.stringify(['detail', detail.contentSelector, detail.removeSelectors ?? [], detail.date ?? null]);
  const results = await settleBounded(targets, detail.concurrency, (item) =>
    withDeadline(
      readPage(ctx, cache, item.url!, readKey, (html) => readDetail(html, detail)),
      detail.timeoutMs,
      `the detail page ${item.url}`,
    ),
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
  if (failures.length)
    warnings.push(
      `${failures.length} of ${targets.length} detail pages could not be read: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? ' …' : ''}`,
    );
  if (noContent) warnings.push(`detail.contentSelector "${detail.contentSelector}" matched nothing on ${noContent} of ${targets.length} detail pages`);
  return { read: targets.length - failures.length, noContent };
}

function readDetail(html: string, detail: DetailOptions): DetailRead {
  const $ = load(html);
  const content = $(detail.contentSelector).first();
  for (const selector of detail.removeSelectors ?? []) content.find(selector).remove();
  return {
    contentHtml: content.length ? content.html()?.trim() || undefined : undefined,
    published: detail.date ? readText($.root(), detail.date) : undefined,
  };
}
