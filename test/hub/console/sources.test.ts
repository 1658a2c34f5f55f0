/**
 * The console's source pages over real HTTP, against a real hub and a real portal server: adding
 * a source (address → candidates → preview → save, then its first refresh on its page), refusals
 * that keep what was typed with the reason next to the field, refresh now, pause and resume, edit
 * with a preview of the change, delete with a confirmation, the CSRF token, and an operator kept
 * to their own province.
 */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { ConsoleClient } from '../../support/console.ts';
import { startSourcePortal, FEED_TITLE, ITEM_TITLES, type SourcePortal } from './source-portal.ts';
import { CONSOLE_REPORTS_SHOWN } from '../../../hub/console/source.ts';

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('console: source pages (HTTP)', function () {
  this.timeout(30_000);
  let hub: TestHub;
  let portal: SourcePortal;
  let operatorKey: string;
  let otherSourceId: string;

  before(async () => {
    hub = await startTestHub();
    portal = await startSourcePortal();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: portal.server.url, level: 'province' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    operatorKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'Sở TT&TT tỉnh A' } })).json())
      .secret;
    const other = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: portal.feed } });
    expect(other.status).to.equal(201);
    otherSourceId = (await other.json()).id;
  });
  // each test starts from tinh-a without sources
  afterEach(async () => {
    for (const s of (await (await hub.api('/api/v1/sources?portal=tinh-a')).json()).sources) await hub.api(`/api/v1/sources/${s.id}`, { method: 'DELETE' });
  });
  after(async () => {
    await hub?.stop();
    await portal?.server.close();
  });

  const signedIn = async (key = ADMIN_KEY) => {
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(key)).status).to.equal(303);
    return c;
  };
  const sourceOf = async (id: string) => (await hub.api(`/api/v1/sources/${id}`)).json();

  /** Adds the portal's feed to tinh-a through the three steps; returns the new source's id. */
  async function addFeed(c: ConsoleClient): Promise<{ id: string; page: string }> {
    const step3 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}&source=${encodeURIComponent(`feed|${portal.feed}`)}`);
    expect(step3.status).to.equal(200);
    const saved = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'feed', intervalSeconds: '', options: '', do: 'save' },
      step3.html,
    );
    expect(saved.status, saved.html).to.equal(303);
    const id = /^\/console\/sources\/([^?]+)\?notice=created$/.exec(saved.location ?? '')?.[1];
    expect(id, saved.location ?? '').to.be.a('string');
    return { id: id!, page: (await c.get(saved.location!)).html };
  }

  it('adds a source from a home page: the candidates, the preview as published, save, the first refresh on its page', async () => {
    const c = await signedIn();
    const step1 = await c.get('/console/sources/new?portal=tinh-a');
    expect(step1.status).to.equal(200);
    expect(step1.html).to.include('name="url"').and.include('<option value="tinh-a" selected>');
    const step2 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}`);
    expect(step2.status).to.equal(200);
    // the feed the home page names, as the first choice, with why it is suggested
    expect(unescape(step2.html)).to.include(`value="feed|${portal.feed}" checked`).and.include(FEED_TITLE).and.include('<link rel="alternate">');
    expect(step2.html).to.include('value="asis"');
    const step3 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}&source=${encodeURIComponent(`feed|${portal.feed}`)}`);
    expect(step3.status).to.equal(200);
    for (const title of ITEM_TITLES) expect(step3.html).to.include(title);
    expect(step3.html).to.include(`src="${portal.server.url}/images/hoi-cho.png"`);
    // the date in the hub's zone: 2026-11-20T02:30Z is 09:30 in Viet Nam
    expect(step3.html).to.include('datetime="2026-11-20T02:30:00.000Z">09:30 20/11/26</time>');
    expect(step3.html).to.include('3 tin hợp lệ, 0 tin bị loại');
    const saved = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'feed', intervalSeconds: '1800', options: '', do: 'save' },
      step3.html,
    );
    expect(saved.status).to.equal(303);
    const id = /^\/console\/sources\/([^?]+)\?notice=created$/.exec(saved.location!)![1];
    expect((await sourceOf(id)).intervalSeconds).to.equal(1800);
    const page = await c.get(saved.location!);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Đã lưu nguồn tin và lấy tin lần đầu.').and.include('Mới 3, cập nhật 0, không đổi 0, bị loại 0.');
    // the history's one row: an operator's refresh with 3 new items, and the items below
    expect(page.html).to.include('<td>Người vận hành</td>').and.include('<td class="num" data-col="new">3</td>');
    for (const title of ITEM_TITLES) expect(page.html).to.include(title);
  });

  it('"preview again" and "save" refused by validation keep what was typed and say why next to the field', async () => {
    const c = await signedIn();
    const step3 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.feed)}&source=asis&asisKind=feed`);
    const badJson = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'feed', intervalSeconds: '900', options: '{"timeZone": ', do: 'save' },
      step3.html,
    );
    expect(badJson.status).to.equal(400);
    expect(badJson.html).to.include('id="f-options-error"').and.include('không phải JSON hợp lệ').and.not.include('The request is invalid');
    expect(badJson.html).to.match(/<textarea id="f-options"[^>]*aria-invalid="true"[^>]*>\{&#34;timeZone&#34;: <\/textarea>/);
    expect(badJson.html).to.include('id="f-intervalSeconds" name="intervalSeconds"').and.include('value="900"');
    const tooOften = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'feed', intervalSeconds: '10', options: '', do: 'save' },
      step3.html,
    );
    expect(tooOften.status).to.equal(400);
    expect(tooOften.html)
      .to.include('id="f-intervalSeconds-error"')
      .and.match(/id="f-intervalSeconds"[^>]*aria-invalid="true"[^>]*value="10"/);
    expect(tooOften.html).to.include('<a href="#f-intervalSeconds">intervalSeconds</a>');
    const html = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'html', 'opt-itemSelector': 'li[', options: '', do: 'preview' },
      step3.html,
    );
    expect(html.status).to.equal(200);
    expect(html.html).to.include('Nguồn này chưa dùng được như hiện tại.');
    const htmlSaved = await c.post(
      '/console/sources/new',
      { portalId: 'tinh-a', url: portal.feed, kind: 'html', 'opt-itemSelector': 'li[', options: '', do: 'save' },
      step3.html,
    );
    expect(htmlSaved.status).to.equal(400);
    expect(htmlSaved.html)
      .to.include('id="f-opt-itemSelector-error"')
      .and.match(/id="f-opt-itemSelector"[^>]*aria-invalid="true"[^>]*value="li\["/);
    expect((await (await hub.api('/api/v1/sources?portal=tinh-a')).json()).sources.filter((s: { url: string }) => s.url === portal.feed)).to.have.length(0);
  });

  it('says next to the address why it could not be read, keeping it', async () => {
    const c = await signedIn();
    for (const [url, code] of [
      ['ftp://tinha.gov.vn/', 'FETCH.BAD_SCHEME'],
      [`${portal.server.url}/khong-co`, 'FETCH.HTTP_STATUS'],
    ]) {
      const page = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(url)}`);
      expect(page.html, url).to.include(`<code>${code}</code>`).and.include('id="f-url-error"');
      expect(page.html).to.match(new RegExp(`id="f-url"[^>]*aria-invalid="true"[^>]*value="${url.replace(/[/.?]/g, '\\$&')}"`));
      expect(page.html).to.include('<option value="tinh-a" selected>');
    }
  });

  it('a web page saved as a feed is refused with what the hub found there, each a link to preview it', async () => {
    const c = await signedIn();
    const step3 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}&source=asis&asisKind=feed`);
    const refused = await c.post('/console/sources/new', { portalId: 'tinh-a', url: portal.home, kind: 'feed', options: '', do: 'save' }, step3.html);
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('<code>SOURCE.CHECK_NOT_A_FEED</code>').and.include('Các nguồn hub tìm thấy trên trang này');
    const link = unescape(/<dd><ul><li><a href="([^"]+)">/.exec(refused.html)?.[1] ?? '');
    expect(link).to.include(`source=${encodeURIComponent(`feed|${portal.feed}`)}`);
    const preview = await c.get(link);
    expect(preview.status).to.equal(200);
    for (const title of ITEM_TITLES) expect(preview.html).to.include(title);
  });

  it('refreshes now, pauses and resumes, and pages the refresh history by cursor', async () => {
    const c = await signedIn();
    const { id, page } = await addFeed(c);
    const refreshed = await c.post(`/console/sources/${id}/refresh`, {}, page);
    expect(refreshed.status).to.equal(303);
    expect(refreshed.location).to.equal(`/console/sources/${id}?notice=refreshed`);
    const after = await c.get(refreshed.location!);
    expect(after.html).to.include('Đã lấy tin.').and.include('Mới 0, cập nhật 0, không đổi 3, bị loại 0.');
    expect(after.html.match(/<td>Người vận hành<\/td>/g)).to.have.length(2);

    const paused = await c.post(`/console/sources/${id}/pause`, { paused: '1' }, after.html);
    expect(paused.location).to.equal(`/console/sources/${id}?notice=paused`);
    expect((await sourceOf(id)).paused).to.equal(true);
    const pausedPage = await c.get(paused.location!);
    expect(pausedPage.html).to.include('state-paused').and.include('name="paused" value="0"').and.include('Tiếp tục');
    const resumed = await c.post(`/console/sources/${id}/pause`, { paused: '0' }, pausedPage.html);
    expect(resumed.location).to.equal(`/console/sources/${id}?notice=resumed`);
    expect((await sourceOf(id)).paused).to.equal(false);

    // more refreshes than a page holds: the oldest is on the next page, through the "older" link
    for (let i = 0; i < CONSOLE_REPORTS_SHOWN; i++) expect((await hub.api(`/api/v1/sources/${id}/refresh`, { method: 'POST' })).status).to.equal(200);
    const full = await c.get(`/console/sources/${id}`);
    expect(full.html.match(/<tr>\n<td>/g)).to.have.length(CONSOLE_REPORTS_SHOWN);
    const older = /<a href="([^"]+)#history-heading">Các lần lấy tin cũ hơn<\/a>/.exec(full.html)?.[1];
    expect(older).to.be.a('string');
    const next = await c.get(unescape(older!));
    expect(next.status).to.equal(200);
    // 12 reports in all: 10 on the first page, 2 on the second, the oldest being the first refresh with 3 new
    expect(next.html.match(/<tr>\n<td>/g)).to.have.length(2);
    expect(next.html).to.include('<td class="num" data-col="new">3</td>');
  });

  it("mutes and unmutes a source's alert e-mails from its page", async () => {
    const c = await signedIn();
    const { id, page } = await addFeed(c);
    expect(page).to.include('Thư cảnh báo').and.include('name="muted" value="1"');
    const muted = await c.post(`/console/sources/${id}/alerts`, { muted: '1' }, page);
    expect(muted.location).to.equal(`/console/sources/${id}?notice=muted`);
    expect((await sourceOf(id)).alertsMuted).to.equal(true);
    const mutedPage = await c.get(muted.location!);
    expect(mutedPage.html).to.include('Đã tắt thư cảnh báo').and.include('name="muted" value="0"');
    const unmuted = await c.post(`/console/sources/${id}/alerts`, { muted: '0' }, mutedPage.html);
    expect(unmuted.location).to.equal(`/console/sources/${id}?notice=unmuted`);
    expect((await sourceOf(id)).alertsMuted).to.equal(false);
    // without the form's token: refused, unchanged
    expect((await c.post(`/console/sources/${id}/alerts`, { muted: '1' })).status).to.equal(403);
    expect((await sourceOf(id)).alertsMuted).to.equal(false);
  });

  it('edits with a preview of the change beside what is published now; a refused change keeps what was typed', async () => {
    const c = await signedIn();
    const { id } = await addFeed(c);
    const edit = await c.get(`/console/sources/${id}/edit?lang=en`);
    expect(edit.status).to.equal(200);
    expect(edit.html).to.include('<option value="feed" selected>');
    const previewed = await c.post(
      `/console/sources/${id}/edit?lang=en`,
      { kind: 'feed', intervalSeconds: '3600', options: '{"topics": ["chuyen-doi-so"]}', do: 'preview' },
      edit.html,
    );
    expect(previewed.status).to.equal(200);
    expect(previewed.html).to.include('Published now').and.include('Published after the change');
    // the preview applies the edited options: every item gets the topic
    expect(previewed.html).to.include('topics: chuyen-doi-so');
    expect((await sourceOf(id)).intervalSeconds, 'a preview changes nothing').to.equal(900);
    const refused = await c.post(
      `/console/sources/${id}/edit?lang=en`,
      { kind: 'feed', intervalSeconds: '30', options: '{"topics": ["chuyen-doi-so"]}', do: 'save' },
      edit.html,
    );
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('id="f-intervalSeconds-error"').and.include('value="30"').and.include('chuyen-doi-so');
    expect((await sourceOf(id)).intervalSeconds).to.equal(900);
    // a new kind whose options do not fit: the required selector is named next to its field
    const rekinded = await c.post(`/console/sources/${id}/edit?lang=en`, { kind: 'html', intervalSeconds: '900', options: '', do: 'save' }, edit.html);
    expect(rekinded.status).to.equal(400);
    expect(rekinded.html).to.include('id="f-opt-itemSelector-error"');
    expect((await sourceOf(id)).kind).to.equal('feed');
    // a new kind whose options fit: saved, and the source starts anew (its validators belonged to the old kind)
    const html = await c.post(
      `/console/sources/${id}/edit`,
      { kind: 'html', 'opt-itemSelector': 'item', intervalSeconds: '900', options: '', do: 'save' },
      edit.html,
    );
    expect(html.status).to.equal(303);
    const asHtml = await sourceOf(id);
    expect(asHtml.kind).to.equal('html');
    expect(asHtml.options.itemSelector).to.equal('item');
    expect(asHtml.health.state).to.equal('new');
    const saved = await c.post(
      `/console/sources/${id}/edit?lang=en`,
      { kind: 'feed', intervalSeconds: '3600', options: '{"topics": ["chuyen-doi-so"]}', do: 'save' },
      edit.html,
    );
    expect(saved.status).to.equal(303);
    expect(saved.location).to.equal(`/console/sources/${id}?notice=saved`);
    const after = await sourceOf(id);
    expect(after.intervalSeconds).to.equal(3600);
    expect(after.options.topics).to.deep.equal(['chuyen-doi-so']);
    expect((await c.get(saved.location!)).html)
      .to.include('Changes saved.')
      .and.include('every 1 h');
  });

  it("shows a list page's layout drift (the selector that stopped matching) and the last error in words", async () => {
    let list = `<ul class="news">${ITEM_TITLES.map((t, i) => `<li><a href="/tin/${i + 1}.html">${t}</a> <span class="date">2${i}/11/2026</span></li>`).join('')}</ul>`;
    portal.server.route(
      '/tin-tuc',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><body>${list}</body></html>`),
    );
    const c = await signedIn();
    const step3 = await c.get(`/console/sources/new?portal=tinh-a&url=${encodeURIComponent(`${portal.server.url}/tin-tuc`)}&source=asis&asisKind=html`);
    // the hub's guess at the selectors is prefilled in the selector fields
    expect(step3.html).to.match(/id="f-opt-itemSelector"[^>]*value="[^"]+"/);
    const saved = await c.post(
      '/console/sources/new',
      {
        portalId: 'tinh-a',
        url: `${portal.server.url}/tin-tuc`,
        kind: 'html',
        'opt-itemSelector': '.news li',
        'opt-date': '.date',
        'opt-dateFormat': 'dd/MM/yyyy',
        options: '',
        do: 'save',
      },
      step3.html,
    );
    expect(saved.status, saved.html).to.equal(303);
    const first = await c.get(saved.location!);
    expect(first.html).to.include('Mới 3,').and.not.include('drift-heading');
    // the portal changes its layout: the item selector matches nothing any more
    list = `<div class="tin">${ITEM_TITLES.map((t, i) => `<article><a href="/tin/${i + 1}.html">${t}</a></article>`).join('')}</div>`;
    const refreshed = await c.post(`${saved.location!.split('?')[0]}/refresh`, {}, first.html);
    const page = await c.get(refreshed.location!);
    expect(page.html).to.include('Bố cục trang đã thay đổi').and.include('<code>.news li</code>');
    expect(page.html).to.include('Số lần lỗi liên tiếp: 1.');
    // the last error: the catalogue's words in Vietnamese and what to do
    expect(page.html).to.match(
      /<section aria-labelledby="error-heading">[\s\S]*<strong>[^<]+<\/strong><br><span class="detail">[^<]+<\/span><br><span class="hint">Nên làm gì:/,
    );
  });

  it('deletes only after a confirmation, then goes back to the portal', async () => {
    const c = await signedIn();
    const { id, page } = await addFeed(c);
    expect(page).to.match(/<form method="post" action="\/console\/sources\/[^"]+\/delete" class="inline" data-confirm="[^"]+">/);
    const asked = await c.post(`/console/sources/${id}/delete`, {}, page);
    expect(asked.status).to.equal(200);
    expect(asked.html).to.include('Bạn có chắc muốn xóa nguồn tin').and.include('name="confirmed" value="1"');
    expect((await hub.api(`/api/v1/sources/${id}`)).status, 'not deleted before the confirmation').to.equal(200);
    const deleted = await c.post(`/console/sources/${id}/delete`, { confirmed: '1' }, asked.html);
    expect(deleted.status).to.equal(303);
    expect(deleted.location).to.equal('/console/portals/tinh-a?notice=sourceDeleted');
    expect((await hub.api(`/api/v1/sources/${id}`)).status).to.equal(404);
    expect((await c.get(`/console/sources/${id}`)).status).to.equal(404);
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const c = await signedIn();
    const { id } = await addFeed(c);
    for (const [path, fields] of [
      [`/console/sources/${id}/pause`, { paused: '1' }],
      [`/console/sources/${id}/delete`, { confirmed: '1' }],
      [`/console/sources/${id}/edit`, { kind: 'feed', intervalSeconds: '7200', do: 'save' }],
      ['/console/sources/new', { portalId: 'tinh-a', url: `${portal.server.url}/other.rss`, kind: 'feed', do: 'save' }],
    ] as const) {
      const refused = await c.post(path, fields);
      expect(refused.status, path).to.equal(403);
      expect(refused.html).to.include('CONSOLE.CSRF');
    }
    const after = await sourceOf(id);
    expect(after.paused).to.equal(false);
    expect(after.intervalSeconds).to.equal(900);
    expect((await (await hub.api('/api/v1/sources?portal=tinh-a')).json()).sources.map((s: { url: string }) => s.url)).not.to.include(
      `${portal.server.url}/other.rss`,
    );
  });

  it("keeps an operator to their province: another province's source is a 403 page, an unknown id a 404, nothing changes", async () => {
    const c = await signedIn(operatorKey);
    const step1 = await c.get('/console/sources/new');
    expect(step1.html).to.include('value="tinh-a"').and.not.include('value="tinh-b"');
    for (const path of [`/console/sources/${otherSourceId}`, `/console/sources/${otherSourceId}/edit`]) {
      const page = await c.get(path);
      expect(page.status, path).to.equal(403);
      expect(page.html).to.include('Không có quyền').and.not.include(portal.feed);
    }
    expect((await c.get('/console/sources/tinh-b-00000000')).status).to.equal(404);
    const own = await c.get('/console');
    for (const [path, fields] of [
      [`/console/sources/${otherSourceId}/pause`, { paused: '1' }],
      [`/console/sources/${otherSourceId}/refresh`, {}],
      [`/console/sources/${otherSourceId}/delete`, { confirmed: '1' }],
      [`/console/sources/${otherSourceId}/delete`, {}],
      [`/console/sources/${otherSourceId}/edit`, { kind: 'feed', intervalSeconds: '7200', do: 'save' }],
    ] as const)
      expect((await c.post(path, fields, own.html)).status, path).to.equal(403);
    // a hand-typed portal of another province: the preview and the save are refused by the use cases
    const foreign = await c.get(`/console/sources/new?portal=tinh-b&url=${encodeURIComponent(portal.feed)}&source=asis&asisKind=feed`);
    expect(foreign.status).to.equal(403);
    const save = await c.post('/console/sources/new', { portalId: 'tinh-b', url: `${portal.server.url}/x.rss`, kind: 'feed', do: 'save' }, own.html);
    expect(save.status).to.equal(403);
    const other = await sourceOf(otherSourceId);
    expect(other.paused).to.equal(false);
    expect(other.intervalSeconds).to.equal(900);
    expect((await hub.api(`/api/v1/sources/${otherSourceId}/refreshes`)).status).to.equal(200);
    expect((await (await hub.api(`/api/v1/sources/${otherSourceId}/refreshes`)).json()).reports).to.have.length(0);
    // their own province works
    const { id } = await addFeed(c);
    expect((await sourceOf(id)).portalId).to.equal('tinh-a');
  });
});
