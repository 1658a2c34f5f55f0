/**
 * The scorecards' hand-computed fixture: a handful of portals, sources and items with chosen
 * dates, delays, images, topics and clusters, and a fixed clock. The figures each scorecard should
 * show are worked out by hand in test/hub/stats/scorecard.test.ts (and shown again by the
 * console's pages in test/hub/console/scorecards.test.ts); nothing here is computed by the code under test.
 */
import type { Item, Portal, Source } from '../../../hub/model.ts';

// Friday 2026-12-04, 12:00 in Viet Nam. 2026 began on a Thursday, so 2026-12-04 is day 338, a
// Friday; this week's Monday is 2026-11-30 (ISO week 49: its Thursday, 12-03, is day 337,
// floor(336 / 7) + 1 = 49). The window is W38 … W49: 11 weeks before 11-30 is 2026-09-14.
export const NOW = new Date('2026-12-04T05:00:00Z');
export const SINCE = '2026-09-13T17:00:00.000Z'; // Monday 2026-09-14 00:00 +07:00
export const WEEKS = [
  '2026-W38',
  '2026-W39',
  '2026-W40',
  '2026-W41',
  '2026-W42',
  '2026-W43',
  '2026-W44',
  '2026-W45',
  '2026-W46',
  '2026-W47',
  '2026-W48',
  '2026-W49',
];
export const MONDAYS = [
  '2026-09-14',
  '2026-09-21',
  '2026-09-28',
  '2026-10-05',
  '2026-10-12',
  '2026-10-19',
  '2026-10-26',
  '2026-11-02',
  '2026-11-09',
  '2026-11-16',
  '2026-11-23',
  '2026-11-30',
];
export const weeks = (counts: number[]) => counts.map((items, i) => ({ week: WEEKS[i], start: MONDAYS[i], items }));

export const portal = (id: string, name: string, level: Portal['level'], url: string, extra: Partial<Portal> = {}): Portal => ({
  id,
  name,
  level,
  url,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
export const PORTALS = [
  portal('hue', 'Thành phố Huế', 'province', 'https://hue.gov.vn', { adminCode: '46' }),
  portal('hue-phuxuan', 'Phường Phú Xuân', 'commune', 'https://phuxuan.hue.gov.vn', { parentId: 'hue', adminCode: '19753' }),
  portal('danang', 'Thành phố Đà Nẵng', 'province', 'https://danang.gov.vn', { adminCode: '48' }),
  portal('quangtri', 'Tỉnh Quảng Trị', 'province', 'https://quangtri.gov.vn', { adminCode: '45' }),
];

// clusters are named by their first item's id (hub/pipeline/normalize gives every item its own id
// as clusterId; dedupe gives a later copy the cluster of the item it copies)
export const STORM = 'danangstorm00000001';
export const FESTIVAL = 'huefestival00000001';
let serial = 0;
export function item(portalId: string, publishedAt: string, fetchedAt: string, over: Partial<Item> = {}): Item {
  const n = ++serial;
  const id = over.id ?? `item${String(n).padStart(12, '0')}`;
  const host = PORTALS.find((p) => p.id === portalId)!.url;
  return {
    id,
    portalId,
    sourceId: `s-${portalId}`,
    url: `${host}/tin/${n}`,
    title: `Tin ${n}`,
    summary: '',
    contentHtml: '',
    publishedAt,
    updatedAt: publishedAt,
    fetchedAt,
    authors: [],
    categories: [],
    topics: [],
    media: [],
    language: 'vi',
    clusterId: id,
    flags: [],
    ...over,
  };
}

export const hue = [
  // W49 (index 11); delay 30 min = 1800 s; an image; a topic; copy of Đà Nẵng's storm news (STORM)
  item('hue', '2026-12-03T10:00:00+07:00', '2026-12-03T10:30:00+07:00', { image: 'https://hue.gov.vn/a.jpg', topics: ['giao-duc'], clusterId: STORM }),
  // Monday 00:10 in Viet Nam is still Sunday in UTC: W49, not W48; delay 3600 s
  item('hue', '2026-11-30T00:10:00+07:00', '2026-11-30T01:10:00+07:00'),
  // Sunday 23:50: W48 (index 10); delay 7200 s; an image in media; a topic; the festival news, first (FESTIVAL)
  item('hue', '2026-11-29T23:50:00+07:00', '2026-11-30T01:50:00+07:00', {
    id: FESTIVAL,
    media: [{ url: 'https://hue.gov.vn/b.jpg', type: 'image/jpeg' }],
    topics: ['y-te'],
  }),
  // the first instant of the window: W38 (index 0); delay 600 s
  item('hue', '2026-09-14T00:00:00+07:00', '2026-09-14T00:10:00+07:00'),
  // one minute before the window: only its publication time could matter (it is not the newest)
  item('hue', '2026-09-13T23:59:00+07:00', '2026-09-20T00:00:00+07:00', { image: 'https://hue.gov.vn/c.jpg', topics: ['y-te'] }),
  // no real publication time (first seen stands in): W49, counted, but no delay; a topic
  item('hue', '2026-12-01T08:00:00+07:00', '2026-12-01T08:00:00+07:00', { flags: ['date-missing'], topics: ['giao-duc'] }),
  // fetched before its claimed time (a clock off at the portal): W47 (index 9), no delay; an image
  item('hue', '2026-11-20T09:00:00+07:00', '2026-11-20T08:00:00+07:00', { image: 'https://hue.gov.vn/d.jpg' }),
  // withdrawn: counts nowhere, not even as the last publication
  item('hue', '2026-12-04T08:00:00+07:00', '2026-12-04T08:01:00+07:00', { flags: ['withdrawn'], image: 'https://hue.gov.vn/e.jpg' }),
];
export const phuxuan = [
  // W49; delay 1200 s; the third copy of STORM, published after Huế's and Đà Nẵng's
  item('hue-phuxuan', '2026-12-03T11:00:00+07:00', '2026-12-03T11:20:00+07:00', { clusterId: STORM }),
  // W49; delay 3600 s; Huế's FESTIVAL republished
  item('hue-phuxuan', '2026-11-30T08:00:00+07:00', '2026-11-30T09:00:00+07:00', { clusterId: FESTIVAL }),
];
export const danang = [
  // W49; delay 300 s; an image and a topic; STORM published here first (09:00, before Huế's 10:00)
  item('danang', '2026-12-03T09:00:00+07:00', '2026-12-03T09:05:00+07:00', {
    id: STORM,
    image: 'https://danang.gov.vn/s.jpg',
    topics: ['thien-tai'],
  }),
];
// and 5 items on the Wednesday of each of the 12 weeks at 08:00, 09:00 … 12:00, each fetched a
// minute later (delay 60 s); the first two share a cluster, both of Đà Nẵng (no republication)
for (let w = 0; w < 12; w++)
  for (let k = 0; k < 5; k++) {
    const published = new Date(Date.parse('2026-09-16T08:00:00+07:00') + w * 7 * 86_400_000 + k * 3600_000);
    danang.push(
      item('danang', published.toISOString(), new Date(published.getTime() + 60_000).toISOString(), w === 0 && k === 1 ? { clusterId: danang[1].id } : {}),
    );
  }

export const source = (id: string, portalId: string, state: Source['health']['state'], paused = false): Source => ({
  id,
  portalId,
  url: `https://example.gov.vn/${id}.rss`,
  kind: 'feed',
  intervalSeconds: 600,
  paused,
  createdAt: '2026-01-01T00:00:00.000Z',
  health: { state, consecutiveFailures: 0, warnings: [], rejected: [] },
});
export const SOURCES = [
  source('s-h1', 'hue', 'ok'),
  source('s-h2', 'hue', 'failing'),
  source('s-h3', 'hue', 'ok', true),
  source('s-p1', 'hue-phuxuan', 'disabled'),
  source('s-d1', 'danang', 'ok'),
  source('s-d2', 'danang', 'new'),
  source('s-q1', 'quangtri', 'failing', true),
];

/** Every item of the fixture, in one list. */
export const ITEMS = (): Item[] => [...hue, ...phuxuan, ...danang];
