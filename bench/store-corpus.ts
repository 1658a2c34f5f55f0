/**
 * Realistic synthetic items for bench:store: a portal tree shaped like the country's (the
 * Government portal, ministries, 63 provinces each with departments and communes) and news items
 * with Vietnamese titles and summaries, topics, categories, a few cross-portal clusters.
 * Deterministic (seeded), so two runs measure the same data.
 */
import type { Item, Portal } from '../hub/model.ts';

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'chuyển đổi số chính quyền điện tử cải cách hành chính đầu tư công xây dựng nông thôn mới giáo dục y tế ' +
  'phòng chống thiên tai bão lũ giao thông hạ tầng du lịch văn hóa lễ hội doanh nghiệp khởi nghiệp thuế hải quan ' +
  'an sinh xã hội bảo hiểm việc làm lao động môi trường tài nguyên đất đai quy hoạch đô thị nghị quyết hội đồng nhân dân ' +
  'ủy ban kỳ họp thường kỳ tiếp công dân khiếu nại tố cáo thanh tra kiểm tra ngân sách kinh tế tăng trưởng xuất khẩu ' +
  'nông sản thủy sản lúa gạo cà phê hồ tiêu thanh long điện lực nước sạch biên giới quốc phòng an ninh trật tự'
).split(' ');
const PLACES = ['Hà Nội', 'Huế', 'Đà Nẵng', 'Quảng Ninh', 'Cần Thơ', 'Đắk Lắk', 'Lào Cai', 'Nghệ An', 'Bình Định', 'Sóc Trăng'];
export const TOPICS = [
  'chuyen-doi-so',
  'cai-cach-hanh-chinh',
  'dau-tu',
  'giao-duc',
  'y-te',
  'thien-tai',
  'giao-thong',
  'du-lich',
  'van-hoa',
  'doanh-nghiep',
  'an-sinh',
  'moi-truong',
  'dat-dai',
  'nong-nghiep',
  'an-ninh',
];
const CATEGORIES = ['Tin tức', 'Sự kiện', 'Chỉ đạo điều hành', 'Thông báo', 'Kinh tế', 'Xã hội', 'Văn hóa - Thể thao', 'Chính sách mới'];

/** About 1,400 portals: the Government, 22 ministries, 63 provinces each with 8 departments and 12 communes. */
export function portalTree(): Portal[] {
  const at = '2026-01-01T00:00:00Z';
  const portals: Portal[] = [{ id: 'chinhphu', name: 'Cổng Thông tin điện tử Chính phủ', url: 'https://chinhphu.vn', level: 'central', createdAt: at }];
  for (let m = 1; m <= 22; m++)
    portals.push({ id: `bo-${m}`, name: `Bộ ${m}`, url: `https://bo${m}.gov.vn`, level: 'ministry', parentId: 'chinhphu', createdAt: at });
  for (let p = 1; p <= 63; p++) {
    const province = `tinh-${p}`;
    portals.push({ id: province, name: `Tỉnh ${p}`, url: `https://tinh${p}.gov.vn`, level: 'province', createdAt: at });
    for (let d = 1; d <= 8; d++)
      portals.push({
        id: `${province}-so-${d}`,
        name: `Sở ${d} tỉnh ${p}`,
        url: `https://so${d}.tinh${p}.gov.vn`,
        level: 'department',
        parentId: province,
        createdAt: at,
      });
    for (let c = 1; c <= 12; c++)
      portals.push({
        id: `${province}-xa-${c}`,
        name: `Xã ${c} tỉnh ${p}`,
        url: `https://xa${c}.tinh${p}.gov.vn`,
        level: 'commune',
        parentId: province,
        createdAt: at,
      });
  }
  return portals;
}

/** The portal ids of a province and its component portals (what the hub's `within` expands to). */
export const subtree = (province: number, portals: Portal[]) =>
  portals.filter((p) => p.id === `tinh-${province}` || p.parentId === `tinh-${province}`).map((p) => p.id);

export function words(random: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

export const aWord = (random: () => number) => WORDS[Math.floor(random() * WORDS.length)];

/** Item n of a corpus spread over two years, over all portals, province portals weighted up. */
export function makeItem(n: number, portals: Portal[], random: () => number): Item {
  // a fifth of the items come from province portals themselves, the rest spread over all portals
  const portal = random() < 0.2 ? portals[Math.min(portals.length - 1, 23 + Math.floor(random() * 63) * 21)] : portals[Math.floor(random() * portals.length)];
  const id = `b${n.toString(36).padStart(15, '0')}`;
  const published = new Date(Date.UTC(2026, 10, 24) - Math.floor(random() * 2 * 365 * 86_400_000)).toISOString();
  const title = `${words(random, 6 + Math.floor(random() * 8))} tại ${PLACES[Math.floor(random() * PLACES.length)]}`;
  const summary = words(random, 30 + Math.floor(random() * 20));
  const topics = [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => TOPICS[Math.floor(random() * TOPICS.length)]))];
  const clusterId = random() < 0.02 ? `cluster${Math.floor(random() * 500)}` : id;
  return {
    id,
    portalId: portal.id,
    sourceId: `${portal.id}-rss`,
    url: `${portal.url}/tin-tuc/${id}.html`,
    title: title[0].toUpperCase() + title.slice(1),
    summary,
    contentHtml: `<p>${summary}</p><p>${words(random, 60)}</p>`,
    publishedAt: published,
    updatedAt: published,
    fetchedAt: published,
    authors: random() < 0.5 ? ['Văn phòng UBND'] : [],
    categories: [CATEGORIES[Math.floor(random() * CATEGORIES.length)]],
    topics,
    media: [],
    language: 'vi',
    clusterId,
    flags: [],
  };
}
