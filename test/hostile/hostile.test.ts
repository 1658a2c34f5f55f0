/**
 * The hostile-input suite: a real hub (fetcher locked to public addresses, `localhost` allowed by
 * name only) and a real fixture portal that misbehaves in every way we know of. For each input
 * it asserts: the hub keeps running, the operator gets a specific error (or the content arrives
 * made safe), the other portal's items are all still there, and nothing unsafe is published in
 * the feeds, the API or the pages. It prints how many inputs were tried and how many passed.
 */
import { expect } from 'chai';
import { startTestServer, type Handler, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { BILLION_LAUGHS, brotliBomb, cdata, drip, gzipBomb, huge, item, redirect, reset, rss, send, silent } from './fixtures.ts';

interface Refresh {
  new: number;
  rejected: number;
  warnings?: string[];
  error?: { code: string; message: string };
}

/** Markup that would run script where it is rendered as HTML: raw tags only, since escaped text (&lt;…) is inert. */
const UNSAFE = [
  /<script[\s>]/i,
  /<[a-z][^>]*\son[a-z]+\s*=/i,
  /<[a-z][^>]*\s(href|src|action|formaction|data)\s*=\s*["']?\s*(javascript|vbscript|data:text\/html)/i,
  /<(iframe|object|embed|frame|applet)[\s>]/i,
  /<meta[^>]+http-equiv\s*=\s*["']?refresh[^>]*url\s*=\s*["']?\s*(javascript|vbscript|data:)/i,
];

const HTML_FIELDS = new Set(['contentHtml', 'content_html']);
const URL_FIELDS = new Set(['url', 'external_url', 'image', 'banner_image', 'link', 'permalink', 'moreUrl']);

/**
 * What in an output could run script: raw text for XML feeds and HTML pages; for JSON, the HTML
 * fields (text fields such as title and summary are text by contract, RFC 8259 strings a reader
 * must escape) and every URL field, which must be http(s).
 */
function unsafeIn(path: string, text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const bad = UNSAFE.find((re) => re.test(text));
    return bad && `${path} matches ${bad}: ${text.slice(Math.max(0, text.search(bad) - 150), text.search(bad) + 80)}`;
  }
  const found: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string') {
      if (HTML_FIELDS.has(key) && UNSAFE.some((re) => re.test(v))) found.push(`${path} ${key}: ${v.slice(0, 160)}`);
      if (URL_FIELDS.has(key) && v && !/^https?:\/\//i.test(v)) found.push(`${path} ${key} is not http(s): ${v.slice(0, 80)}`);
    }
  };
  walk(json);
  return found[0];
}

describe('hostile inputs', function () {
  this.timeout(30_000);
  let site: TestServer;
  let hub: TestHub;
  let opKey: string;
  let otherKey: string;
  let controlItems: number;
  let tried = 0;
  let passed = 0;
  let route = 0;

  before(async () => {
    site = await startTestServer();
    hub = await startTestHub({
      extractWorkers: 1,
      allowPrivateFetch: false,
      fetchAllow: ['localhost'],
      fetchTimeoutMs: 1500,
      maxFeedBytes: 2 * 1024 * 1024,
      maxBodyBytes: 256 * 1024,
    });
    const port = new URL(site.url).port;
    const portals = [
      { id: 'tinh-a', name: 'Tỉnh A', url: `http://localhost:${port}/`, level: 'province' },
      { id: 'tinh-b', name: 'Tỉnh B', url: `http://localhost:${port}/b/`, level: 'province' },
    ];
    for (const p of portals) expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    opKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a' } })).json()).secret;
    otherKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-b' } })).json()).secret;
    // the control: another portal's good feed, which every case must leave intact
    site.route('/b/control.rss', send(rss([1, 2, 3].map(() => item()).join(''))));
    const control = await (
      await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: `http://localhost:${port}/b/control.rss` }, key: otherKey })
    ).json();
    expect((await (await hub.api(`/api/v1/sources/${control.id}/refresh`, { method: 'POST', key: otherKey })).json()).new).to.equal(3);
    controlItems = await itemsOf('tinh-b');
  });

  after(async () => {
    console.log(`      hostile inputs: ${tried} tried, ${passed} passed`);
    await hub?.stop();
    await site?.close();
  });

  const itemsOf = async (portal: string) =>
    ((await (await hub.api(`/api/v1/items?portal=${portal}&limit=200`, { key: null })).json()).items as unknown[]).length;

  /** Every output a person or a reader sees, as raw text. */
  const outputs = async (): Promise<Record<string, string>> => {
    const paths = [
      '/feeds/all.rss',
      '/feeds/all.atom',
      '/feeds/all.json',
      '/api/v1/items?limit=200',
      '/embed/list',
      '/embed/items.json',
      '/api/v1/portals',
      '/api/v1/sources',
    ];
    const items = (await (await hub.api('/api/v1/items?limit=200', { key: null })).json()).items as { id: string }[];
    paths.push(...items.map((i) => `/i/${encodeURIComponent(i.id)}`));
    const out: Record<string, string> = {};
    for (const p of paths) {
      // permalinks answer 302 to the article: what matters is where they send a browser
      const res = await fetch(`${hub.url}${p}`, { redirect: 'manual', headers: { accept: 'text/html,application/json,*/*' } });
      out[p] = res.status === 302 ? `<a href="${res.headers.get('location')}">` : await res.text();
    }
    return out;
  };

  /** The invariants every case ends with. */
  const holds = async () => {
    expect((await hub.api('/healthz', { key: null })).status, 'hub still answers').to.equal(200);
    expect(await itemsOf('tinh-b'), "the other portal's items").to.equal(controlItems);
  };

  const hostile = (name: string, run: () => Promise<void>) =>
    it(name, async () => {
      tried++;
      await run();
      await holds();
      passed++;
    });

  /**
   * Serves `handler` on a fresh path, registers it as the operator and refreshes it. Registered
   * unchecked: what a refresh does with the hostile answer is the case (the check at
   * registration refuses most of them: test/hub/sources/registration-check.test.ts).
   */
  const feed = async (handler: Handler, path = `/feed-${++route}.xml`): Promise<Refresh> => {
    site.route(path, handler);
    const res = await hub.api('/api/v1/sources', {
      method: 'POST',
      body: { portalId: 'tinh-a', url: `http://localhost:${new URL(site.url).port}${path}`, check: false },
      key: opKey,
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    const source = await res.json();
    const refreshed = await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', key: opKey });
    expect(refreshed.status).to.equal(200);
    const result = (await refreshed.json()) as Refresh;
    // the reason is kept on the source too, for the operator to read later
    const stored = await (await hub.api(`/api/v1/sources/${source.id}`, { key: null })).json();
    if (result.error) expect(stored.health.lastError.code).to.equal(result.error.code);
    return result;
  };
  const failsWith = async (handler: Handler, code: string | RegExp) => {
    const r = await feed(handler);
    expect(r.error, 'an error for the operator').to.not.equal(undefined);
    if (typeof code === 'string') expect(r.error!.code).to.equal(code);
    else expect(r.error!.code).to.match(code);
    expect(r.error!.message.length).to.be.greaterThan(10);
    return r;
  };
  /** The feed is taken, and what it carried is published without active content. */
  const madeSafe = async (handler: Handler, marker: string) => {
    const r = await feed(handler);
    expect(r.error, JSON.stringify(r.error)).to.equal(undefined);
    const all = await outputs();
    for (const [path, text] of Object.entries(all)) expect(unsafeIn(path, text), unsafeIn(path, text)).to.equal(undefined);
    return { r, all, marker };
  };

  describe('broken XML', () => {
    hostile(
      'malformed XML (mismatched tags)',
      async () => void (await feed(send(rss('<item><title>a</b></item><item><title>Tin tốt</title><link>https://tinh-a.gov.vn/ok</link></item>')))),
    );
    hostile('truncated in the middle of an item', async () => {
      const r = await feed(send(rss(item() + item()).slice(0, -60)));
      if (r.error) expect(r.error.code).to.match(/^PARSE\./);
    });
    hostile('empty body', () => failsWith(send(''), /^PARSE\./).then(() => undefined));
    hostile('an HTML page instead of a feed', () =>
      failsWith(send('<!doctype html><html><body><h1>Trang chủ</h1></body></html>', 'text/html'), /^PARSE\./).then(() => undefined),
    );
    hostile('binary garbage', () => failsWith(send(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), /^PARSE\./).then(() => undefined));
    hostile('JSON that is not a feed', () => failsWith(send('{"version":"x","items":"nope"}', 'application/feed+json'), /^PARSE\./).then(() => undefined));
    hostile('an XML document that is not a feed', () =>
      failsWith(send('<?xml version="1.0"?><html><body/></html>', 'text/xml'), /^PARSE\./).then(() => undefined),
    );
  });

  describe('XML entities', () => {
    hostile('billion laughs', async () => {
      const r = await feed(send(rss(item({ title: 'Tin &lol9;' }), BILLION_LAUGHS)));
      const text = JSON.stringify(await (await hub.api('/api/v1/items?portal=tinh-a&limit=200', { key: null })).json());
      expect(text).not.to.match(/(lol){20}/);
      if (!r.error) expect((r.warnings ?? []).join(' ')).to.match(/entit/i);
    });
    hostile('external entity reading a local file', async () => {
      await feed(send(rss(item({ title: 'Tin &xxe;', description: '&xxe;' }), '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')));
      const text = JSON.stringify(await (await hub.api('/api/v1/items?portal=tinh-a&limit=200', { key: null })).json());
      expect(text).not.to.contain('root:');
    });
    hostile('external parameter entity pointing at the metadata service', async () => {
      const before = site.hits.get('/never') ?? 0;
      await feed(
        send(
          rss(
            item(),
            `<!DOCTYPE rss [<!ENTITY % ext SYSTEM "http://169.254.169.254/latest/meta-data/"> %ext; <!ENTITY % local SYSTEM "http://localhost:${new URL(site.url).port}/never"> %local;]>`,
          ),
        ),
      );
      expect(site.hits.get('/never') ?? 0).to.equal(before);
    });
  });

  describe('size and time', () => {
    hostile('a 50 MB feed (streamed, no length)', () => failsWith(huge(50 * 1024 * 1024, false), 'FETCH.TOO_LARGE').then(() => undefined));
    hostile('a 50 MB feed with Content-Length', () => failsWith(huge(50 * 1024 * 1024, true), 'FETCH.TOO_LARGE').then(() => undefined));
    hostile('a gzip bomb (200 MB of spaces)', () => failsWith(gzipBomb(), 'FETCH.TOO_LARGE').then(() => undefined));
    hostile('a brotli bomb', () => failsWith(brotliBomb(), 'FETCH.TOO_LARGE').then(() => undefined));
    hostile('a server that never answers', () => failsWith(silent, 'FETCH.TIMEOUT').then(() => undefined));
    hostile('a server that drips a byte a second', () => failsWith(drip, 'FETCH.TIMEOUT').then(() => undefined));
    hostile('a connection dropped mid-body', () => failsWith(reset, /^FETCH\.(RESET|NETWORK)$/).then(() => undefined));
    hostile('HTTP 500', () => failsWith((_q, r) => void r.writeHead(500).end('boom'), 'FETCH.HTTP_STATUS').then(() => undefined));
  });

  describe('redirects', () => {
    let loop = 0;
    hostile('a redirect loop', () => {
      const p = `/loop-${++loop}`;
      site.route(p, redirect(p));
      return failsWith(redirect(p), 'FETCH.TOO_MANY_REDIRECTS').then(() => undefined);
    });
    hostile('a redirect to 127.0.0.1', () =>
      failsWith(redirect(`http://127.0.0.1:${new URL(site.url).port}/b/control.rss`), 'FETCH.PRIVATE_ADDRESS').then(() => undefined),
    );
    hostile('a redirect to 169.254.169.254', () =>
      failsWith(redirect('http://169.254.169.254/latest/meta-data/iam/'), 'FETCH.PRIVATE_ADDRESS').then(() => undefined),
    );
    hostile('a redirect to loopback in decimal (2130706433)', () =>
      failsWith(redirect(`http://2130706433:${new URL(site.url).port}/`), 'FETCH.PRIVATE_ADDRESS').then(() => undefined),
    );
    hostile('a redirect to loopback in octal (0177.0.0.1)', () =>
      failsWith(redirect(`http://0177.0.0.1:${new URL(site.url).port}/`), 'FETCH.PRIVATE_ADDRESS').then(() => undefined),
    );
    hostile('a redirect to IPv4-mapped IPv6 loopback', () =>
      failsWith(redirect(`http://[::ffff:7f00:1]:${new URL(site.url).port}/`), 'FETCH.PRIVATE_ADDRESS').then(() => undefined),
    );
    hostile('a redirect to a private network (10.0.0.1)', () => failsWith(redirect('http://10.0.0.1/rss'), 'FETCH.PRIVATE_ADDRESS').then(() => undefined));
    hostile('a redirect to file://', () => failsWith(redirect('file:///etc/passwd'), 'FETCH.BAD_SCHEME').then(() => undefined));
    hostile('a redirect to gopher://', () => failsWith(redirect('gopher://localhost:70/'), 'FETCH.BAD_SCHEME').then(() => undefined));
    hostile('a redirect without Location', () => failsWith(redirect(undefined), 'FETCH.BAD_REDIRECT').then(() => undefined));
  });

  describe('charsets', () => {
    hostile('UTF-8 bytes labelled ISO-8859-1 in the header', async () => {
      const r = await feed(send(Buffer.from(rss(item({ title: 'Hội nghị chuyển đổi số tỉnh' }))), 'application/rss+xml; charset=iso-8859-1'));
      expect(r.error).to.equal(undefined);
      const titles = ((await (await hub.api('/api/v1/items?portal=tinh-a&limit=200', { key: null })).json()).items as { title: string }[]).map((i) => i.title);
      expect(titles).to.include('Hội nghị chuyển đổi số tỉnh');
    });
    hostile('invalid UTF-8 sequences', async () => {
      const body = Buffer.concat([
        Buffer.from(rss(item({ title: 'Tin XYZW' })).split('XYZW')[0]),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from(rss(item({ title: 'Tin XYZW' })).split('XYZW')[1]),
      ]);
      const r = await feed(send(body));
      if (r.error) expect(r.error.code).to.match(/^PARSE\./);
    });
  });

  describe('active content in feeds', () => {
    hostile(
      '<script> in the description',
      async () => void (await madeSafe(send(rss(item({ description: cdata('<p>Tin</p><script>alert("XSS-1")</script>') }))), 'XSS-1')),
    );
    hostile(
      'an onerror handler on an image',
      async () => void (await madeSafe(send(rss(item({ description: cdata('<img src="https://tinh-a.gov.vn/a.jpg" onerror="alert(\'XSS-2\')">') }))), 'XSS-2')),
    );
    hostile(
      'a javascript: link in the content',
      async () => void (await madeSafe(send(rss(item({ description: cdata('<a href="javascript:alert(\'XSS-3\')">bấm</a>') }))), 'XSS-3')),
    );
    hostile('a javascript: item link', async () => {
      await madeSafe(send(rss(item({ link: 'javascript:alert(1)//XSS-4' }))), 'XSS-4');
      const items = (await (await hub.api('/api/v1/items?limit=200', { key: null })).json()).items as { url: string }[];
      expect(items.every((i) => /^https?:/.test(i.url))).to.equal(true);
    });
    hostile('<script> in the title', async () => {
      await madeSafe(send(rss(item({ title: '&lt;script&gt;alert("XSS-5")&lt;/script&gt; Tin' }))), 'XSS-5');
    });
    hostile(
      'an SVG with onload',
      async () => void (await madeSafe(send(rss(item({ description: cdata('<svg onload="alert(\'XSS-6\')"><circle r="1"/></svg>') }))), 'XSS-6')),
    );
    hostile(
      'iframe, object and embed',
      async () =>
        void (await madeSafe(
          send(rss(item({ description: cdata('<iframe src="https://evil.example/XSS-7"></iframe><object data="x.swf"></object><embed src="x.swf">') }))),
          'XSS-7',
        )),
    );
    hostile(
      'vbscript: and data:text/html links',
      async () =>
        void (await madeSafe(
          send(rss(item({ description: cdata('<a href="vbscript:msgbox(1)">a</a><a href="data:text/html;base64,PHNjcmlwdD4=">b</a>') }))),
          'XSS-8',
        )),
    );
    hostile(
      'a meta refresh and a style block',
      async () =>
        void (await madeSafe(
          send(
            rss(
              item({
                description: cdata(
                  '<meta http-equiv="refresh" content="0;url=javascript:alert(9)"><style>body{background:url(javascript:alert(9))}</style><p>Tin</p>',
                ),
              }),
            ),
          ),
          'XSS-9',
        )),
    );
    hostile(
      'entity-encoded script (double decoding)',
      async () =>
        void (await madeSafe(
          send(rss(item({ description: '&amp;lt;script&amp;gt;alert("XSS-10")&amp;lt;/script&amp;gt;&lt;img src=x onerror=alert(10)&gt;' }))),
          'XSS-10',
        )),
    );
    hostile(
      'a JSON Feed with script in content_html',
      async () =>
        void (await madeSafe(
          send(
            JSON.stringify({
              version: 'https://jsonfeed.org/version/1.1',
              title: 'J',
              items: [
                {
                  id: 'json-xss',
                  url: 'https://tinh-a.gov.vn/j/1',
                  title: 'Tin JSON',
                  date_published: '2026-11-24T08:00:00+07:00',
                  content_html: '<p onclick="alert(11)">a</p><script>alert("XSS-11")</script>',
                },
              ],
            }),
            'application/feed+json',
          ),
          'XSS-11',
        )),
    );
    hostile(
      'Atom XHTML content with script',
      async () =>
        void (await madeSafe(
          send(
            `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-11-24T01:00:00Z</updated><entry><title>Tin Atom</title><id>urn:a:1</id><link href="https://tinh-a.gov.vn/atom/1"/><updated>2026-11-24T01:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Tin</p><script>alert("XSS-12")</script><a href="javascript:alert(12)">x</a></div></content></entry></feed>`,
            'application/atom+xml',
          ),
          'XSS-12',
        )),
    );
    hostile(
      'a form with a javascript: action',
      async () =>
        void (await madeSafe(
          send(rss(item({ description: cdata('<form action="javascript:alert(13)"><button formaction="javascript:alert(13)">x</button></form>') }))),
          'XSS-13',
        )),
    );
  });

  describe('API input', () => {
    const post = (path: string, body: unknown, key: string | null = opKey, headers: Record<string, string> = {}) =>
      hub.api(path, { method: 'POST', body, key, headers });
    const code = async (res: Response, status: number, expected: string) => {
      expect(res.status).to.equal(status);
      expect(res.headers.get('content-type')).to.contain('application/problem+json');
      expect((await res.json()).code).to.equal(expected);
    };
    hostile('an oversized body (1 MB)', async () =>
      code(await post('/api/v1/sources', JSON.stringify({ portalId: 'tinh-a', url: `https://x.gov.vn/${'a'.repeat(1024 * 1024)}` })), 413, 'REQUEST.TOO_LARGE'),
    );
    hostile('malformed JSON', async () => code(await post('/api/v1/sources', '{"portalId": "tinh-a", "url": '), 400, 'REQUEST.MALFORMED_JSON'));
    hostile('a JSON array instead of an object', async () => code(await post('/api/v1/sources', '[1,2,3]'), 400, 'REQUEST.INVALID'));
    hostile('JSON nested 10,000 deep', async () => {
      const res = await post('/api/v1/sources', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
      expect([400, 413]).to.include(res.status);
    });
    hostile('a body that is not JSON at all', async () =>
      code(
        await fetch(`${hub.url}/api/v1/sources`, {
          method: 'POST',
          body: 'portalId=tinh-a',
          headers: { authorization: `Bearer ${opKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        }),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      ),
    );
    hostile('__proto__ in the body', async () => {
      await code(await post('/api/v1/sources', '{"portalId":"tinh-a","url":"https://tinh-a.gov.vn/p.rss","__proto__":{"admin":true}}'), 400, 'REQUEST.INVALID');
      expect(({} as { admin?: boolean }).admin).to.equal(undefined);
    });
    hostile('a javascript: source URL', async () =>
      code(await post('/api/v1/sources', { portalId: 'tinh-a', url: 'javascript:alert(1)' }), 400, 'REQUEST.INVALID'),
    );
    hostile('a file: source URL', async () => code(await post('/api/v1/sources', { portalId: 'tinh-a', url: 'file:///etc/passwd' }), 400, 'REQUEST.INVALID'));
    hostile('a source at a loopback address literal', async () => {
      const r = await feed(send(rss(item())), '/unused');
      expect(r.error).to.equal(undefined); // localhost by name is allowed in this suite; the literal is not:
      // unchecked: the check would refuse the literal outright (FETCH.PRIVATE_ADDRESS); this case is about its ownership
      const res = await post('/api/v1/sources', { portalId: 'tinh-a', url: `http://127.0.0.1:${new URL(site.url).port}/b/control.rss`, check: false });
      const s = await res.json();
      expect(s.ownership.state).to.equal('pending'); // not the portal's host either
      await code(await hub.api(`/api/v1/sources/${s.id}/refresh`, { method: 'POST', key: opKey }), 409, 'SOURCE.OWNERSHIP_PENDING');
    });
    hostile('a limit beyond the cap', async () => code(await hub.api('/api/v1/items?limit=100000', { key: null }), 400, 'REQUEST.INVALID'));
    hostile('a wrong-scope key registering a source', async () =>
      code(await post('/api/v1/sources', { portalId: 'tinh-b', url: 'https://tinhb.gov.vn/rss' }), 403, 'AUTH.SCOPE'),
    );
    hostile('a wrong-scope key deleting another portal', async () =>
      code(await hub.api('/api/v1/portals/tinh-b', { method: 'DELETE', key: opKey }), 403, 'AUTH.SCOPE'),
    );
    hostile("a wrong-scope key refreshing another portal's source", async () => {
      const [control] = (await (await hub.api('/api/v1/sources?portal=tinh-b', { key: null })).json()).sources;
      await code(await hub.api(`/api/v1/sources/${control.id}/refresh`, { method: 'POST', key: opKey }), 403, 'AUTH.SCOPE');
      await code(await hub.api(`/api/v1/sources/${control.id}`, { method: 'DELETE', key: opKey }), 403, 'AUTH.SCOPE');
    });
    hostile('an operator key minting an admin key', async () => code(await post('/api/v1/keys', { role: 'admin' }), 403, 'AUTH.ADMIN_ONLY'));
    hostile('no key', async () => code(await post('/api/v1/sources', { portalId: 'tinh-a', url: 'https://x.gov.vn/rss' }, null), 401, 'AUTH.MISSING_KEY'));
    hostile('a forged key', async () =>
      code(
        await post('/api/v1/sources', { portalId: 'tinh-a', url: 'https://x.gov.vn/rss' }, `phk_${opKey.slice(4, 16)}_${'x'.repeat(32)}`),
        401,
        'AUTH.INVALID_KEY',
      ),
    );
    hostile('a portal name carrying script', async () => {
      const res = await post('/api/v1/portals', {
        id: 'xa-xss',
        name: '<script>alert("XSS-14")</script><img src=x onerror=alert(14)>',
        url: `http://localhost:${new URL(site.url).port}/xa`,
        level: 'commune',
        parentId: 'tinh-a',
      });
      expect(res.status).to.equal(201);
      site.route('/xa/feed.rss', send(rss(item())));
      const s = await (await post('/api/v1/sources', { portalId: 'xa-xss', url: `http://localhost:${new URL(site.url).port}/xa/feed.rss` })).json();
      expect((await (await hub.api(`/api/v1/sources/${s.id}/refresh`, { method: 'POST', key: opKey })).json()).new).to.equal(1);
      const all = await outputs();
      for (const [path, text] of Object.entries(all)) expect(unsafeIn(path, text), unsafeIn(path, text)).to.equal(undefined);
    });
  });

  describe('after all of it', () => {
    it('published nothing unsafe anywhere', async () => {
      for (const [path, text] of Object.entries(await outputs())) expect(unsafeIn(path, text), unsafeIn(path, text)).to.equal(undefined);
      expect(tried).to.be.at.least(40);
      expect(passed).to.equal(tried);
    });
  });
});
