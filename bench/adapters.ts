/**
 * npm run bench:adapters — figures for the html adapter, each against a baseline measured in the
 * same run:
 *   1. parsing a 50-item news list page, against the feed adapter parsing a 50-item RSS feed;
 *   2. 24 detail pages from a loopback portal that answers each after 25 ms, at concurrency 3 and 8
 *      against concurrency 1, and again with every page cached (answered 304).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHtmlAdapter } from '../adapters/html/index.ts';
import { PageCache } from '../adapters/html/page-cache.ts';
import { feedAdapter } from '../adapters/feed/index.ts';
import { fetchUrl, type Fetched } from '../hub/pipeline/fetch.ts';
import { validatorFor } from '../schemas/index.ts';

const N = 50;
const policy = { timeoutMs: 10_000, maxBytes: 10_000_000, allowPrivate: true };
const options = (o: Record<string, unknown>) => {
  validatorFor('adapters/html.schema.json')(o); // fills in defaults
  return o;
};
const asFetched = (body: string, type: string): Fetched => ({
  url: 'https://x.gov.vn/',
  finalUrl: 'https://x.gov.vn/',
  status: 200,
  notModified: false,
  headers: { 'content-type': type },
  body: Buffer.from(body),
});
const noFetch = { fetch: () => Promise.reject(new Error('no fetch')) };

const listItem = (
  i: number,
  href = `/tin-tuc/bai-${i}.html`,
) => `<div class="news-item"><a class="thumb" href="${href}"><img src="/blank.gif" data-src="/anh/${i}.jpg"></a>
  <h3 class="title"><a href="${href}">Tin số ${i}: Hội nghị triển khai nhiệm vụ năm 2027</a></h3><span class="date">Thứ hai, 23/11/2026 - 08:${String(i % 60).padStart(2, '0')}</span>
  <p class="sapo">Tóm tắt tin số ${i} về cải cách hành chính và chuyển đổi số.</p></div>`;
const listPage = (items: string[]) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title></head><body><header>${'<a href="/">Menu</a>'.repeat(40)}</header><div class="news-list">${items.join('\n')}</div></body></html>`;
const rss = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin tức</title><link>https://x.gov.vn/</link>${Array.from(
  { length: N },
  (_, i) =>
    `<item><title>Tin số ${i}: Hội nghị triển khai nhiệm vụ năm 2027</title><link>https://x.gov.vn/tin-tuc/bai-${i}.html</link><guid>bai-${i}</guid><pubDate>Mon, 23 Nov 2026 08:${String(i % 60).padStart(2, '0')}:00 +0700</pubDate><description>Tóm tắt tin số ${i} về cải cách hành chính và chuyển đổi số.</description></item>`,
).join('')}</channel></rss>`;

async function perParse(run: () => Promise<unknown>, rounds: number): Promise<number> {
  for (let i = 0; i < 20; i++) await run(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const html = createHtmlAdapter(new PageCache());
const listOptions = options({ itemSelector: '.news-list .news-item', title: 'h3.title a', date: '.date', summary: '.sapo', image: '.thumb img' });
const htmlBody = listPage(Array.from({ length: N }, (_, i) => listItem(i)));
const feedMs = await perParse(() => feedAdapter.parse(asFetched(rss, 'application/rss+xml'), { options: {}, ...noFetch }), 300);
const htmlMs = await perParse(() => html.parse(asFetched(htmlBody, 'text/html'), { options: listOptions, ...noFetch }), 300);
console.log(`list parsing, ${N} items per page`);
console.log(`  feed adapter (RSS, baseline)  ${feedMs.toFixed(2)} ms/page`);
console.log(`  html adapter (list page)      ${htmlMs.toFixed(2)} ms/page   ×${(htmlMs / feedMs).toFixed(2)} of the baseline`);

// detail pages from a slow portal
const DETAILS = 24;
const DELAY_MS = 25;
const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/tin-tuc')
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(Array.from({ length: DETAILS }, (_, i) => listItem(i))));
  const etag = `"${path}"`;
  setTimeout(() => {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag })
      .end(`<html><body><div class="content"><p>Nội dung ${path}</p></div></body></html>`);
  }, DELAY_MS);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function detailRun(concurrency: number, cache = new PageCache()): Promise<number> {
  const adapter = createHtmlAdapter(cache);
  const fetched = await fetchUrl({ url: `${base}/tin-tuc` }, policy);
  const start = process.hrtime.bigint();
  const out = await adapter.parse(fetched, {
    options: options({ itemSelector: '.news-item', title: 'h3 a', detail: { contentSelector: '.content', concurrency, maxItems: DETAILS } }),
    fetch: (r) => fetchUrl(r, policy),
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.items.filter((i) => i.contentHtml).length !== DETAILS) throw new Error('not every detail page was read');
  return ms;
}

console.log(`\n${DETAILS} detail pages, each answered after ${DELAY_MS} ms`);
const one = await detailRun(1);
console.log(`  concurrency 1 (baseline)      ${one.toFixed(0)} ms`);
for (const c of [3, 8]) {
  const ms = await detailRun(c);
  console.log(`  concurrency ${c}                 ${ms.toFixed(0)} ms   ×${(one / ms).toFixed(1)} faster`);
}
const warm = new PageCache();
await detailRun(3, warm);
const cachedMs = await detailRun(3, warm);
console.log(`  concurrency 3, all cached     ${cachedMs.toFixed(0)} ms   (each page asked with If-None-Match, answered 304)`);
server.close();
