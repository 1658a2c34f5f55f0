/**
 * What the html options schema cannot say: every CSS selector parses (so a typo is refused on
 * registering, not found at the next refresh), and pagination says how to find the next page.
 */
import { load } from 'cheerio';
import type { HtmlOptions } from '../../hub/model.ts';
import type { FieldError } from '../../schemas/index.ts';
import { selectorOf, type SelectorField } from './fields.ts';

export function checkHtmlOptions(raw: Record<string, unknown>): FieldError[] {
  const options = raw as HtmlOptions;
  const selectors: [field: string, selector: string | undefined][] = [
    ['/options/itemSelector', options.itemSelector],
    ...(['title', 'link', 'date', 'summary', 'image', 'category'] as const).map((k) => [`/options/${k}`, field(options[k])] as [string, string | undefined]),
    ['/options/pagination/nextSelector', options.pagination?.nextSelector],
    ['/options/detail/contentSelector', options.detail?.contentSelector],
    ['/options/detail/date', field(options.detail?.date)],
    ...(options.detail?.removeSelectors ?? []).map((s, i) => [`/options/detail/removeSelectors/${i}`, s] as [string, string]),
  ];
  const $ = load('<html><body></body></html>');
  const errors: FieldError[] = [];
  for (const [at, selector] of selectors) {
    if (!selector || selector.trim() === ':scope') continue;
    try {
      $('body').find(selector);
    } catch (e) {
      errors.push({ field: at, message: `is not a valid CSS selector: ${(e as Error).message}` });
    }
  }
  if (options.pagination && !options.pagination.nextSelector && !options.pagination.urlPattern)
    errors.push({ field: '/options/pagination', message: 'needs nextSelector or urlPattern' });
  return errors;
}

const field = (f: SelectorField | undefined) => (f ? selectorOf(f) : undefined);
