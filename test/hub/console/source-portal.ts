/**
 * A portal for the source pages' tests: a real HTTP server on loopback whose home page names its
 * RSS feed with <link rel="alternate"> (as portals do), the feed with three items (one with an
 * image), and the image itself.
 */
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';

export const FEED_TITLE = 'Tin tức tỉnh A';
export const ITEM_TITLES = ['Khai mạc Hội chợ xúc tiến thương mại', 'Tỉnh A đẩy mạnh chuyển đổi số', 'Thông báo lịch tiếp công dân tháng 12'];

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface SourcePortal {
  server: TestServer;
  home: string;
  feed: string;
  entries: FeedEntry[];
}

export async function startSourcePortal(): Promise<SourcePortal> {
  const server = await startTestServer();
  const home = `${server.url}/`;
  const feed = `${server.url}/rss/tin-tuc.rss`;
  server.route(
    '/',
    serveBody(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh A</title>
<link rel="alternate" type="application/rss+xml" title="${FEED_TITLE}" href="/rss/tin-tuc.rss"></head>
<body><h1>Cổng thông tin điện tử tỉnh A</h1><p>Trang chủ</p></body></html>`,
      'text/html; charset=utf-8',
    ),
  );
  server.route('/images/hoi-cho.png', serveBody(PNG, 'image/png'));
  const entries: FeedEntry[] = ITEM_TITLES.map((title, i) => ({
    guid: `tin-${i + 1}`,
    title,
    link: `${server.url}/tin/${i + 1}.html`,
    date: new Date(Date.UTC(2026, 10, 20 + i, 2, 30)).toUTCString(),
    description: `Tóm tắt: ${title}.`,
    ...(i === 0 ? { image: `${server.url}/images/hoi-cho.png` } : {}),
  }));
  servePortalFeed(server, '/rss/tin-tuc.rss', FEED_TITLE, entries);
  return { server, home, feed, entries };
}
