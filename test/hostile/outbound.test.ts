/**
 * Hardening from an outside probe, the "one way out" findings: every outbound request of the hub
 * goes through the guarded client (address policy on every hop, size, time and decompression
 * limits). A real hub locked to public addresses (`localhost` allowed by name only, as in
 * hostile.test.ts), a real fixture portal on localhost, and a loopback "sink" on 127.0.0.1 that
 * a hostile feed points the hub at: the sink must never see a request.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ESLint } from 'eslint';
import { startTestServer, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { linkRelations } from '../../hub/pipeline/link-header.ts';

interface Refresh {
  new: number;
  error?: { code: string; message: string };
}

const DATE = 'Tue, 24 Nov 2026 08:00:00 +0700';
let n = 0;
/** An RSS feed with one fresh item; `head` goes into the channel (an atom:link rel="hub"). */
const rssWith = (head = '') => {
  n++;
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Cổng ra ngoài</title><link>http://localhost/</link><description>d</description>${head}<item><title>Tin ra ngoài số ${n}</title><link>https://tinh-a.gov.vn/ra-ngoai/${n}.html</link><guid>outbound-${n}</guid><pubDate>${DATE}</pubDate></item></channel></rss>`;
};

const newsSitemap = (padding = 0) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://tinh-a.gov.vn/sitemap-tin/1.html</loc><news:news><news:publication><news:name>Tỉnh A</news:name><news:language>vi</news:language></news:publication><news:publication_date>2026-11-24T08:00:00+07:00</news:publication_date><news:title>Tin sitemap nén</news:title></news:news></url>${' '.repeat(padding)}</urlset>`;

describe('hostile: one way out (outbound requests)', function () {
  this.timeout(30_000);
  let portal: TestServer;
  let sink: TestServer;
  let hub: TestHub;
  let portalBase: string;
  let sinkPort: string;

  before(async () => {
    portal = await startTestServer();
    sink = await startTestServer();
    portalBase = `http://localhost:${new URL(portal.url).port}`;
    sinkPort = new URL(sink.url).port;
    hub = await startTestHub({ allowPrivateFetch: false, fetchAllow: ['localhost'], fetchTimeoutMs: 3000, maxFeedBytes: 256 * 1024 });
    const created = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: `${portalBase}/`, level: 'province' } });
    expect(created.status).to.equal(201);
  });

  after(async () => {
    await hub?.stop();
    await portal?.close();
    await sink?.close();
  });

  /** Every request the loopback sink received, whatever the path. */
  const sinkRequests = () => [...sink.hits.values()].reduce((a, b) => a + b, 0);

  const addSource = async (path: string, kind?: string): Promise<string> => {
    const res = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `${portalBase}${path}`, ...(kind ? { kind } : {}) } });
    expect(res.status, await res.clone().text()).to.equal(201);
    return (await res.json()).id;
  };
  const refresh = async (id: string): Promise<Refresh> => (await hub.api(`/api/v1/sources/${id}/refresh`, { method: 'POST' })).json();

  describe('1. the WebSub subscriber goes through the guarded client', () => {
    /** Polls the source, lets the subscriber's background work drain, and returns its subscription record. */
    const pollAndSettle = async (path: string) => {
      const id = await addSource(path);
      expect((await refresh(id)).new).to.equal(1);
      await hub.websub.idle();
      return { id, sub: await hub.websub.subscriber.get(id) };
    };

    const expectRefused = (sub: Awaited<ReturnType<typeof pollAndSettle>>['sub']) => {
      // the subscriber tried, was refused by the address policy, and recorded why
      expect(sub, 'a subscription record').to.not.equal(undefined);
      expect(sub!.state).to.equal('failed');
      expect(sub!.code).to.equal('FETCH.PRIVATE_ADDRESS');
      expect(sub!.reason).to.match(/non-public address/);
      expect(sinkRequests(), 'requests that reached the loopback sink').to.equal(0);
    };

    it('refuses a hub on 127.0.0.1 advertised by <atom:link rel="hub">', async () => {
      portal.route(
        '/hub-literal.rss',
        (_q, res) =>
          void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssWith(`<atom:link rel="hub" href="http://127.0.0.1:${sinkPort}/x"/>`)),
      );
      expectRefused((await pollAndSettle('/hub-literal.rss')).sub);
    });

    it('refuses a hub at http://2130706433/ advertised by a Link header', async () => {
      portal.route(
        '/hub-decimal.rss',
        (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml', link: `<http://2130706433:${sinkPort}/x>; rel="hub"` }).end(rssWith()),
      );
      expectRefused((await pollAndSettle('/hub-decimal.rss')).sub);
    });

    it('refuses a hub at [::ffff:127.0.0.1] advertised by a JSON Feed', async () => {
      n++;
      const feed = {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Cổng JSON',
        hubs: [{ type: 'WebSub', url: `http://[::ffff:127.0.0.1]:${sinkPort}/x` }],
        items: [{ id: `outbound-json-${n}`, url: `https://tinh-a.gov.vn/json/${n}.html`, title: `Tin JSON số ${n}`, date_published: '2026-11-24T01:00:00Z' }],
      };
      portal.route('/hub-mapped.json', (_q, res) => void res.writeHead(200, { 'content-type': 'application/feed+json' }).end(JSON.stringify(feed)));
      expectRefused((await pollAndSettle('/hub-mapped.json')).sub);
    });

    it('refuses a public hub that 307-redirects the subscription to loopback', async () => {
      let redirected = 0;
      portal.route('/hub-307', (_q, res) => {
        redirected++;
        res.writeHead(307, { location: `http://127.0.0.1:${sinkPort}/x` }).end();
      });
      portal.route(
        '/hub-redirect.rss',
        (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssWith(`<atom:link rel="hub" href="${portalBase}/hub-307"/>`)),
      );
      expectRefused((await pollAndSettle('/hub-redirect.rss')).sub);
      // the first hop (allowed by name) was asked; the hop to loopback was not taken
      expect(redirected).to.equal(1);
    });
  });

  describe('2. one way out, enforced', () => {
    const root = join(import.meta.dirname, '..', '..');
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(join(root, path)).isDirectory()) return sources(path);
        return /\.ts$/.test(name) && !name.endsWith('.gen.ts') ? [path] : [];
      });

    /**
     * Every place in hub/ and adapters/ that can open an outbound connection: a call of the global
     * fetch, and any import of a networking module's client side (undici, http(s).request/get,
     * net/tls connect). Each is listed here with why it may; a new one fails this test.
     */
    const ALLOWED: Record<string, string> = {
      'hub/pipeline/fetch.ts undici Agent': 'the guarded client: its vetting agents',
      'hub/pipeline/fetch.ts undici fetch': 'the guarded client',
      'hub/pipeline/ping.ts undici fetch': 'the guarded client for small requests (WebSub, withdrawal checks)',
      'hub/client.ts fetch()': 'the CLI talking to the hub the user named',
      'hub/embed/widget.ts fetch()': "runs in the reader's browser",
    };
    const CLIENT_NAMES =
      /^(fetch|request|get|stream|pipeline|connect|upgrade|createConnection|Socket|Client|Pool|Agent|ProxyAgent|setGlobalDispatcher|default|\*)$/;
    const NET_MODULES = /^(undici|(node:)?(https?|http2|net|tls|dgram))$/;

    const outboundSites = (): string[] => {
      const found: string[] = [];
      for (const file of [...sources('hub'), ...sources('adapters')]) {
        const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        const rel = relative(root, join(root, file));
        for (const m of text.matchAll(/import\s+(type\s+)?([^'";]*?)\s+from\s+['"]([^'"]+)['"]/g)) {
          if (m[1] || !NET_MODULES.test(m[3])) continue;
          const clause = m[2];
          const names = [
            ...(/^\s*\*\s+as\s/.test(clause) ? ['*'] : []),
            ...(/^\s*[A-Za-z_$][\w$]*\s*(,|$)/.test(clause) ? ['default'] : []),
            ...(/\{([^}]*)\}/.exec(clause)?.[1] ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s && !s.startsWith('type '))
              .map((s) => s.split(/\s+as\s+/)[0]),
          ];
          for (const name of names) if (CLIENT_NAMES.test(name)) found.push(`${rel} ${m[3]} ${name}`);
        }
        // a call of the global fetch: not a method (x.fetch), not a declaration (fetch(req: …), async fetch(…))
        const imported = /import\s*\{[^}]*\bfetch\b[^}]*\}\s*from/.test(text);
        if (!imported && /(?<![.\w$]|async\s+|function\s+)fetch\s*\((?!\s*\w+\s*[:?])/.test(text)) found.push(`${rel} fetch()`);
        if (/\bhttps?\.(request|get)\s*\(|\b(net|tls)\.(connect|createConnection)\s*\(/.test(text)) found.push(`${rel} node request`);
      }
      return found.sort();
    };

    it('lists every outbound call site of hub/ and adapters/, and each is one of the justified few', () => {
      const sites = outboundSites();
      expect(sites).to.deep.equal(Object.keys(ALLOWED).sort());
      // the WebSub subscriber is not among them: it calls ping
      expect(readFileSync(join(root, 'hub/websub/subscriber.ts'), 'utf8')).to.match(/\bping\(/);
    });

    it('eslint refuses fetch and undici/node:http clients in hub/ and adapters/', async () => {
      const eslint = new ESLint({ cwd: root });
      const cases: [string, string][] = [
        ["export const f = () => fetch('http://127.0.0.1/');", 'no-restricted-globals'],
        ["import { request } from 'undici';\nexport const f = () => request('http://127.0.0.1/');", 'no-restricted-imports'],
        ["import { get } from 'node:http';\nexport const f = () => get('http://127.0.0.1/');", 'no-restricted-imports'],
        ["import * as https from 'node:https';\nexport const f = () => https.request('http://127.0.0.1/');", 'no-restricted-syntax'],
      ];
      for (const [code, rule] of cases)
        for (const filePath of ['hub/websub/new-thing.ts', 'adapters/html/new-thing.ts']) {
          const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
          expect(
            result.messages.map((m) => m.ruleId),
            `${filePath}: ${code}`,
          ).to.include(rule);
        }
    });
  });

  describe('3. decompression is capped at HUB_MAX_FEED_BYTES', () => {
    it('refuses a gzip sitemap file that decompresses past the cap, with a specific code, keeping what was stored', async () => {
      let body = gzipSync(newsSitemap());
      portal.route('/sitemap.xml.gz', (_q, res) => void res.writeHead(200, { 'content-type': 'application/x-gzip' }).end(body));
      const id = await addSource('/sitemap.xml.gz', 'sitemap');
      expect((await refresh(id)).new).to.equal(1);
      // 8 MB of sitemap in about 8 KB of gzip: 32 times the hub's 256 KiB cap
      body = gzipSync(newsSitemap(8 * 1024 * 1024));
      expect(body.length).to.be.lessThan(256 * 1024);
      const result = await refresh(id);
      expect(result.error?.code).to.equal('FETCH.DECOMPRESSED_TOO_LARGE');
      expect(result.error?.message).to.match(/262144 bytes/);
      const items = (await (await hub.api('/api/v1/items?portal=tinh-a&limit=200', { key: null })).json()).items as { title: string }[];
      expect(items.map((i) => i.title)).to.include('Tin sitemap nén');
    });
  });

  describe('4. a URL the WHATWG parser refuses is a 400 naming the field', () => {
    const BAD = ['http://a%00b.example.com/', 'http://a%20b.example.com/'];
    const expectInvalid = async (res: Response, field: string) => {
      const text = await res.text();
      expect(res.status, text).to.equal(400);
      const problem = JSON.parse(text) as { code: string; errors?: { field: string }[] };
      expect(problem.code, text).to.match(/^(REQUEST\.INVALID|WEBSUB\.INVALID_REQUEST)$/);
      expect(
        problem.errors?.map((e) => e.field),
        text,
      ).to.include(field);
    };

    for (const url of BAD) {
      it(`refuses ${url} as a source, a preview, a discovery and a portal`, async () => {
        await expectInvalid(await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url } }), '/url');
        await expectInvalid(await hub.api('/api/v1/sources/preview', { method: 'POST', body: { portalId: 'tinh-a', url } }), '/url');
        await expectInvalid(await hub.api('/api/v1/discover', { method: 'POST', body: { url } }), '/url');
        await expectInvalid(await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-x', name: 'X', url, level: 'province' } }), '/url');
        const id = (await (await hub.api('/api/v1/sources', { key: null })).json()).sources[0].id as string;
        await expectInvalid(await hub.api(`/api/v1/sources/${id}`, { method: 'PATCH', body: { url } }), '/url');
        const form = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': `${hub.url}/feeds/all.rss`, 'hub.callback': url });
        const websub = await fetch(`${hub.url}/websub`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
        await expectInvalid(websub, 'hub.callback');
        // nothing was registered
        expect(((await (await hub.api('/api/v1/portals', { key: null })).json()).portals as { id: string }[]).map((p) => p.id)).to.not.include('tinh-x');
      });
    }
  });

  describe('5. URLs placed in headers are encoded', () => {
    /** A GET with the path sent byte for byte, as a hostile client would (fetch() would encode it). */
    const rawGet = (path: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        const { hostname, port } = new URL(hub.url);
        const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
      });
    const INJECTED = 'x>;rel="hub",<https://evil.example/hub';

    it('a query cannot add a rel="hub" to a feed\'s Link header', async () => {
      const res = await rawGet(`/feeds/all.rss?q=${INJECTED}`);
      expect(res.status).to.equal(200);
      const link = String(res.headers.link);
      expect(link.match(/rel="hub"/g), link).to.have.length(1);
      expect(link).to.not.include('<https://evil.example');
      const rels = linkRelations(link);
      expect(rels.get('hub')).to.equal(hub.hub.websubHub);
      expect(rels.get('self')).to.match(/^http:\/\/[^<>"\s]+$/);
    });

    it("the items page's next link carries the query encoded", async () => {
      const res = await rawGet(`/api/v1/items?limit=1&q=${encodeURIComponent('tin')}&portal=tinh-a`);
      expect(res.status).to.equal(200);
      const link = String(res.headers.link ?? '');
      expect(link, 'a next page').to.match(/rel="next"$/);
      expect([...linkRelations(link).keys()]).to.deep.equal(['next']);
      expect(linkRelations(link).get('next')).to.match(/^http:\/\/[^<>"\s]+$/);
    });
  });

  describe('6. the address a host resolved to is for the operator only', () => {
    let locked: TestHub;
    let sourceId: string;
    let ownKey: string;
    let otherKey: string;

    before(async () => {
      // no HUB_FETCH_ALLOW: localhost resolves to loopback, and is refused at connect time
      locked = await startTestHub({ allowPrivateFetch: false, fetchTimeoutMs: 3000 });
      for (const id of ['tinh-c', 'tinh-d'])
        expect(
          (await locked.api('/api/v1/portals', { method: 'POST', body: { id, name: id, url: `${portalBase}/${id}/`, level: 'province' } })).status,
        ).to.equal(201);
      ownKey = (await (await locked.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-c' } })).json()).secret;
      otherKey = (await (await locked.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-d' } })).json()).secret;
      portal.route('/tinh-c/feed.rss', (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssWith()));
      // unchecked: the check would refuse it outright; the refusal kept on the source by a refresh is the case here
      const created = await locked.api('/api/v1/sources', {
        method: 'POST',
        body: { portalId: 'tinh-c', url: `${portalBase}/tinh-c/feed.rss`, check: false },
        key: ownKey,
      });
      sourceId = (await created.json()).id;
      const result = (await (await locked.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', key: ownKey })).json()) as Refresh;
      expect(result.error?.code).to.equal('FETCH.PRIVATE_ADDRESS');
    });
    after(() => locked?.stop());

    type Shown = { id: string; health: { lastError?: { code: string; message: string; resolvedAddress?: string } } };
    const seen = async (key: string | null): Promise<Shown[]> => {
      const list = ((await (await locked.api('/api/v1/sources', { key })).json()).sources as Shown[]).filter((s) => s.id === sourceId);
      const one = (await (await locked.api(`/api/v1/sources/${sourceId}`, { key })).json()) as Shown;
      return [...list, one];
    };
    const LOOPBACK = /127\.0\.0\.1|::1/;

    it('the public listing and a key of another portal see the refusal without the address', async () => {
      for (const key of [null, otherKey]) {
        const views = await seen(key);
        expect(views).to.have.length(2);
        for (const s of views) {
          expect(s.health.lastError?.code).to.equal('FETCH.PRIVATE_ADDRESS');
          expect(s.health.lastError?.message).to.match(/localhost resolves to a non-public address/);
          expect(JSON.stringify(s), `as seen with ${key ? 'another portal key' : 'no key'}`).to.not.match(LOOPBACK);
        }
      }
    });

    it("the source's operator and the admin see the address it resolved to", async () => {
      for (const key of [ownKey, undefined as unknown as string]) {
        const views = await seen(key);
        expect(views).to.have.length(2);
        for (const s of views) expect(s.health.lastError?.resolvedAddress).to.match(LOOPBACK);
      }
    });
  });
});
