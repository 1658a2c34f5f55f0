/**
 * What a hostile or broken portal serves: feeds written for this suite, each carrying a marker
 * (XSS-n) so the checks can tell whether anything of it reached the hub's outputs.
 */
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Handler } from '../support/http.ts';

export const rss = (items: string, extra = '') =>
  `<?xml version="1.0" encoding="utf-8"?>${extra}<rss version="2.0"><channel><title>Cổng hostile</title><link>http://localhost/</link><description>d</description>${items}</channel></rss>`;

let n = 0;
/** One RSS item with a unique guid and link; `fields` adds or overrides elements. */
export const item = (fields: { title?: string; description?: string; link?: string; extra?: string } = {}) => {
  n++;
  return `<item><title>${fields.title ?? `Tin số ${n}`}</title><link>${fields.link ?? `https://tinh-a.gov.vn/tin/${n}.html`}</link><guid>hostile-${n}</guid><pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate>${fields.description !== undefined ? `<description>${fields.description}</description>` : ''}${fields.extra ?? ''}</item>`;
};

export const cdata = (html: string) => `<![CDATA[${html}]]>`;

export const send =
  (body: string | Buffer, type = 'application/rss+xml; charset=utf-8', headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    void res.writeHead(200, { 'content-type': type, ...headers }).end(body);

export const redirect =
  (location: string | undefined, status = 302): Handler =>
  (_req, res) =>
    void res.writeHead(status, location === undefined ? {} : { location }).end();

/** Streams `total` bytes of a valid-looking feed prefix and padding, stopping when the client goes. */
export const huge =
  (total: number, declareLength: boolean): Handler =>
  async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...(declareLength ? { 'content-length': String(total) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.write(rss('').slice(0, -22));
    for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
      // wait for drain or close, then drop both listeners (a `close` left behind per chunk piles up)
      if (!res.write(chunk))
        await new Promise<void>((r) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            r();
          };
          res.on('drain', done);
          res.on('close', done);
        });
    }
    res.end();
  };

export const gzipBomb = () => send(gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20)), 'application/rss+xml', { 'content-encoding': 'gzip' });
export const brotliBomb = () => send(brotliCompressSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), 'application/rss+xml', { 'content-encoding': 'br' });

/** Answers headers, then one byte a second for ever. */
export const drip: Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  const timer = setInterval(() => res.write('<'), 1000);
  req.socket.once('close', () => clearInterval(timer));
};

/** Accepts the connection and never answers. */
export const silent: Handler = () => new Promise(() => {});

/** Sends half a body, then drops the connection. */
export const reset: Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '100000' });
  res.write(rss(item()).slice(0, 80), () => req.socket.destroy());
};

export const BILLION_LAUGHS = `<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>`;
