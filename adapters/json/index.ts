/**
 * `json`: a JSON list API. A WordPress REST API post list works with no options; any other API
 * through `mapping`, paths to the list and to each field.
 */
import type { Adapter, AdapterResult, RawItem } from '../types.ts';
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
    const decoded = decodeBody(fetched.body, fetched.headers['content-type']);
    let body: unknown;
    try {
      body = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new HubError('parse', 'PARSE.JSON', `The body at ${fetched.finalUrl} is not JSON: ${(e as Error).message}`, { cause: e });
    }
    if (!options.mapping) {
      if (!isWordPressList(body))
        throw new HubError('parse', 'PARSE.NOT_WORDPRESS', `The JSON at ${fetched.finalUrl} is not a WordPress post list (${shape(body)}); give options.mapping with paths to the list and its fields`);
      return { items: body.map(wordPressItem), warnings: decoded.warnings };
    }
    const list = atPath(body, options.mapping.items);
    if (!Array.isArray(list))
      throw new HubError('parse', 'PARSE.JSON_SHAPE', `options.mapping.items "${options.mapping.items ?? '(the body)'}" leads to ${shape(list)} at ${fetched.finalUrl}, not a list`);
    const items = list.map((entry) => mappedItem(entry, options.mapping!));
    const warnings = [...decoded.warnings];
    for (const field of ['title', 'link'] as const) {
      const missing = items.filter((i) => !(field === 'title' ? i.title : i.url)).length;
      if (missing) warnings.push(`mapping.${field} "${options.mapping[field]}" found nothing in ${missing} of ${items.length} entries`);
    }
    return { items, warnings };
  },
};

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
