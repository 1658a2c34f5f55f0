/**
 * Child process of bench:poll: the portals. 100 HTTP servers (100 hosts, as host:port is what the
 * per-host limit counts), each serving /f/<n>.rss for its share of the sources. What a source
 * gets depends on n % 100:
 *   0–1   slow: 304 after 1 s          2–3  HTTP 500
 *   5–12  200 with ten items, one of them new each cycle
 *   other 304 to If-None-Match "v1" (the common case: nothing new since last time)
 * (4 is a refused connection: those sources point at a closed port, served by nobody.)
 * Prints the ports as one JSON line, then serves until killed.
 */
import { createServer } from 'node:http';

const HOSTS = Number(process.argv[2] ?? 100);
let cycle = 0;
const rss = (n: number) => {
  const items = Array.from({ length: 10 }, (_, k) => {
    const id = k === 0 ? `${n}-c${cycle}` : `${n}-${k}`;
    return `<item><guid isPermaLink="false">${id}</guid><title>Tin ${id} về chuyển đổi số tại địa phương</title><link>https://portal${Math.floor(n / 100) % HOSTS}.gov.vn/tin/${id}.html</link><pubDate>Tue, 24 Nov 2026 0${k % 10}:15:00 +0700</pubDate><description>Nội dung tóm tắt của tin ${id}: Ủy ban nhân dân tỉnh chỉ đạo triển khai.</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Cổng ${n}</title><link>https://portal.gov.vn/</link><description>Tin</description><language>vi</language>${items.join('')}</channel></rss>`;
};

const ports: number[] = [];
for (let h = 0; h < HOSTS; h++) {
  const server = createServer((req, res) => {
    const n = Number(/\/f\/(\d+)\.rss/.exec(req.url ?? '')?.[1] ?? -1);
    const kind = n % 100;
    if (kind <= 1) return void setTimeout(() => res.writeHead(304, { etag: '"v1"' }).end(), 1000);
    if (kind <= 3) return void res.writeHead(500).end('Internal Server Error');
    if (kind >= 5 && kind <= 12) return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(n));
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(rss(n));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as { port: number }).port);
}
process.on('message', (m: { cycle?: number }) => {
  if (m.cycle !== undefined) cycle = m.cycle;
});
console.log(JSON.stringify({ ports }));
