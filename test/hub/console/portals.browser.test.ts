/**
 * The console's portal pages in Debian's Chromium: an admin adds a portal through the form, edits
 * it, imports a small CSV chosen as a file (read into the box by console.js) with one bad row
 * whose error shows next to that row; axe-core on every page of the group in both languages
 * (no serious or critical violations); no sideways scrolling at 360 px; screenshots of the tree
 * and of the import's result (test-artifacts/).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, ARTIFACTS, type TestBrowser } from '../../support/browser.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss, servePortalFeed } from '../../support/portal-feed.ts';
import { seriousViolations, scrollsSideways } from '../../support/axe.ts';
import { signInPage } from '../../support/console.ts';

const BAD_CSV = [
  'id,name,url,level,parentId,adminCode',
  'xa-dong-tien,Xã Đồng Tiến,https://dongtien.tinha.gov.vn,commune,tinh-a,00131',
  'xa-sai-cho,Xã Sai Chỗ,https://saicho.tinha.gov.vn,commune,so-a,',
  'so-y-te,Sở Y tế,https://soyte.tinha.gov.vn,department,tinh-a,',
].join('\n');

describe('console in Chromium: portals', function () {
  this.timeout(120_000);
  let hub: TestHub;
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let failing = false;

  const api = async (path: string, init: Parameters<TestHub['api']>[1] = {}) => {
    const res = await hub.api(path, init);
    expect(res.status, path).to.be.below(300);
    return res.json();
  };

  before(async () => {
    hub = await startTestHub();
    server = await startTestServer();
    const day = (n: number) => new Date(Date.now() - n * 24 * 3600_000).toUTCString();
    servePortalFeed(server, '/a.rss', 'Tỉnh A', [
      { guid: '1', title: 'Khai mạc hội chợ', link: 'https://tinha.gov.vn/1', date: day(1) },
      { guid: '2', title: 'Họp báo quý IV', link: 'https://tinha.gov.vn/2', date: day(3) },
    ]);
    server.route('/b.rss', (_req, res) => {
      if (failing) res.writeHead(503).end('down');
      else
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss('B', [{ guid: 'b1', title: 'Thông báo lịch tiếp công dân', link: 'https://tinha.gov.vn/b1', date: day(2) }]));
    });
    await api('/api/v1/portals:import', {
      method: 'POST',
      body: {
        portals: [
          { id: 'tinh-a', name: 'Cổng thông tin điện tử tỉnh Ánh Dương', url: 'https://tinha.gov.vn', level: 'province', adminCode: '01' },
          { id: 'tinh-b', name: 'Cổng thông tin điện tử tỉnh Bình Minh', url: 'https://tinhb.gov.vn', level: 'province', adminCode: '02' },
          { id: 'so-a', name: 'Sở Thông tin và Truyền thông tỉnh Ánh Dương', url: 'https://stttt.tinha.gov.vn', level: 'department', parentId: 'tinh-a' },
          { id: 'xa-a1', name: 'Phường Bình Minh', url: 'https://binhminh.tinha.gov.vn', level: 'commune', parentId: 'tinh-a', adminCode: '00101' },
          { id: 'xa-b1', name: 'Xã Yên Bình', url: 'https://yenbinh.tinhb.gov.vn', level: 'commune', parentId: 'tinh-b', adminCode: '00201' },
        ],
      },
    });
    const ok = await api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `${server.url}/a.rss` } });
    const bad = await api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `${server.url}/b.rss` } });
    const operatorKey = (await api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a' } })).secret;
    await api('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `${server.url}/a.rss` }, key: operatorKey });
    await api(`/api/v1/sources/${ok.id}/refresh`, { method: 'POST' });
    failing = true;
    await api(`/api/v1/sources/${bad.id}/refresh`, { method: 'POST' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInPage(page, hub.url, ADMIN_KEY);
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await server?.close();
  });

  it('adds a portal through the form: a refusal next to the field first, then the portal page', async () => {
    await page.goto(`${hub.url}/console/portals`);
    await Promise.all([page.waitForURL(/\/console\/portals\/new$/), page.click('a[href="/console/portals/new"]')]);
    await page.fill('#f-id', 'xa-thu');
    await page.fill('#f-name', 'Xã Thử Nghiệm');
    await page.fill('#f-url', 'https://thunghiem.tinha.gov.vn');
    await page.selectOption('#f-level', 'commune');
    await page.fill('#f-parentId', 'so-a');
    await Promise.all([page.waitForLoadState('load'), page.click('form.portal-form button[type=submit]')]);
    await page.waitForSelector('#f-parentId-error');
    expect(await page.textContent('#f-parentId-error')).to.include('phải trực thuộc cổng cấp tỉnh');
    // the summary takes focus; what was typed is still there
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('problem');
    expect(await page.inputValue('#f-name')).to.equal('Xã Thử Nghiệm');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.fill('#f-parentId', 'tinh-a');
    await Promise.all([page.waitForURL(/\/console\/portals\/xa-thu\?done=created$/), page.click('form.portal-form button[type=submit]')]);
    expect(await page.textContent('h1')).to.equal('Xã Thử Nghiệm');
    expect(await page.textContent('[role=status]')).to.include('Đã thêm cổng');
  });

  it('edits it', async () => {
    await Promise.all([page.waitForURL(/\/console\/portals\/xa-thu\/edit$/), page.click('a[href="/console/portals/xa-thu/edit"]')]);
    expect(await page.inputValue('#f-name')).to.equal('Xã Thử Nghiệm');
    await page.fill('#f-name', 'Xã Thử Nghiệm Mới');
    await page.fill('#f-nameEn', 'New Trial Commune');
    await Promise.all([page.waitForURL(/\/console\/portals\/xa-thu\?done=updated$/), page.click('form.portal-form button[type=submit]')]);
    expect(await page.textContent('h1')).to.equal('Xã Thử Nghiệm Mới');
    expect(await page.textContent('dl.fields')).to.include('New Trial Commune');
    const stored = await api('/api/v1/portals/xa-thu');
    expect(stored).to.include({ name: 'Xã Thử Nghiệm Mới', nameEn: 'New Trial Commune', parentId: 'tinh-a' });
  });

  it('imports a small CSV with one bad row: the error shows next to that row, nothing stored', async () => {
    await page.goto(`${hub.url}/console/portals/import`);
    await page.setInputFiles('#f-file', { name: 'danh-ba.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    await page.waitForFunction(() => (document.querySelector('#f-text') as HTMLTextAreaElement).value.includes('xa-sai-cho'));
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=check]')]);
    await page.waitForSelector('#row-3.row-invalid');
    const bad = page.locator('#row-3');
    expect(await bad.isVisible()).to.equal(true);
    expect(await bad.textContent())
      .to.include('xa-sai-cho')
      .and.include('phải trực thuộc cổng cấp tỉnh');
    expect(await page.locator('#row-2').textContent()).not.to.include('lỗi');
    expect(await page.locator('.row-invalid').count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-portals-import.png'), fullPage: true });
    expect((await hub.api('/api/v1/portals/xa-dong-tien')).status).to.equal(404);
    // fixed, imported
    await page.fill('#f-text', BAD_CSV.replace(',so-a,', ',tinh-a,'));
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=import]')]);
    await page.waitForSelector('.import-result [role=status]');
    expect(await page.textContent('.import-result [role=status]')).to.include('Đã nhập danh bạ');
    expect((await api('/api/v1/portals/xa-sai-cho')).parentId).to.equal('tinh-a');
  });

  const PAGES = [
    '/console/portals',
    '/console/portals?q=binh',
    '/console/portals/tinh-a',
    '/console/portals/so-a',
    '/console/portals/new?parent=tinh-a',
    '/console/portals/so-a/edit',
    '/console/portals/import',
    '/console/sources',
    '/console/sources?state=failing',
  ];

  it('has no serious or critical accessibility violations on any of its pages, in both languages', async () => {
    for (const lang of ['vi', 'en'])
      for (const path of PAGES) {
        await page.goto(`${hub.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await page.getAttribute('html', 'lang'), path).to.equal(lang);
        expect(await seriousViolations(page), `${path} (${lang})`).to.deep.equal([]);
      }
    await page.goto(`${hub.url}/console?lang=vi`);
  });

  it('fits a 360 px screen without sideways scrolling; screenshots of the tree', async () => {
    await page.goto(`${hub.url}/console/portals`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-portals-tree.png'), fullPage: true });
    await page.goto(`${hub.url}/console/portals/so-a`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-portal-page.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of PAGES) {
        await page.goto(`${hub.url}${path}`);
        expect(await scrollsSideways(page), path).to.equal(false);
      }
      await page.goto(`${hub.url}/console/portals`);
      await page.screenshot({ path: join(ARTIFACTS, 'console-portals-tree-360.png'), fullPage: true });
      await page.goto(`${hub.url}/console/portals/tinh-a`);
      await page.screenshot({ path: join(ARTIFACTS, 'console-portal-page-360.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 900, height: 700 });
    }
  });
});
