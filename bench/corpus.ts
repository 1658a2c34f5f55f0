/**
 * A generated corpus of realistic portal feeds: RSS 2.0, 50 items each, Vietnamese titles and
 * summaries, 1–2 KB of HTML per item in content:encoded (paragraphs, a lazy image, links with
 * tracking parameters, the odd script a CMS leaves in), dates in the Vietnamese form portals write.
 * Deterministic (a seeded generator), so two runs measure the same bytes.
 */
const WORDS = (
  'Chính phủ ban hành nghị định quy định chi tiết thi hành luật đất đai năm 2024 về bồi thường hỗ trợ tái định cư ' +
  'khi Nhà nước thu hồi đất Ủy ban nhân dân tỉnh triển khai chuyển đổi số dịch vụ công trực tuyến toàn trình cải cách ' +
  'hành chính người dân doanh nghiệp hồ sơ thủ tục kinh tế xã hội tăng trưởng đầu tư công giải ngân vốn Thủ tướng chỉ đạo ' +
  'các bộ ngành địa phương khẩn trương hoàn thành kế hoạch năm quý IV hội nghị trực tuyến toàn quốc giáo dục y tế văn hóa du lịch'
).split(' ');

function generator(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function sentence(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min));
  const w = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return `${w.join(' ')}.`;
}

function contentHtml(rand: () => number, host: string, n: number): string {
  let html = '';
  // 1–2 KB: paragraphs until the size is reached
  const target = 1024 + Math.floor(rand() * 1024);
  html += `<p><img data-src="/Upload/2026/11/anh-${n}.jpg" src="/images/blank.gif" alt="${sentence(rand, 3, 6)}" width="600"></p>`;
  while (Buffer.byteLength(html) < target) {
    html += `<p>${sentence(rand, 12, 30)} Xem <a href="/tin-tuc/chi-tiet-${n}.html?utm_source=rss&amp;id=${n}">chi tiết</a>.</p>`;
    if (rand() < 0.2) html += `<script>window.dataLayer=window.dataLayer||[];</script>`;
  }
  return html.replace(/\/tin-tuc/g, `https://${host}/tin-tuc`);
}

/** One feed of `items` items for portal `p`. */
export function portalFeed(p: number, items = 50): string {
  const rand = generator(p * 7919 + 17);
  const host = `portal-${p}.example.gov.vn`;
  let xml = `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n<title>Cổng thông tin điện tử ${p}</title>\n<link>https://${host}/</link>\n<description>Tin tức, sự kiện</description>\n<language>vi</language>\n`;
  for (let i = 0; i < items; i++) {
    const n = p * 1000 + i;
    const day = 1 + (i % 28);
    xml += `<item>
<title>${sentence(rand, 8, 16).slice(0, -1)}</title>
<link>https://${host}/tin-tuc/bai-viet-${n}.html</link>
<guid isPermaLink="false">${host}-${n}</guid>
<description><![CDATA[${sentence(rand, 20, 40)}]]></description>
<content:encoded><![CDATA[${contentHtml(rand, host, n)}]]></content:encoded>
<dc:creator>Ban Biên tập</dc:creator>
<category>${['Chuyển đổi số', 'Cải cách hành chính', 'Kinh tế - xã hội', 'Tin tức'][i % 4]}</category>
<pubDate>${String(day).padStart(2, '0')}/11/2026 ${String(7 + (i % 10)).padStart(2, '0')}:30</pubDate>
</item>\n`;
  }
  return `${xml}</channel>\n</rss>\n`;
}
