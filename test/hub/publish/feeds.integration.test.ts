/**
 * One filter, one answer: /api/v1/items and the RSS, Atom and JSON feeds are read back with
 * independent parsers (rss-parser, xml2js, JSON.parse) and must list the same items in the same
 * order; and each format follows its own rules.
 */
import { expect } from 'chai';
import Parser from 'rss-parser';
import { parseStringPromise } from 'xml2js';
import { startNewsroom, type Newsroom } from './newsroom.ts';
import { serveBody } from '../../support/http.ts';
import { validatorFor } from '../../../schemas/index.ts';

const fitsItemPage = validatorFor('openapi.yaml#/components/schemas/ItemPage');
const idOf = (uri: string) => uri.split('/').pop()!;
// RFC 822 as updated by RFC 1123: "Fri, 20 Nov 2026 05:00:00 GMT"
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('published feeds (integration)', () => {
  let room: Newsroom;
  before(async () => {
    room = await startNewsroom();
  });
  after(async () => room?.close());

  const get = (path: string, headers?: Record<string, string>) => room.hub.api(path, { key: null, headers });

  async function idsEverywhere(query: string, feedPath = '/feeds/all') {
    const api = await get(`/api/v1/items${query ? `?${query}` : ''}`);
    expect(api.status, await api.clone().text()).to.equal(200);
    const page = await api.json();
    expect(fitsItemPage(page), JSON.stringify(fitsItemPage.errors?.slice(0, 3))).to.equal(true);
    const apiIds = page.items.map((i: { id: string }) => i.id);
    const rss = await new Parser().parseString(await (await get(`${feedPath}.rss${query ? `?${query}` : ''}`)).text());
    const atom = await parseStringPromise(await (await get(`${feedPath}.atom${query ? `?${query}` : ''}`)).text());
    const json = await (await get(`${feedPath}.json${query ? `?${query}` : ''}`)).json();
    return {
      api: apiIds,
      rss: rss.items.map((i) => idOf(i.guid!)),
      atom: (atom.feed.entry ?? []).map((e: { id: string[] }) => idOf(e.id[0])),
      json: json.items.map((i: { id: string }) => idOf(i.id)),
    };
  }

  const FILTERS = [
    '',
    'portal=hue&portal=bo-khcn',
    'within=quangninh',
    'level=province',
    'within=quangninh&level=commune&level=department',
    'category=th%C3%B4ng%20b%C3%A1o',
    'topic=chuyen-doi-so',
    'q=chuyen%20doi%20so',
    'since=2026-11-19&until=2026-11-19T23:00:00%2B07:00',
    'lang=en',
    'limit=5',
  ];
  for (const query of FILTERS) {
    it(`returns the same items in the same order everywhere for "${decodeURIComponent(query) || 'no filter'}"`, async () => {
      const ids = await idsEverywhere(query);
      expect(ids.api.length, 'the filter selects something').to.be.greaterThan(0);
      expect(ids.rss).to.deep.equal(ids.api);
      expect(ids.atom).to.deep.equal(ids.api);
      expect(ids.json).to.deep.equal(ids.api);
    });
  }

  it('selects what each filter says', async () => {
    const items = async (q: string) =>
      (await (await get(`/api/v1/items?limit=200&${q}`)).json()).items as {
        portalId: string;
        categories: string[];
        title: string;
        publishedAt: string;
        language: string;
        topics: string[];
      }[];
    expect(new Set((await items('within=quangninh')).map((i) => i.portalId))).to.deep.equal(new Set(['quangninh', 'quangninh-sokhcn', 'quangninh-halong']));
    expect(new Set((await items('level=province')).map((i) => i.portalId))).to.deep.equal(new Set(['quangninh', 'hue']));
    expect((await items('category=thong%20bao')).every((i) => i.categories.includes('Thông báo'))).to.equal(true);
    expect((await items('topic=chuyen-doi-so')).every((i) => i.topics.includes('chuyen-doi-so'))).to.equal(true);
    expect((await items('q=chuyen%20doi')).every((i) => i.title.startsWith('Đẩy mạnh chuyển đổi số'))).to.equal(true);
    expect((await items('lang=en')).map((i) => i.portalId)).to.satisfy((ids: string[]) => ids.length === 6 && ids.every((id) => id === 'bo-khcn'));
    const day = await items('since=2026-11-19&until=2026-11-19');
    expect(day.length).to.be.greaterThan(0);
    for (const i of day) expect(Date.parse(i.publishedAt)).to.be.within(Date.parse('2026-11-19T00:00:00+07:00'), Date.parse('2026-11-19T23:59:59.999+07:00'));
    expect(await items('within=hue&portal=bo-khcn')).to.deep.equal([]);
  });

  it('pages feeds with RFC 5005 next links that walk the same order as API cursors', async () => {
    const seenFeed: string[] = [];
    let url: string | undefined = `${room.hub.url}/feeds/all.atom?within=quangninh&limit=4`;
    while (url) {
      const atom = await parseStringPromise(await (await fetch(url.replace(room.hub.hub.config.publicUrl, room.hub.url))).text());
      seenFeed.push(...(atom.feed.entry ?? []).map((e: { id: string[] }) => idOf(e.id[0])));
      url = (atom.feed.link as { $: { rel: string; href: string } }[]).find((l) => l.$.rel === 'next')?.$.href;
    }
    const all = (await (await get('/api/v1/items?within=quangninh&limit=200')).json()).items.map((i: { id: string }) => i.id);
    expect(seenFeed).to.deep.equal(all);
    expect(all).to.have.length(18);
    const json = await (await get('/feeds/all.json?within=quangninh&limit=4')).json();
    expect(json.next_url).to.match(/within=quangninh&limit=4&cursor=/);
    const api = await get('/api/v1/items?within=quangninh&limit=4');
    expect(api.headers.get('link')).to.match(/^<.+\/api\/v1\/items\?within=quangninh&limit=4&cursor=[^>]+>; rel="next"$/);
  });

  it('writes valid RSS: RFC 822 dates, self and alternate links, <source> per item, channel image of a portal feed', async () => {
    const text = await (await get('/feeds/portals/quangninh.rss')).text();
    const rss = await parseStringPromise(text);
    const channel = rss.rss.channel[0];
    expect(channel.lastBuildDate[0]).to.match(RFC822);
    for (const item of channel.item) {
      expect(item.pubDate[0]).to.match(RFC822);
      expect(item.guid[0].$.isPermaLink).to.equal('false');
      expect(item.source[0].$.url).to.match(/\/feeds\/portals\/quangninh(-sokhcn|-halong)?\.rss$/);
    }
    expect(channel.item.map((i: { source: { _: string }[] }) => i.source[0]._)).to.include('Phường Hạ Long');
    const links = channel['atom:link'].map((l: { $: Record<string, string> }) => l.$);
    expect(links.find((l: { rel: string }) => l.rel === 'self').href).to.equal(`${room.hub.hub.config.publicUrl}/feeds/portals/quangninh.rss`);
    expect(links.filter((l: { rel: string }) => l.rel === 'alternate').map((l: { type: string }) => l.type)).to.deep.equal([
      'application/atom+xml',
      'application/feed+json',
    ]);
    expect(channel.link[0]).to.equal('https://www.quangninh.gov.vn');
    expect(channel.image[0].url[0]).to.equal('https://www.quangninh.gov.vn/logo.png');
    // the hub's own WebSub endpoint pushes every feed it serves
    expect(links.find((l: { rel: string }) => l.rel === 'hub').href).to.equal(`${room.hub.hub.config.publicUrl}/websub`);
  });

  it('writes valid Atom: unique entry ids, updated everywhere, author and <source> per entry, logo', async () => {
    const atom = (await parseStringPromise(await (await get('/feeds/all.atom?portal=chinhphu&portal=hue&limit=200')).text())).feed;
    expect(atom.id[0]).to.equal(`${room.hub.hub.config.publicUrl}/feeds/all?portal=chinhphu&portal=hue&limit=200`);
    expect(atom.updated[0]).to.match(RFC3339);
    const ids = atom.entry.map((e: { id: string[] }) => e.id[0]);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const e of atom.entry) {
      expect(e.updated[0]).to.match(RFC3339);
      expect(e.author[0].name[0]).to.be.oneOf(['Cổng Thông tin điện tử Chính phủ', 'Cổng thông tin điện tử thành phố Huế']);
      expect(e.source[0].title[0]).to.equal(e.author[0].name[0]);
      expect(e.source[0].id[0]).to.match(/\/feeds\/portals\/(chinhphu|hue)\.atom$/);
    }
    expect(atom.logo).to.equal(undefined);
    const single = (await parseStringPromise(await (await get('/feeds/all.atom?portal=chinhphu')).text())).feed;
    expect(single.logo[0]).to.equal('https://chinhphu.vn/logo.png');
  });

  it('writes valid JSON Feed 1.1 with authors and the _hub extension', async () => {
    const feed = await (await get('/feeds/portals/chinhphu.json')).json();
    expect(feed.version).to.equal('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).to.equal(`${room.hub.hub.config.publicUrl}/feeds/portals/chinhphu.json`);
    expect(feed.home_page_url).to.equal('https://chinhphu.vn');
    expect(feed.icon).to.equal('https://chinhphu.vn/logo.png');
    expect(feed.items.length).to.equal(12);
    const portals = new Set(feed.items.map((i: { _hub: { portal_id: string } }) => i._hub.portal_id));
    expect(portals).to.deep.equal(new Set(['chinhphu', 'bo-khcn']));
    for (const item of feed.items) {
      expect(item.id).to.be.a('string');
      expect(item.date_published).to.match(RFC3339);
      expect(item.authors[0].name).to.be.a('string').and.not.equal('');
    }
  });

  it('serves the named level feeds and refuses unknown names and portals', async () => {
    const ids = await idsEverywhere('', '/feeds/provinces');
    const provinces = await idsEverywhere('level=province');
    expect(provinces.api).to.have.length(12);
    expect(ids.rss).to.deep.equal(provinces.api);
    expect(ids.atom).to.deep.equal(provinces.api);
    expect(ids.json).to.deep.equal(provinces.api);
    const narrowed = await (await get('/feeds/communes.json?within=quangninh')).json();
    expect(new Set(narrowed.items.map((i: { _hub: { portal_id: string } }) => i._hub.portal_id))).to.deep.equal(new Set(['quangninh-halong']));
    expect((await (await get('/feeds/provinces.json?level=commune')).json()).items).to.deep.equal([]);
    const unknown = await get('/feeds/everything.rss');
    expect(unknown.status).to.equal(404);
    expect((await unknown.json()).code).to.equal('FEED.NOT_FOUND');
    expect((await get('/feeds/portals/nope.atom')).status).to.equal(404);
    const within = await get('/feeds/portals/hue.rss?within=quangninh');
    expect(within.status).to.equal(400);
    expect((await within.json()).errors[0].field).to.equal('within');
  });

  it('validates feed queries like the API, naming the parameter', async () => {
    for (const path of ['/feeds/all.rss?level=kingdom', '/api/v1/items?level=kingdom']) {
      const res = await get(path);
      expect(res.status).to.equal(400);
      expect(res.headers.get('content-type')).to.contain('application/problem+json');
      expect((await res.json()).errors.map((e: { field: string }) => e.field)).to.deep.equal(['level']);
    }
    const bad = await get('/feeds/all.json?portal=nope');
    expect(bad.status).to.equal(422);
    expect((await bad.json()).errors).to.deep.equal([{ field: 'portal', message: '"nope" is not a registered portal' }]);
  });

  it('answers conditional requests with 304, caches per filter (feeds and items API), and renders again after new items', async () => {
    const first = await get('/feeds/all.rss?within=hue');
    expect(first.headers.get('cache-control')).to.match(/public, max-age=\d+/);
    const etag = first.headers.get('etag')!;
    expect((await get('/feeds/all.rss?within=hue', { 'if-none-match': etag })).status).to.equal(304);
    expect((await get('/feeds/all.rss?within=hue', { 'if-modified-since': first.headers.get('last-modified')! })).status).to.equal(304);
    const other = await get('/feeds/all.rss?within=quangninh');
    expect(other.headers.get('etag')).to.not.equal(etag);
    expect(room.hub.hub.feeds.size).to.be.greaterThan(1);
    // the items API page of the same filter: cached and conditional the same way
    const page = await get('/api/v1/items?within=hue');
    const pageEtag = page.headers.get('etag')!;
    expect(pageEtag).to.match(/^"[\w-]+"$/);
    expect(page.headers.get('cache-control')).to.match(/public, max-age=\d+/);
    expect((await page.json()).items).to.have.length(6);
    expect((await get('/api/v1/items?within=hue', { 'if-none-match': pageEtag })).status).to.equal(304);

    const { portalRss } = await import('./newsroom.ts');
    room.portals.route('/hue.rss', serveBody(portalRss('hue', 7), 'application/rss+xml'));
    const source = (await (await get('/api/v1/sources?portal=hue')).json()).sources[0];
    expect((await (await room.hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' })).json()).new).to.equal(1);
    const after = await get('/feeds/all.rss?within=hue', { 'if-none-match': etag });
    expect(after.status).to.equal(200);
    expect((await new Parser().parseString(await after.text())).items).to.have.length(7);
    const pageAfter = await get('/api/v1/items?within=hue', { 'if-none-match': pageEtag });
    expect(pageAfter.status, 'new items end the cached page').to.equal(200);
    expect((await pageAfter.json()).items).to.have.length(7);
  });
});
