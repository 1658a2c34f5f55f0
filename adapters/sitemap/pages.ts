/**
 * A plain sitemap lists URLs, not titles. With `pages`, each untitled entry's page is fetched
 * (bounded, cached with its validators) and its Open Graph or HTML head read for a title, a
 * description, an image and a publication time.
 */
import { load } from 'cheerio';
import type { AdapterContext, RawItem } from '../types.ts';
import type { SitemapOptions } from '../../hub/model.ts';
import { settleBounded, withDeadline } from '../html/concurrency.ts';
import { readPage, type PageCache } from '../html/page-cache.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';

type PagesOptions = NonNullable<SitemapOptions['pages']>;

interface PageMeta {
  title?: string;
  summary?: string;
  image?: string;
  published?: string;
}

export async function addPageMeta(items: RawItem[], pages: PagesOptions, ctx: AdapterContext, warnings: string[], cache: PageCache): Promise<void> {
  const untitled = items.filter((i) => !i.title && i.url);
  const targets = untitled.slice(0, pages.maxItems);
  if (untitled.length > targets.length) warnings.push(`Pages fetched for the newest ${targets.length} of ${untitled.length} untitled entries (pages.maxItems)`);
  const results = await settleBounded(targets, pages.concurrency, (item) =>
    withDeadline(readPage(ctx, cache, item.url!, 'sitemap-page-meta', readMeta), pages.timeoutMs, `the page ${item.url}`),
  );
  const failures: string[] = [];
  results.forEach((r, i) => {
    const item = targets[i];
    if (r.status === 'rejected') return void failures.push(`${item.url}: ${(r.reason as Error).message}`);
    const meta = r.value;
    if (meta.title) item.title = meta.title;
    if (meta.summary && !item.summary) item.summary = meta.summary;
    if (meta.image && !item.image) item.image = meta.image;
    // the page's own publication time is better than a sitemap lastmod (which moves on every edit)
    if (meta.published) item.published = meta.published;
  });
  if (failures.length)
    warnings.push(`${failures.length} of ${targets.length} pages could not be read: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? ' …' : ''}`);
}

function readMeta(html: string, finalUrl: string): PageMeta {
  const $ = load(html);
  const meta = (selector: string) => $(selector).first().attr('content')?.replace(/\s+/g, ' ').trim() || undefined;
  const text = (selector: string) => $(selector).first().text().replace(/\s+/g, ' ').trim() || undefined;
  return {
    title: meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? text('head > title') ?? text('h1'),
    summary: meta('meta[property="og:description"]') ?? meta('meta[name="description"]'),
    image: absoluteUrl(meta('meta[property="og:image"]'), finalUrl),
    published: meta('meta[property="article:published_time"]') ?? meta('meta[itemprop="datePublished"]') ?? $('time[datetime]').first().attr('datetime'),
  };
}
