/**
 * One sitemap document (sitemaps.org 0.9, with the Google News and Image extensions) → its
 * entries or, for a sitemap index, its child sitemaps. Elements are matched by local name, so a
 * portal that binds the news namespace to another prefix still reads.
 */
import { gunzipSync } from 'node:zlib';
import { HubError } from '../../hub/errors.ts';
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { absoluteUrl as absolute } from '../../hub/pipeline/normalize/urls.ts';

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
  newsTitle?: string;
  newsDate?: string;
  keywords?: string[];
  language?: string;
  image?: string;
}

export type SitemapDoc = { type: 'urlset'; entries: SitemapEntry[]; news: boolean } | { type: 'index'; children: { loc: string; lastmod?: string }[] };

const localName = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();

/** The decompression limit where no configuration is at hand: the default HUB_MAX_FEED_BYTES. */
export const DEFAULT_MAX_DECOMPRESSED = 10 * 1024 * 1024;

/**
 * Sitemaps may be served gzipped as a file (sitemap.xml.gz) rather than with Content-Encoding.
 * The output is capped at `maxBytes` (the deployment's HUB_MAX_FEED_BYTES): a 200 KB gzip of
 * 200 MB stops at the cap instead of filling the hub's memory.
 */
export function gunzipIfNeeded(body: Buffer, maxBytes = DEFAULT_MAX_DECOMPRESSED): Buffer {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HubError('FETCH.DECOMPRESSED_TOO_LARGE', `The gzip file is larger than ${maxBytes} bytes once decompressed`, { cause: e });
    throw new HubError('PARSE.FAILED', `The gzip file cannot be decompressed: ${(e as Error).message}`, { cause: e });
  }
}

/** `baseUrl` resolves relative locs: the protocol wants them absolute, but some portals' CMSs write paths. */
export function readSitemap(xml: string, baseUrl: string): SitemapDoc | undefined {
  const $ = load(xml, { xml: true });
  const root = $.root()
    .children()
    .filter((_, e) => e.type === 'tag')
    .first();
  const rootName = root.length ? localName((root[0] as Element).name) : '';
  if (rootName === 'sitemapindex') {
    const children = childrenNamed($, root[0], 'sitemap')
      .map((s) => ({ loc: absolute(text($, s, 'loc'), baseUrl), lastmod: text($, s, 'lastmod') }))
      .filter((c): c is { loc: string; lastmod: string | undefined } => !!c.loc);
    return { type: 'index', children };
  }
  if (rootName !== 'urlset') return undefined;
  let news = false;
  const entries: SitemapEntry[] = [];
  for (const url of childrenNamed($, root[0], 'url')) {
    const loc = absolute(text($, url, 'loc'), baseUrl);
    if (!loc) continue;
    const newsNode = descendantsNamed($, url, 'news')[0];
    const imageNode = descendantsNamed($, url, 'image')[0];
    if (newsNode) news = true;
    const keywords = newsNode ? text($, newsNode, 'keywords') : undefined;
    const publication = newsNode ? descendantsNamed($, newsNode, 'publication')[0] : undefined;
    entries.push({
      loc,
      lastmod: text($, url, 'lastmod'),
      ...(newsNode ? { newsTitle: text($, newsNode, 'title'), newsDate: text($, newsNode, 'publication_date') } : {}),
      ...(keywords
        ? {
            keywords: keywords
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean),
          }
        : {}),
      ...(publication && text($, publication, 'language') ? { language: text($, publication, 'language') } : {}),
      ...(imageNode && text($, imageNode, 'loc') ? { image: text($, imageNode, 'loc') } : {}),
    });
  }
  return { type: 'urlset', entries, news };
}

function childrenNamed($: CheerioAPI, parent: AnyNode, name: string): Element[] {
  return $(parent)
    .children()
    .toArray()
    .filter((e): e is Element => e.type === 'tag' && localName(e.name) === name);
}

function descendantsNamed($: CheerioAPI, parent: AnyNode, name: string): Element[] {
  return $(parent)
    .find('*')
    .toArray()
    .filter((e): e is Element => e.type === 'tag' && localName(e.name) === name);
}

/** The text of the first child element with this local name. */
function text($: CheerioAPI, parent: AnyNode, name: string): string | undefined {
  const node = childrenNamed($, parent, name)[0];
  return node ? $(node).text().replace(/\s+/g, ' ').trim() || undefined : undefined;
}
