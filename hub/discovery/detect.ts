/** What a fetched body is, by its content: the kind of source that reads it. */
import { decodeBody } from '../pipeline/decode.ts';
import type { Fetched } from '../pipeline/fetch.ts';
import { detectFormat, type FeedFormat } from '../../adapters/feed/index.ts';
import { DEFAULT_MAX_DECOMPRESSED, gunzipIfNeeded } from '../../adapters/sitemap/read.ts';
import { withoutMarkup } from '../../adapters/feed/xml/prolog.ts';

export type DetectedKind = 'feed' | 'sitemap' | 'json' | 'html' | 'unknown';

export interface Detection {
  kind: DetectedKind;
  /** rss, atom, rdf, json-feed for feeds; urlset or sitemap-index for sitemaps. */
  format?: string;
  text: string;
}

/** `maxBytes` caps what a gzip file decompresses to (HUB_MAX_FEED_BYTES); past it the kind is unknown. */
export function detectKind(fetched: Fetched, maxBytes = DEFAULT_MAX_DECOMPRESSED): Detection {
  let text: string;
  try {
    text = decodeBody(gunzipIfNeeded(fetched.body, maxBytes), fetched.headers['content-type']).text.replace(/^[\s\uFEFF]+/, '');
  } catch {
    return { kind: 'unknown', text: '' };
  }
  const feed = detectFormat(text);
  if (feed && feed !== 'json') return { kind: 'feed', format: feed satisfies FeedFormat, text };
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const body = JSON.parse(text) as { version?: unknown };
      if (typeof body?.version === 'string' && body.version.includes('jsonfeed.org')) return { kind: 'feed', format: 'json-feed', text };
      return { kind: 'json', text };
    } catch {
      return { kind: 'unknown', text };
    }
  }
  const root = /<(?!\?|!)([\w:-]+)/
    .exec(withoutMarkup(text))?.[1]
    .toLowerCase()
    .replace(/^[\w-]+:/, '');
  if (root === 'urlset') return { kind: 'sitemap', format: 'urlset', text };
  if (root === 'sitemapindex') return { kind: 'sitemap', format: 'sitemap-index', text };
  if (root === 'html' || /^<!doctype html/i.test(text) || /text\/html|xhtml/i.test(fetched.headers['content-type'] ?? '')) return { kind: 'html', text };
  return { kind: 'unknown', text };
}
