/** A mock portal for tests and benchmarks: RSS 2.0 written from a list the test changes at will. */
import type { TestServer } from './http.ts';

export interface FeedEntry {
  guid: string;
  title: string;
  link: string;
  /** RFC 822 or ISO date */
  date: string;
  description?: string;
  image?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, entries: FeedEntry[], links: string[] = []): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${esc(title)}</title><link>https://example.gov.vn/</link><description>${esc(title)}</description><language>vi</language>${links.join('')}
${entries
  .map(
    (e) =>
      `<item><guid isPermaLink="false">${esc(e.guid)}</guid><title>${esc(e.title)}</title><link>${esc(e.link)}</link><pubDate>${esc(e.date)}</pubDate><description>${esc(e.description ?? e.title)}</description>${e.image ? `<media:thumbnail url="${esc(e.image)}"/>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

/** Serves `entries` (read on every request, so a test can publish by pushing to it) at `path`. */
export function servePortalFeed(server: TestServer, path: string, title: string, entries: FeedEntry[], links: () => string[] = () => []): void {
  server.route(path, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(title, entries, links()));
  });
}
