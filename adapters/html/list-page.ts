/**
 * One news list page → raw items. Links and images are made absolute here, against the page they
 * were found on (pages of a pagination may sit at different paths).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { RawItem } from '../types.ts';
import type { HtmlOptions } from '../../hub/model.ts';
import { readImage, readLink, readText, selectorOf, usableHref, type SelectorField } from './fields.ts';
import { applyDate } from './date-format.ts';
import { absoluteUrl as absolute } from '../../hub/pipeline/normalize/urls.ts';

export interface ListPage {
  url: string;
  items: RawItem[];
  /** Elements the item selector matched. */
  matched: number;
  /** Matched elements without a title / a link. */
  missingTitle: number;
  missingLink: number;
  /** Dates present that did not fit dateFormat. */
  dateMisfits: number;
  /** The next page's URL, from pagination.nextSelector. */
  next?: string;
  title?: string;
  language?: string;
}

const DEFAULT_LINK = 'a[href]';

export function readListPage(html: string, pageUrl: string, options: HtmlOptions): ListPage {
  const $ = load(html);
  const elements = $(options.itemSelector);
  const page: ListPage = { url: pageUrl, items: [], matched: elements.length, missingTitle: 0, missingLink: 0, dateMisfits: 0 };
  page.title = $('head > title').first().text().replace(/\s+/g, ' ').trim() || undefined;
  page.language = $('html').attr('lang')?.trim() || undefined;
  elements.each((_, element) => {
    const item = $(element);
    // the default link is the first one with words in it (the first is often an image thumbnail)
    const links = item.is('a[href]') ? item : item.find(DEFAULT_LINK);
    const worded = links.filter((_, a) => !!$(a).text().trim() || !!$(a).attr('title')?.trim()).first();
    const firstLink = worded.length ? worded : links.first();
    const title = options.title ? readText(item, options.title) : firstLink.attr('title')?.trim() || firstLink.text().replace(/\s+/g, ' ').trim() || undefined;
    const href = options.link ? readLink(item, options.link) : usableHref(firstLink.attr('href'));
    const url = absolute(href, pageUrl);
    const rawDate = options.date ? readText(item, options.date) : undefined;
    const published = rawDate ? applyDate(rawDate, options.dateFormat) : undefined;
    if (rawDate && options.dateFormat && published === rawDate) page.dateMisfits++;
    const image = options.image ? absolute(readImage(item, options.image), pageUrl) : absolute(readImage(item, 'img'), pageUrl);
    const category = options.category ? readText(item, options.category) : undefined;
    if (!title) page.missingTitle++;
    if (!url) page.missingLink++;
    page.items.push({
      ...(url ? { guid: url, url } : {}),
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
      ...(options.summary ? { summary: readText(item, options.summary) } : {}),
      ...(image ? { image } : {}),
      ...(category ? { categories: [category] } : {}),
    });
  });
  if (options.pagination?.nextSelector) page.next = absolute(usableHref(nextHref($, options.pagination.nextSelector)), pageUrl);
  return page;
}

function nextHref($: CheerioAPI, selector: string): string | undefined {
  const found = $(selector).first();
  return found.attr('href') ?? found.find('a[href]').first().attr('href');
}

/** The selector to name when a field came up empty: the configured one, or the default. */
export function fieldSelector(field: SelectorField | undefined): string {
  return field ? selectorOf(field) : `${DEFAULT_LINK} (default)`;
}
