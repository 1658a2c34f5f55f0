/**
 * The public home page at / over real HTTP: a hub that pulled two portals' feeds (the embed
 * fixture), plus a commune under the province whose name tries to inject a script.
 */
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { startEmbedFixture, type EmbedFixture } from '../embed/fixture.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import type { Portal } from '../../../hub/model.ts';
import type { Store } from '../../../hub/store/store.ts';

const HOSTILE_NAME = '<script>alert("x")</script> Xã Phú Vang';

describe('home page / (HTTP)', function () {
  this.timeout(30_000);
  let f: EmbedFixture;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${f.hub.url}${path}`, { headers });
  const page = async (path = '/', headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    expect(res.status, path).to.equal(200);
    return cheerio.load(await res.text());
  };

  before(async () => {
    f = await startEmbedFixture();
    const add = async (body: Record<string, unknown>) => {
      const res = await f.hub.api('/api/v1/portals', { method: 'POST', body });
      expect(res.status, await res.clone().text()).to.equal(201);
    };
    await add({ id: 'chinh-phu', name: 'Cổng Thông tin điện tử Chính phủ', nameEn: 'Government portal', url: 'https://chinhphu.vn', level: 'central' });
    await add({ id: 'hue-phu-vang', name: HOSTILE_NAME, url: 'https://phuvang.hue.gov.vn', level: 'commune', parentId: 'tinh-hue' });
    await add({ id: 'hue-sotttt', name: 'Sở Thông tin và Truyền thông Huế', url: 'https://stttt.hue.gov.vn', level: 'department', parentId: 'tinh-hue' });
  });
  after(() => f?.stop());

  it('answers HTML in Vietnamese under a strict Content-Security-Policy, with no inline script', async () => {
    const res = await get('/');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html; charset=utf-8/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('default-src')).to.equal("default-src 'none'");
    expect(directive('script-src')).to.equal("script-src 'self'");
    expect(csp).to.include("base-uri 'none'");
    const $ = cheerio.load(await res.text());
    expect($('html').attr('lang')).to.equal('vi');
    expect($('h1').text()).to.equal('Trung tâm liên thông tin tức các cổng thông tin điện tử');
    expect($('script').length).to.be.greaterThan(0);
    $('script').each((_i, s) => {
      expect($(s).attr('src'), 'every script is a file').to.match(/^\//);
      expect($(s).text().trim(), 'no inline script').to.equal('');
    });
    expect($('[style]').length, 'no inline style attributes').to.equal(0);
    expect($('link[rel=stylesheet]').attr('href')).to.equal('/assets/site.css');
  });

  it('switches to English with ?lang=en, remembers it in a cookie, and switches back', async () => {
    const res = await get('/?lang=en');
    const $ = cheerio.load(await res.text());
    expect($('html').attr('lang')).to.equal('en');
    expect($('h1').text()).to.equal("Vietnam's government portals news hub");
    // the English name of a portal, where it has one
    expect($('li[data-portal="chinh-phu"] .pname').text()).to.equal('Government portal');
    expect($('li[data-portal="bo-noi-vu"] > .count').text()).to.equal('1 source');
    expect($('li[data-portal="hue-phu-vang"] > .count').text()).to.equal('0 sources');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^lang=en;/);
    // the visible switch links to the other language
    expect($('nav.langs a[hreflang="vi"]').attr('href')).to.equal('/?lang=vi');
    const again = await page('/', { cookie: 'lang=en' });
    expect(again('html').attr('lang')).to.equal('en');
    const back = await get('/?lang=vi', { cookie: 'lang=en' });
    expect(back.headers.get('set-cookie')).to.match(/^lang=vi;/);
    expect(
      cheerio
        .load(await back.text())('html')
        .attr('lang'),
    ).to.equal('vi');
    // a language the hub does not speak is Vietnamese, not an error
    expect((await page('/?lang=fr'))('html').attr('lang')).to.equal('vi');
  });

  it('shows the directory as a tree: central, ministries, provinces, and a province holds its departments and communes', async () => {
    const $ = await page();
    const levels = $('#directory section.level > h3')
      .map((_i, h) => $(h).contents().first().text().trim())
      .get();
    expect(levels).to.deep.equal(['Trung ương', 'Bộ, cơ quan ngang bộ', 'Tỉnh, thành phố']);
    const province = $('li[data-portal="tinh-hue"]');
    expect(province.children('details').children('summary').find('.sname').text()).to.equal('Tỉnh Thừa Thiên Huế');
    const groups = province
      .find('details.group > summary')
      .map((_i, s) => $(s).text())
      .get();
    expect(groups).to.deep.equal(['Sở, ban, ngành (1)', 'Xã, phường, đặc khu (1)']);
    expect(province.find('details.group li[data-portal="hue-phu-vang"]').length).to.equal(1);
    expect(province.find('details.group li[data-portal="hue-sotttt"]').length).to.equal(1);
    // each portal: its subtree feeds and its number of sources
    expect(
      province
        .find('.self .feeds a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['/feeds/portals/tinh-hue.rss', '/feeds/portals/tinh-hue.atom', '/feeds/portals/tinh-hue.json']);
    expect(province.children('details').children('summary').find('.count').text()).to.equal('1 nguồn');
    expect($('li[data-portal="hue-phu-vang"] > .count').text()).to.equal('0 nguồn');
  });

  it('escapes a portal name that carries a <script>', async () => {
    const res = await get('/');
    const html = await res.text();
    expect(html).not.to.include('<script>alert');
    expect(html).to.include('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; Xã Phú Vang');
    const $ = cheerio.load(html);
    expect($('li[data-portal="hue-phu-vang"] .pname').text()).to.equal(HOSTILE_NAME);
    expect($('#b-portal option[value="hue-phu-vang"]').text()).to.equal(HOSTILE_NAME);
    expect($('script').length).to.equal(1);
  });

  it('lists the latest items linked to their originals, with portal and date in Asia/Ho_Chi_Minh', async () => {
    const $ = await page();
    const items = $('ol.latest > li')
      .map((_i, li) => ({
        title: $(li).find('a').first().text(),
        href: $(li).find('a').first().attr('href'),
        portal: $(li).find('.portal').text(),
        date: $(li).find('time').text(),
      }))
      .get();
    // the shared article once (its origin, the ministry), then the rest newest first
    expect(items).to.deep.equal([
      { title: f.ministry[0].title, href: f.sharedUrl, portal: 'Bộ Nội vụ', date: '01:30 25/11/2022' },
      { title: f.province[0].title, href: f.province[0].link, portal: 'Tỉnh Thừa Thiên Huế', date: '16:15 24/11/2022' },
      { title: f.ministry[1].title, href: f.ministry[1].link, portal: 'Bộ Nội vụ', date: '09:00 23/11/2022' },
    ]);
  });

  it('links the unified feeds, OPML, the docs, the items API and its assets, and every one answers 200', async () => {
    const $ = await page();
    const hrefs = new Set<string>();
    $('a[href^="/"], link[href^="/"], script[src^="/"]').each((_i, e) => void hrefs.add($(e).attr('href') ?? $(e).attr('src')!));
    for (const must of [
      '/feeds/all.rss',
      '/feeds/all.atom',
      '/feeds/all.json',
      '/opml/portals.opml',
      '/opml/sources.opml',
      '/docs',
      '/api/v1/items',
      '/assets/site.css',
      '/assets/builder.js',
      '/feeds/portals/hue-phu-vang.json',
    ])
      expect(hrefs, must).to.include(must);
    for (const href of hrefs) {
      const res = await get(href);
      expect(res.status, href).to.equal(200);
      await res.arrayBuffer();
    }
    const css = await get('/assets/site.css');
    expect(css.headers.get('content-type')).to.equal('text/css; charset=utf-8');
    expect(css.headers.get('etag')).to.be.a('string');
    const missing = await get('/assets/nope.js');
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect((await missing.json()).code).to.equal('ROUTE.NOT_FOUND');
  });

  it('builds the embed snippet without JavaScript from the submitted form, leaving out what the form could not send', async () => {
    const $ = await page('/?portal=tinh-hue&portal=bo-noi-vu&level=province&topic=chuyen-doi-so&limit=3');
    expect($('#b-snippet').text()).to.equal(
      `<script src="${f.hub.hub.config.publicUrl}/embed/v1.js" data-portal="tinh-hue,bo-noi-vu" data-level="province" data-topic="chuyen-doi-so" data-limit="3" async></script>`,
    );
    expect(
      $('#b-portal option[selected]')
        .map((_i, o) => $(o).attr('value'))
        .get(),
    ).to.have.members(['tinh-hue', 'bo-noi-vu']);
    expect($('#b-preview iframe').attr('src')).to.equal('/embed/list?portal=tinh-hue%2Cbo-noi-vu&level=province&topic=chuyen-doi-so&limit=3');
    const within = await page('/?portal=tinh-hue&within=1&kind=iframe&limit=2');
    expect(within('#b-snippet').text()).to.equal(
      `<iframe src="${f.hub.hub.config.publicUrl}/embed/list?within=tinh-hue&amp;limit=2" title="Tin mới nhất" width="100%" height="480" loading="lazy"></iframe>`,
    );
    // an unregistered portal, an unknown level or topic, a limit out of range: the default snippet
    const odd = await page('/?portal=nope&level=galaxy&topic=%3Cb%3E&limit=999&kind=%3Cx%3E');
    expect(odd('#b-snippet').text()).to.equal(`<script src="${f.hub.hub.config.publicUrl}/embed/v1.js" data-limit="5" async></script>`);
    // the preview's query answers
    const preview = await get($('#b-preview iframe').attr('src')!);
    expect(preview.status).to.equal(200);
  });

  it('answers odd queries with the page, never an error: repeated, malformed, oversized parameters', async () => {
    for (const path of [
      '/?lang=en&lang=vi',
      '/?lang[]=en',
      '/?lang=%E0%A4%A',
      '/?limit=1&limit=2',
      '/?limit=-3',
      '/?limit=1e3',
      `/?q=${'x'.repeat(4000)}`,
      '/?portal=%3Cscript%3E&within=%22%3E',
      '/?"><script>alert(1)</script>=1',
    ]) {
      const res = await get(path);
      expect(res.status, path).to.equal(200);
      const html = await res.text();
      expect(html, path).not.to.include('<script>alert');
      const $ = cheerio.load(html);
      expect($('html').attr('lang'), path).to.equal('vi');
      expect($('#b-snippet').text(), path).to.match(/data-limit="[0-9]+" async><\/script>$/);
    }
  });
});

describe('home page with 1,350 portals', function () {
  this.timeout(60_000);
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    const at = new Date().toISOString();
    const portals: Portal[] = [];
    for (let p = 0; p < 34; p++) {
      const province = `tinh-${p}`;
      portals.push({ id: province, name: `Tỉnh ${p}`, url: `https://t${p}.gov.vn`, level: 'province', createdAt: at });
      for (let c = 0; c < 38; c++)
        portals.push({
          id: `${province}-xa-${c}`,
          name: `Xã ${c} tỉnh ${p}`,
          url: `https://x${c}.t${p}.gov.vn`,
          level: 'commune',
          parentId: province,
          createdAt: at,
        });
    }
    for (let m = 0; portals.length < 1350; m++) portals.push({ id: `bo-${m}`, name: `Bộ ${m}`, url: `https://b${m}.gov.vn`, level: 'ministry', createdAt: at });
    for (const p of portals) await hub.hub.store.putPortal(p);
    // written past the use cases (1,350 API calls would be slow): say the directory changed, as a portal write does
    hub.hub.announcer.emitDirectoryChange();
    // unchecked: the page is the case, the source's URL is not served
    const src = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-3-xa-7', url: 'https://x7.t3.gov.vn/rss', check: false } });
    expect(src.status, await src.clone().text()).to.equal(201);
  });
  after(() => hub?.stop());

  it('renders every portal from the directory with one read of the sources, no store query per portal', async () => {
    const store = hub.hub.store as unknown as Record<string, unknown>;
    const calls = new Map<string, number>();
    const proto = Object.getPrototypeOf(store) as Record<string, unknown>;
    const restore: (() => void)[] = [];
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = store[name];
      if (name === 'constructor' || typeof original !== 'function') continue;
      store[name] = function (this: Store, ...args: unknown[]) {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      restore.push(() => delete store[name]);
    }
    try {
      const res = await fetch(`${hub.url}/`);
      expect(res.status).to.equal(200);
      const $ = cheerio.load(await res.text());
      expect($('#directory li[data-portal]').length).to.equal(1350);
      expect($('#b-portal option').length).to.equal(1350);
      expect($('li[data-portal="tinh-3-xa-7"] > .count').text()).to.equal('1 nguồn');
      // compressed for a browser that takes gzip (fetch decompresses it)
      expect(res.headers.get('content-encoding')).to.equal('gzip');
    } finally {
      for (const r of restore) r();
    }
    // and plain for one that does not
    const plain = await fetch(`${hub.url}/`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).to.equal(null);
    expect(cheerio.load(await plain.text())('#directory li[data-portal]').length).to.equal(1350);
    expect(calls.get('listSources'), 'sources read once').to.equal(1);
    expect(calls.get('getPortal') ?? 0, 'no portal read one by one').to.equal(0);
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    expect(total, JSON.stringify(Object.fromEntries(calls))).to.be.at.most(6);
  });
});
