/**
 * A small national newsroom for publishing tests: a directory imported through the API and one
 * RSS feed per portal served over real HTTP, refreshed through the API, so the items went through
 * the whole pipeline.
 */
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

export const DIRECTORY = [
  { id: 'chinhphu', name: 'Cổng Thông tin điện tử Chính phủ', url: 'https://chinhphu.vn', level: 'central', logoUrl: 'https://chinhphu.vn/logo.png' },
  { id: 'bo-khcn', name: 'Bộ Khoa học và Công nghệ', url: 'https://mst.gov.vn', level: 'ministry', parentId: 'chinhphu' },
  {
    id: 'quangninh',
    name: 'Cổng thông tin điện tử tỉnh Quảng Ninh',
    url: 'https://www.quangninh.gov.vn',
    level: 'province',
    adminCode: '22',
    logoUrl: 'https://www.quangninh.gov.vn/logo.png',
  },
  {
    id: 'quangninh-sokhcn',
    name: 'Sở Khoa học và Công nghệ tỉnh Quảng Ninh',
    url: 'https://sokhcn.quangninh.gov.vn',
    level: 'department',
    parentId: 'quangninh',
  },
  { id: 'quangninh-halong', name: 'Phường Hạ Long', url: 'https://halong.quangninh.gov.vn', level: 'commune', parentId: 'quangninh' },
  { id: 'hue', name: 'Cổng thông tin điện tử thành phố Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46' },
];

const TITLES = [
  ['Đẩy mạnh chuyển đổi số trong cải cách hành chính', 'Chuyển đổi số'],
  ['Hội nghị triển khai nhiệm vụ khoa học năm 2026', 'Khoa học'],
  ['Thông báo lịch tiếp công dân tháng 12', 'Thông báo'],
  ['Công bố quy hoạch đô thị mới', 'Quy hoạch'],
];

/** An RSS feed of `count` items for a portal, one every 3 hours back from 2026-11-20 12:00 (+07:00). */
export function portalRss(portalId: string, count: number, language = 'vi'): string {
  const items = Array.from({ length: count }, (_, i) => {
    const [title, category] = TITLES[i % TITLES.length];
    const date = new Date(Date.UTC(2026, 10, 20, 5) - (i * 3 + portalId.length) * 3600_000);
    return (
      `<item><title>${title} (${portalId} ${i})</title><link>https://${portalId}.gov.vn/tin/${i}.html</link><guid>${portalId}-${i}</guid>` +
      `<pubDate>${date.toUTCString()}</pubDate><category>${category}</category><description>Tin số ${i} của ${portalId}.</description></item>`
    );
  }).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${portalId}</title><link>https://${portalId}.gov.vn</link><description>d</description><language>${language}</language>${items}</channel></rss>`;
}

export interface Newsroom {
  hub: TestHub;
  portals: TestServer;
  close(): Promise<void>;
}

export async function startNewsroom(perPortal = 6): Promise<Newsroom> {
  const portals = await startTestServer();
  const hub = await startTestHub();
  const imported = await hub.api('/api/v1/portals:import', { method: 'POST', body: { portals: DIRECTORY } });
  if (imported.status !== 200) throw new Error(`import failed: ${await imported.text()}`);
  for (const p of DIRECTORY) {
    portals.route(`/${p.id}.rss`, serveBody(portalRss(p.id, perPortal, p.id === 'bo-khcn' ? 'en' : 'vi'), 'application/rss+xml'));
    const source = await (
      await hub.api('/api/v1/sources', {
        method: 'POST',
        body: { portalId: p.id, url: `${portals.url}/${p.id}.rss`, options: { categoryMap: { 'chuyển đổi số': 'chuyen-doi-so' } } },
      })
    ).json();
    const result = await (await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' })).json();
    if (result.new !== perPortal) throw new Error(`refresh of ${p.id} stored ${result.new}: ${JSON.stringify(result)}`);
  }
  return {
    hub,
    portals,
    close: async () => {
      await hub.stop();
      await portals.close();
    },
  };
}
