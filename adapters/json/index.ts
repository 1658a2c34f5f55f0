/**
 * `json`: a JSON list API. A WordPress REST API post list works with no options; any other API
 * through `mapping`, paths to the list and to each field. `maxPages` follows the Link rel="next"
 * header (WordPress sends one) to read more than the first page.
 */
import type { Adapter, AdapterResult, RawItem } from '../types.ts';
import type { Fetched } from '../../hub/pipeline/fetch.ts';
import { linkRelations } from '../../hub/pipeline/link-header.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';
import type { JsonOptions } from '../../hub/model.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';
import { HubError } from '../../hub/errors.ts';
import { asDate, asText, asTextList, atPath } from './paths.ts';
import { isWordPressList, wordPressItem } from './wordpress.ts';

type Mapping = NonNullable<JsonOptions['mapping']>;

export const jsonAdapter: Adapter = {
  kind: 'json',
  description: 'A JSON list API: WordPress REST API posts with no mapping, any other through a field mapping',
  optionsSchema: 'adapters/json.schema.json',
  accept: 'application/json, */*;q=0.5',
  async parse(fetched, ctx): Promise<AdapterResult> {
    const options = ctx.options as JsonOptions;
    const first = readPage(fetched, options);
    const items = [...first.items];
    const warnings = [...first.warnings];
    // more pages by the response's Link rel="next" (WordPress sends one), as many as maxPages allows
    const seen = new Set([fetched.url, fetched.finalUrl]);
    let next = nextPage(fetched);
    for (let page = 2; page <= (options.maxPages ?? 1) && next && !seen.has(next); page++) {
      seen.add(next);
      try {
        const more = await ctx.fetch({ url: next, accept: jsonAdapter.accept });
        const read = readPage(more, options);
        items.push(...read.items);
        warnings.push(...read.warnings);
        next = nextPage(more);
      } catch (e) {
        warnings.push(`Page ${page} (${next}) could not be read: ${(e as Error).message}; the items of the pages before it are kept`);
        break;
      }
    }
    const unique = withoutRepeats(items);
    if (options.mapping)
      for (const field of ['title', 'link'] as const) {
        const missing = unique.filter((i) => !(field === 'title' ? i.title : i.url)).length;
        if (missing) warnings.push(`mapping.${field} "${options.mapping[field]}" found nothing in ${missing} of ${unique.length} entries`);
      }
    return { items: unique, warnings };
  },
};

/** One page of the list: its items and what decoding it noticed. */
function readPage(fetched: Fetched, options: JsonOptions): { items: RawItem[]; warnings: string[] } {
  const decoded = decodeBody(fetched.body, fetched.headers['content-type']);
  let body: unknown;
  try {
    body = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new HubError('PARSE.JSON', `The body at ${fetched.finalUrl} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!options.mapping) {
    if (!isWordPressList(body))
      throw new HubError(
        'PARSE.NOT_WORDPRESS',
        `The JSON at ${fetched.finalUrl} is not a WordPress post list (${shape(body)}); give options.mapping with paths to the list and its fields`,
      );
    return { items: body.map(wordPressItem), warnings: decoded.warnings };
  }
  const list = atPath(body, options.mapping.items);
  if (!Array.isArray(list))
    throw new HubError(
      'PARSE.JSON_SHAPE',
      `options.mapping.items "${options.mapping.items ?? '(the body)'}" leads to ${shape(list)} at ${fetched.finalUrl}, not a list`,
    );
  return { items: list.map((entry) => mappedItem(entry, options.mapping!)), warnings: decoded.warnings };
}

/** The next page's absolute URL, from the Link header. */
function nextPage(fetched: Fetched): string | undefined {
  return absoluteUrl(linkRelations(fetched.headers.link).get('next'), fetched.finalUrl);
}

/** A post that moved to the next page while pages were read (new posts pushed it) is listed once. */
function withoutRepeats(items: RawItem[]): RawItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.guid ?? item.url;
    if (!key) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mappedItem(entry: unknown, m: Mapping): RawItem {
  const get = (path: string | undefined) => (path ? atPath(entry, path) : undefined);
  const url = asText(get(m.link));
  return {
    guid: asText(get(m.id)) ?? url,
    url,
    title: asText(get(m.title)),
    published: asDate(get(m.date)),
    updated: asDate(get(m.updated)),
    summary: asText(get(m.summary)),
    contentHtml: asText(get(m.content)),
    image: asText(get(m.image)),
    authors: asTextList(get(m.author)),
    categories: asTextList(get(m.categories)),
  };
}

function shape(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value && typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
  return value === undefined ? 'nothing' : `a ${typeof value}`;
}
