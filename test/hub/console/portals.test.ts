/**
 * The console's portal pages and source lists over real HTTP (a real hub, a real portal feed on
 * loopback): the tree and its filter, a portal with its sources (state, last refresh, items in
 * the last 7 days, the last error in words), add / edit / delete forms (a refusal keeps what was
 * typed and says why next to the field; no CSRF token, nothing changes), bulk import (per-row
 * errors, nothing stored on a check), the ownership steps, and an operator of one province who
 * never sees or changes another's.
 */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss, servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';
import { ConsoleClient, csrfOf } from '../../support/console.ts';
import { ADMIN_KEY } from '../../support/hub.ts';
import { WELL_KNOWN_PATH } from '../../../hub/ownership/ownership.ts';
import { errorWords } from '../../../hub/error-words.ts';
import { esc } from '../../../hub/pages/layout.ts';

const DAY = 24 * 3600_000;
const entry = (n: number, ageMs: number): FeedEntry => ({
  guid: `a-${n}`,
  title: `Tin số ${n} của tỉnh A`,
  link: `https://tinha.gov.vn/tin/${n}`,
  date: new Date(Date.now() - ageMs).toUTCString(),
});

describe('console: portals and sources (HTTP)', () => {
  let hub: TestHub;
  let server: TestServer;
  let operatorKey: string;
  let okSource: string;
  let failingSource: string;
  let pendingSource: string;
  let failing = false;

  const api = async (path: string, init: Parameters<TestHub['api']>[1] = {}) => {
    const res = await hub.api(path, init);
    expect(res.status, `${init.method ?? 'GET'} ${path}`).to.be.below(300);
    return res.status === 204 ? undefined : res.json();
  };
  const admin = async () => {
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(ADMIN_KEY)).status).to.equal(303);
    return c;
  };
  const operator = async () => {
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(operatorKey)).status).to.equal(303);
    return c;
  };
  const portal = async (id: string) => (await hub.api(`/api/v1/portals/${id}`)).json();

  before(async () => {
    hub = await startTestHub();
    server = await startTestServer();
    servePortalFeed(server, '/a.rss', 'Tỉnh A', [entry(1, DAY), entry(2, 2 * DAY), entry(3, 10 * DAY)]);
    const b = [{ guid: 'b-1', title: 'Tin tỉnh B', link: 'https://tinhb.gov.vn/tin/1', date: new Date(Date.now() - DAY).toUTCString() }];
    server.route('/broken.rss', (req, res) => {
      if (failing) res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Hỏng', b));
    });
    servePortalFeed(server, '/b.rss', 'Tỉnh B', b);
    servePortalFeed(server, '/pending.rss', 'Chờ', b);
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh Ánh Dương', url: 'https://tinha.gov.vn', level: 'province', adminCode: '01' },
      { id: 'tinh-b', name: 'Tỉnh Bình Minh', url: 'https://tinhb.gov.vn', level: 'province', adminCode: '02' },
      { id: 'so-a', name: 'Sở Thông tin A', url: 'https://so.tinha.gov.vn', level: 'department', parentId: 'tinh-a' },
      { id: 'xa-b', name: 'Xã Bình Yên', url: 'https://xa.tinhb.gov.vn', level: 'commune', parentId: 'tinh-b' },
    ])
      await api('/api/v1/portals', { method: 'POST', body: p });
    operatorKey = (await api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'Sở TT&TT tỉnh A' } })).secret;
    okSource = (await api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `${server.url}/a.rss` } })).id;
    failingSource = (await api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `${server.url}/broken.rss` } })).id;
    await api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: `${server.url}/b.rss` } });
    // an operator's source on a host outside the portal's domain waits for proof of ownership
    pendingSource = (await api('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `${server.url}/pending.rss` }, key: operatorKey })).id;
    await api(`/api/v1/sources/${okSource}/refresh`, { method: 'POST' });
    failing = true;
    await api(`/api/v1/sources/${failingSource}/refresh`, { method: 'POST' });
    expect((await api(`/api/v1/sources/${failingSource}`)).health.state).to.equal('failing');
  });
  after(async () => {
    await hub?.stop();
    await server?.close();
  });

  describe('the tree', () => {
    it('shows an admin the whole directory, province → children, with sources and failing ones per portal, links to each portal', async () => {
      const c = await admin();
      const page = await c.get('/console/portals');
      expect(page.status).to.equal(200);
      for (const id of ['tinh-a', 'tinh-b', 'so-a', 'xa-b']) expect(page.html).to.include(`href="/console/portals/${id}"`);
      // tinh-a: its two sources, one failing; its child so-a inside its <details>
      const a = page.html.slice(page.html.indexOf('href="/console/portals/tinh-a"'), page.html.indexOf('href="/console/portals/tinh-b"'));
      expect(a).to.include('2 nguồn tin').and.include('1 đang lỗi').and.include('<details').and.include('href="/console/portals/so-a"');
      expect(page.html).to.include('href="/console/portals/new"').and.include('href="/console/portals/import"');
    });

    it('filters by name without JavaScript (?q=), diacritics or not, keeping the portals above a match', async () => {
      const c = await admin();
      const page = await c.get('/console/portals?q=binh yen');
      expect(page.html).to.include('href="/console/portals/xa-b"').and.include('href="/console/portals/tinh-b"');
      expect(page.html).not.to.include('href="/console/portals/tinh-a"');
      expect(page.html).to.include('value="binh yen"').and.include('<strong class="match">');
      const none = await c.get('/console/portals?q=khongco');
      expect(none.html).to.include('Không có cổng nào khớp');
    });
  });

  describe('a portal and its sources', () => {
    it('lists its sources: state, last refresh, items in the last 7 days, the last error in words with what to do, links', async () => {
      const c = await admin();
      const page = await c.get('/console/portals/tinh-a');
      expect(page.status).to.equal(200);
      const rowOf = (id: string) => {
        const at = page.html.indexOf(`href="/console/sources/${id}"`);
        expect(at, id).to.be.above(-1);
        return page.html.slice(at, page.html.indexOf('</tr>', at));
      };
      const ok = rowOf(okSource);
      expect(ok).to.include('class="badge state-ok"').and.include('<time datetime=');
      // two items within 7 days; the one of 10 days ago does not count
      expect(ok).to.match(/<td data-label="Tin trong 7 ngày" class="num">2<\/td>/);
      const bad = rowOf(failingSource);
      const words = errorWords((await api(`/api/v1/sources/${failingSource}`)).health.lastError.code, 'vi');
      expect(bad).to.include('class="badge state-failing"').and.include(words.title).and.include(words.hint);
      expect(bad).to.match(/<td data-label="Tin trong 7 ngày" class="num">0<\/td>/);
      expect(page.html).to.include('href="/console/sources/new?portal=tinh-a"').and.include('href="/console/portals/so-a"');
      expect(page.html).to.include('href="/console/portals/tinh-a/edit"');
      expect(page.html).to.include('href="/console/portals/tinh-a/scorecard"');
    });

    it("shows the same ownership steps on the pending source's own page", async () => {
      const c = await operator();
      const page = await c.get(`/console/sources/${pendingSource}`);
      expect(page.status).to.equal(200);
      const token = (await api(`/api/v1/sources/${pendingSource}`)).ownership.token;
      expect(page.html).to.include(`${server.url}${WELL_KNOWN_PATH}`).and.include(token);
      expect(page.html).to.include(`action="/console/ownership/${pendingSource}/verify"`);
    });

    it('shows the exact file to publish for a source waiting for proof of ownership, checks it on request, and lets an admin approve', async () => {
      const c = await operator();
      const page = await c.get('/console/portals/so-a');
      const token = (await api(`/api/v1/sources/${pendingSource}`)).ownership.token;
      expect(token).to.match(/^portal-hub-/);
      expect(page.html).to.include(`${server.url}${WELL_KNOWN_PATH}`).and.include(token);
      expect(page.html).to.include(esc(`<meta name="portal-hub-verification" content="${token}">`));
      expect(page.html, 'approve is an admin’s').not.to.include('/approve"');
      // not served yet: still pending, and the page says so
      const first = await c.post(`/console/ownership/${pendingSource}/verify`, { back: '/console/portals/so-a' }, page.html);
      expect(first.status).to.equal(303);
      expect(first.location).to.equal('/console/portals/so-a?done=pending');
      const again = await c.get(first.location!);
      expect(again.html).to.include('Chưa tìm thấy mã xác minh').and.include('Token not found');
      server.route(WELL_KNOWN_PATH, (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${token}\n`));
      const second = await c.post(`/console/ownership/${pendingSource}/verify`, { back: '/console/portals/so-a' }, again.html);
      expect(second.location).to.equal('/console/portals/so-a?done=verified');
      expect((await api(`/api/v1/sources/${pendingSource}`)).ownership.state).to.equal('verified');
      expect((await c.get(second.location!)).html).not.to.include(token);
    });

    it('lets an admin approve a pending source from the same steps', async () => {
      const other = (await api('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `${server.url}/b.rss` }, key: operatorKey })).id;
      const c = await admin();
      const page = await c.get('/console/portals/so-a');
      expect(page.html).to.include(`action="/console/ownership/${other}/approve"`).and.include('data-confirm=');
      const approved = await c.post(`/console/ownership/${other}/approve`, { back: '/console/portals/so-a' }, page.html);
      expect(approved.location).to.equal('/console/portals/so-a?done=approved');
      expect((await api(`/api/v1/sources/${other}`)).ownership.state).to.equal('approved');
      await api(`/api/v1/sources/${other}`, { method: 'DELETE' });
    });
  });

  describe('the sources list', () => {
    it('lists every source in scope with its portal, filtered by state', async () => {
      const c = await admin();
      const all = await c.get('/console/sources');
      expect(all.status).to.equal(200);
      expect(all.html)
        .to.include(`/console/sources/${okSource}"`)
        .and.include(`/console/sources/${failingSource}"`)
        .and.include('href="/console/portals/tinh-b"');
      const failingOnly = await c.get('/console/sources?state=failing');
      expect(failingOnly.html).to.include(`/console/sources/${failingSource}"`);
      expect(failingOnly.html).not.to.include(`/console/sources/${okSource}"`);
      expect(failingOnly.html).to.include('<option value="failing" selected>');
    });
  });

  describe('an operator of province A', () => {
    it('sees A’s subtree only: the tree, the sources list', async () => {
      const c = await operator();
      const tree = await c.get('/console/portals');
      expect(tree.html).to.include('href="/console/portals/tinh-a"').and.include('href="/console/portals/so-a"');
      expect(tree.html).not.to.include('tinh-b').and.not.to.include('xa-b').and.not.to.include('Bình Minh');
      expect(tree.html, 'no import link').not.to.include('/console/portals/import');
      const list = await c.get('/console/sources');
      expect(list.html).to.include(`/console/sources/${okSource}"`);
      expect(list.html).not.to.include('tinh-b').and.not.to.include('/b.rss"');
      const search = await c.get('/console/portals?q=binh');
      expect(search.html).not.to.include('tinh-b').and.not.to.include('xa-b');
    });

    it('gets an error page for another province’s portal typed by hand: 403 page, 404 for an unknown one', async () => {
      const c = await operator();
      for (const path of ['/console/portals/tinh-b', '/console/portals/xa-b', '/console/portals/tinh-b/edit']) {
        const page = await c.get(path);
        expect(page.status, path).to.equal(403);
        expect(page.html, path).to.include('Không có quyền').and.not.to.include('Bình Minh');
      }
      const unknown = await c.get('/console/portals/khong-co');
      expect(unknown.status).to.equal(404);
      expect(unknown.html).to.include('Không tìm thấy');
      expect((await c.get('/console/portals/import')).status).to.equal(403);
    });

    it('cannot change or delete another province’s portal by posting the form: refused, unchanged', async () => {
      const c = await operator();
      const page = await c.get('/console/portals/so-a/edit');
      const edit = await c.post('/console/portals/tinh-b/edit', { name: 'Đổi tên', url: 'https://tinhb.gov.vn', level: 'province' }, page.html);
      expect(edit.status).to.equal(403);
      const del = await c.post('/console/portals/xa-b/delete', {}, page.html);
      expect(del.status).to.equal(403);
      expect((await portal('tinh-b')).name).to.equal('Tỉnh Bình Minh');
      expect((await hub.api('/api/v1/portals/xa-b')).status).to.equal(200);
    });

    it('is refused a new portal under another province, next to the parent field, with what was typed kept', async () => {
      const c = await operator();
      const form = await c.get('/console/portals/new?parent=tinh-a');
      expect(form.html).to.include('value="tinh-a"').and.include('Quy tắc xếp cổng').and.include('Tỉnh Ánh Dương');
      const refused = await c.post(
        '/console/portals/new',
        { id: 'xa-moi', name: 'Xã Mới', url: 'https://xamoi.gov.vn', level: 'commune', parentId: 'tinh-b' },
        form.html,
      );
      expect(refused.status).to.equal(403);
      expect(refused.html).to.include('id="f-parentId-error"').and.include('nằm ngoài phạm vi khóa của bạn');
      expect(refused.html)
        .to.include('value="xa-moi"')
        .and.include('value="Xã Mới"')
        .and.include('value="tinh-b"')
        .and.include('<option value="commune" selected>');
      expect((await hub.api('/api/v1/portals/xa-moi')).status).to.equal(404);
    });
  });

  describe('add, edit and delete a portal', () => {
    it('refuses an invalid form with the reason next to each field and what was typed kept', async () => {
      const c = await admin();
      const form = await c.get('/console/portals/new');
      const refused = await c.post(
        '/console/portals/new',
        { id: 'Sai Mã', name: 'Cổng thử', url: 'ftp://thu.gov.vn', level: 'province', parentId: '' },
        form.html,
      );
      expect(refused.status).to.equal(400);
      expect(refused.html).to.include('id="problem"');
      expect(refused.html).to.match(/id="f-id-error"[^>]*>Lỗi: phải là/);
      expect(refused.html).to.include('id="f-url-error"').and.include('aria-invalid="true"');
      expect(refused.html).to.include('value="Sai Mã"').and.include('value="Cổng thử"').and.include('value="ftp://thu.gov.vn"');
      // a placement the rules refuse: said in words next to the parent
      const misplaced = await c.post(
        '/console/portals/new',
        { id: 'xa-thu', name: 'Xã Thử', url: 'https://xathu.gov.vn', level: 'commune', parentId: 'so-a' },
        form.html,
      );
      expect(misplaced.status).to.equal(422);
      expect(misplaced.html).to.include('id="f-parentId-error"').and.include('cổng cấp xã, phường, đặc khu phải trực thuộc cổng cấp tỉnh, thành phố');
      expect((await hub.api('/api/v1/portals/xa-thu')).status).to.equal(404);
    });

    it('adds a portal, edits it (an emptied optional field is removed), then deletes it', async () => {
      const c = await admin();
      const form = await c.get('/console/portals/new?parent=tinh-a');
      const made = await c.post(
        '/console/portals/new',
        {
          id: 'xa-anh',
          name: 'Xã Ánh',
          nameEn: 'Anh Commune',
          url: 'https://xaanh.tinha.gov.vn',
          level: 'commune',
          parentId: 'tinh-a',
          adminCode: '00111',
          alertEmails: 'vanthu@xaanh.gov.vn, canhbao@xaanh.gov.vn',
        },
        form.html,
      );
      expect(made.status).to.equal(303);
      expect(made.location).to.equal('/console/portals/xa-anh?done=created');
      expect((await c.get(made.location!)).html).to.include('Đã thêm cổng');
      const edit = await c.get('/console/portals/xa-anh/edit');
      expect(edit.html).to.include('value="Anh Commune"').and.include('<option value="commune" selected>').and.not.to.include('name="id"');
      expect((await portal('xa-anh')).alertEmails).to.deep.equal(['vanthu@xaanh.gov.vn', 'canhbao@xaanh.gov.vn']);
      expect(edit.html).to.include('value="vanthu@xaanh.gov.vn, canhbao@xaanh.gov.vn"');
      const saved = await c.post(
        '/console/portals/xa-anh/edit',
        {
          name: 'Xã Ánh Sáng',
          nameEn: '',
          url: 'https://xaanh.tinha.gov.vn',
          level: 'commune',
          parentId: 'tinh-a',
          adminCode: '00111',
          logoUrl: '',
          contact: '',
          timeZone: '',
          alertEmails: '',
        },
        edit.html,
      );
      expect(saved.status).to.equal(303);
      expect(saved.location).to.equal('/console/portals/xa-anh?done=updated');
      const after = await portal('xa-anh');
      expect(after.name).to.equal('Xã Ánh Sáng');
      expect(after).not.to.have.property('nameEn');
      expect(after, 'an emptied alert list inherits again').not.to.have.property('alertEmails');
      // a refused edit keeps what was typed
      const bad = await c.post(
        '/console/portals/xa-anh/edit',
        { name: 'Xã Ánh Sáng', url: 'https://xaanh.tinha.gov.vn', level: 'commune', parentId: 'tinh-a', adminCode: '123', alertEmails: 'khong-phai-dia-chi' },
        edit.html,
      );
      expect(bad.status).to.equal(400);
      expect(bad.html).to.include('id="f-adminCode-error"').and.include('value="123"');
      expect(bad.html).to.include('id="f-alertEmails-error"').and.include('value="khong-phai-dia-chi"');
      expect((await portal('xa-anh')).adminCode).to.equal('00111');
      const page = await c.get('/console/portals/xa-anh');
      expect(page.html).to.include('action="/console/portals/xa-anh/delete"').and.include('data-confirm=');
      const gone = await c.post('/console/portals/xa-anh/delete', {}, page.html);
      expect(gone.status).to.equal(303);
      expect(gone.location).to.equal('/console/portals/tinh-a?done=deleted');
      expect((await hub.api('/api/v1/portals/xa-anh')).status).to.equal(404);
      // a portal with sources is not deleted: the page says why
      const kept = await c.post('/console/portals/tinh-a/delete', {}, page.html);
      expect(kept.status).to.equal(409);
      expect((await hub.api('/api/v1/portals/tinh-a')).status).to.equal(200);
    });

    it('refuses every form without the CSRF token (403) and changes nothing', async () => {
      const c = await admin();
      const create = await c.post('/console/portals/new', { id: 'khong-token', name: 'Không token', url: 'https://x.gov.vn', level: 'province' });
      expect(create.status).to.equal(403);
      expect((await hub.api('/api/v1/portals/khong-token')).status).to.equal(404);
      const edit = await c.post('/console/portals/so-a/edit', {
        name: 'Đổi không token',
        url: 'https://so.tinha.gov.vn',
        level: 'department',
        parentId: 'tinh-a',
      });
      expect(edit.status).to.equal(403);
      expect((await portal('so-a')).name).to.equal('Sở Thông tin A');
      const wrong = await c.post('/console/portals/so-a/edit', {
        _csrf: 'x'.repeat(32),
        name: 'Đổi token sai',
        url: 'https://so.tinha.gov.vn',
        level: 'department',
        parentId: 'tinh-a',
      });
      expect(wrong.status).to.equal(403);
      const imported = await c.post('/console/portals/import', {
        action: 'import',
        text: 'id,name,url,level\nkhong-token,Không token,https://x.gov.vn,province',
      });
      expect(imported.status).to.equal(403);
      expect((await portal('so-a')).name).to.equal('Sở Thông tin A');
      expect((await hub.api('/api/v1/portals/khong-token')).status).to.equal(404);
    });
  });

  describe('bulk import', () => {
    const CSV = [
      'id,name,url,level,parentId,adminCode',
      'xa-nhap-1,Xã Nhập Một,https://x1.tinha.gov.vn,commune,tinh-a,00121',
      'xa-nhap-2,Xã Nhập Hai,https://x2.tinha.gov.vn,commune,so-a,',
      'so-nhap,Sở Nhập,https://sn.tinha.gov.vn,department,tinh-a,',
    ].join('\n');

    it('checks a file: each row with its outcome or its error next to it, nothing stored', async () => {
      const c = await admin();
      const form = await c.get('/console/portals/import');
      expect(form.html).to.include('data-into="#f-text"').and.include('name="action" value="check"');
      const checked = await c.post('/console/portals/import', { action: 'check', text: CSV }, form.html);
      expect(checked.status).to.equal(422);
      const row = (n: number) => {
        const at = checked.html.indexOf(`id="row-${n}"`);
        expect(at, `row ${n}`).to.be.above(-1);
        return checked.html.slice(at, checked.html.indexOf('</tr>', at));
      };
      expect(row(3)).to.include('row-invalid').and.include('<code>parentId</code>').and.include('cổng cấp xã, phường, đặc khu phải trực thuộc cổng cấp tỉnh');
      expect(row(2)).not.to.include('row-invalid');
      expect(row(4)).not.to.include('row-invalid');
      expect(checked.html).to.include('không dòng nào được lưu');
      // what was pasted stays in the box
      expect(checked.html).to.include('xa-nhap-2,Xã Nhập Hai');
      for (const id of ['xa-nhap-1', 'xa-nhap-2', 'so-nhap']) expect((await hub.api(`/api/v1/portals/${id}`)).status, id).to.equal(404);
      // a file that is good: the check says what would be created, still nothing stored
      const good = CSV.replace(',so-a,', ',tinh-a,').replace('00121', '00122');
      const dry = await c.post('/console/portals/import', { action: 'check', text: good }, form.html);
      expect(dry.status).to.equal(200);
      expect(dry.html).to.include('chưa có gì được lưu');
      expect(dry.html.match(/thêm mới<\/span>/g)).to.have.length(3);
      expect((await hub.api('/api/v1/portals/so-nhap')).status).to.equal(404);
      const done = await c.post('/console/portals/import', { action: 'import', text: good }, form.html);
      expect(done.status).to.equal(200);
      expect(done.html).to.include('Đã nhập danh bạ').and.include('href="/console/portals/so-nhap"');
      expect((await portal('so-nhap')).parentId).to.equal('tinh-a');
    });

    it('says what is wrong with the whole file when no row can be read', async () => {
      const c = await admin();
      const form = await c.get('/console/portals/import');
      const bad = await c.post('/console/portals/import', { action: 'check', text: 'id,name,url,level,colour\nx,X,https://x.gov.vn,province,red' }, form.html);
      expect(bad.status).to.equal(400);
      expect(bad.html).to.include('Lỗi chung của tệp').and.include('<code>/line/1/colour</code>');
    });

    it('refuses an operator (403 page) and imports nothing', async () => {
      const c = await operator();
      const page = await c.get('/console/portals');
      const refused = await c.post(
        '/console/portals/import',
        { action: 'import', text: 'id,name,url,level\nop-nhap,Op,https://op.gov.vn,province' },
        page.html,
      );
      expect(refused.status).to.equal(403);
      expect((await hub.api('/api/v1/portals/op-nhap')).status).to.equal(404);
    });
  });

  it('serves every page without inline script or style, in English too', async () => {
    const c = await admin();
    for (const path of [
      '/console/portals',
      '/console/portals/tinh-a',
      '/console/portals/new',
      '/console/portals/so-a/edit',
      '/console/portals/import',
      '/console/sources',
    ]) {
      const page = await c.get(`${path}${path.includes('?') ? '&' : '?'}lang=en`);
      expect(page.status, path).to.equal(200);
      expect(page.html, path).to.include('<html lang="en"');
      expect(page.html, path).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page.html, path).not.to.match(/\sstyle="/);
      expect(csrfOf(page.html), path).to.be.a('string');
    }
  });
});
