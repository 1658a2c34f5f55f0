/**
 * Where a portal's machine-readable sources may be, from its home page: the feeds it links
 * (RSS Board autodiscovery, <link rel="alternate">), its WordPress API link (rel="https://api.w.org/"),
 * the sitemaps its robots.txt names (sitemaps.org §4), and the paths portals commonly use.
 */
import { load } from 'cheerio';
import type { DiscoveredSource } from '../model.ts';
import { absoluteUrl as absolute } from '../pipeline/normalize/urls.ts';

export interface Probe {
  url: string;
  via: DiscoveredSource['via'];
  title?: string;
}

const FEED_TYPES = /^(application\/(rss|atom|rdf|feed)\+(xml|json)|application\/json|text\/xml|application\/xml)\b/i;

// Paths seen on Vietnamese government portals (many run on the same few CMSs) and on WordPress
const COMMON_PATHS = [
  '/rss',
  '/rss.xml',
  '/feed',
  '/feed.xml',
  '/atom.xml',
  '/rss/tin-tuc.rss',
  '/wp-json/wp/v2/posts',
  '/sitemap.xml',
  '/news-sitemap.xml',
  '/sitemap_news.xml',
];

export function linkedProbes(html: string, pageUrl: string): Probe[] {
  const $ = load(html);
  const probes: Probe[] = [];
  $('link[rel][href]').each((_, el) => {
    const link = $(el);
    const rel = (link.attr('rel') ?? '').toLowerCase().split(/\s+/);
    const url = absolute(link.attr('href'), pageUrl);
    if (!url) return;
    if (rel.includes('alternate') && FEED_TYPES.test(link.attr('type') ?? ''))
      probes.push({ url, via: 'link-alternate', ...(link.attr('title') ? { title: link.attr('title')!.trim() } : {}) });
    if (rel.includes('https://api.w.org/')) probes.push({ url: new URL('wp/v2/posts', url.endsWith('/') ? url : `${url}/`).href, via: 'wordpress-link' });
  });
  return probes;
}

// an <a> to a feed: the usual file names, or a link whose text is RSS (many portals have an RSS page listing their feeds)
const FEED_HREF = /(\.rss|\.atom|[/.]feed|\/rss|rss\.xml|atom\.xml)(?:$|[?#/])/i;
const MAX_PAGE_LINKS = 20;

/** Feeds linked with <a> on a page (the home page, or a portal's RSS page), on the same site. */
export function anchorProbes(html: string, pageUrl: string): Probe[] {
  const $ = load(html);
  const origin = new URL(pageUrl).origin;
  const probes: Probe[] = [];
  $('a[href]').each((_, el) => {
    const a = $(el);
    const url = absolute(a.attr('href'), pageUrl);
    if (!url || new URL(url).origin !== origin || probes.length >= MAX_PAGE_LINKS) return;
    const text = a.text().replace(/\s+/g, ' ').trim();
    if (FEED_HREF.test(new URL(url).pathname) || /^rss$/i.test(text))
      probes.push({ url, via: 'page-link', ...(text && !/^rss$/i.test(text) ? { title: text } : {}) });
  });
  return probes;
}

export function robotsProbes(robotsTxt: string, origin: string): Probe[] {
  return robotsTxt
    .split(/\r?\n/)
    .map((line) => /^\s*sitemap\s*:\s*(\S+)/i.exec(line)?.[1])
    .map((href) => absolute(href, origin))
    .filter((url): url is string => !!url)
    .map((url) => ({ url, via: 'robots-txt' as const }));
}

export function commonProbes(origin: string): Probe[] {
  return COMMON_PATHS.map((path) => ({ url: new URL(path, origin).href, via: 'common-path' as const }));
}
