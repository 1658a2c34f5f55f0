/**
 * Two portals on a mock server and a running hub that has pulled them: a ministry (served as
 * 127.0.0.1) and a province (served as localhost, so the two have different hosts) whose feed
 * republishes one ministry article under an earlier date.
 */
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';

export interface EmbedFixture {
  portal: TestServer;
  hub: TestHub;
  ministryUrl: string;
  provinceUrl: string;
  ministry: FeedEntry[];
  province: FeedEntry[];
  sources: { ministry: string; province: string };
  /** The shared article's URL (on the ministry's site). */
  sharedUrl: string;
  stop(): Promise<void>;
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="64"><rect width="96" height="64" fill="#c8102e"/><circle cx="48" cy="32" r="14" fill="#ffcd00"/></svg>';

export async function startEmbedFixture(): Promise<EmbedFixture> {
  const portal = await startTestServer();
  const port = new URL(portal.url).port;
  const ministryUrl = `http://127.0.0.1:${port}/bnv/`;
  const provinceUrl = `http://localhost:${port}/hue/`;
  portal.route('/img/flag.svg', (_q, res) => void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG));
  const sharedUrl = `${ministryUrl}tin/cai-cach-hanh-chinh.html`;
  const ministry: FeedEntry[] = [
    {
      guid: 'bnv-1',
      title: 'Bộ Nội vụ hướng dẫn cải cách hành chính năm 2023',
      link: sharedUrl,
      date: 'Thu, 24 Nov 2022 18:30:00 GMT',
      image: `${portal.url}/img/flag.svg`,
    },
    { guid: 'bnv-2', title: 'Hội nghị tổng kết công tác thi đua khen thưởng', link: `${ministryUrl}tin/thi-dua.html`, date: 'Wed, 23 Nov 2022 02:00:00 GMT' },
  ];
  const province: FeedEntry[] = [
    {
      guid: 'hue-1',
      title: 'Thừa Thiên Huế khai trương Trung tâm giám sát điều hành đô thị thông minh',
      link: `${provinceUrl}tin/iocc.html`,
      date: 'Thu, 24 Nov 2022 09:15:00 GMT',
      image: `${portal.url}/img/flag.svg`,
    },
    // the province republishes the ministry article (same canonical URL) and dates it earlier
    { guid: 'hue-2', title: 'Bộ Nội vụ hướng dẫn cải cách hành chính năm 2023', link: sharedUrl, date: 'Thu, 24 Nov 2022 08:00:00 GMT' },
  ];
  servePortalFeed(portal, '/bnv/rss', 'Bộ Nội vụ', ministry);
  servePortalFeed(portal, '/hue/rss', 'Thừa Thiên Huế', province);
  const hub = await startTestHub();
  const post = async (path: string, body: unknown) => {
    const res = await hub.api(path, { method: 'POST', body });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await post('/api/v1/portals', { id: 'bo-noi-vu', name: 'Bộ Nội vụ', url: ministryUrl, level: 'ministry' });
  await post('/api/v1/portals', { id: 'tinh-hue', name: 'Tỉnh Thừa Thiên Huế', url: provinceUrl, level: 'province' });
  const m = await post('/api/v1/sources', { portalId: 'bo-noi-vu', url: `${portal.url}/bnv/rss` });
  const p = await post('/api/v1/sources', { portalId: 'tinh-hue', url: `${portal.url}/hue/rss` });
  // the ministry first: the shared article's first copy, and the cluster the province joins
  for (const id of [m.id, p.id]) await post(`/api/v1/sources/${id}/refresh`, {});
  return {
    portal,
    hub,
    ministryUrl,
    provinceUrl,
    ministry,
    province,
    sharedUrl,
    sources: { ministry: m.id, province: p.id },
    async stop() {
      await hub.stop();
      await portal.close();
    },
  };
}
