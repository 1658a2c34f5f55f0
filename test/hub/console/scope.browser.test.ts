/**
 * An operator of one province in Debian's Chromium: every console page they can reach by links
 * shows only their own subtree, never the other province; the other province's pages typed by hand
 * answer 403 (or 404 for what does not exist) with a page in their language; the admin-only pages
 * are refused too. axe-core on the refusal page.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../../support/browser.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { seriousViolations } from '../../support/axe.ts';
import { signInPage } from '../../support/console.ts';

describe('console in Chromium: an operator stays inside their province', function () {
  this.timeout(120_000);
  let hub: TestHub;
  let browser: TestBrowser;
  let page: Page;
  const sources: Record<string, string> = {};

  const api = async (path: string, body: unknown) => {
    const res = await hub.api(path, { method: 'POST', body });
    expect(res.status, `${path}: ${await res.clone().text()}`).to.be.below(300);
    return res.json();
  };

  before(async () => {
    hub = await startTestHub();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh Ánh Dương', url: 'https://tinha.gov.vn', level: 'province' },
      { id: 'xa-a', name: 'Xã Đồng Tiến', url: 'https://dongtien.tinha.gov.vn', level: 'commune', parentId: 'tinh-a' },
      { id: 'tinh-b', name: 'Tỉnh Bình Minh', url: 'https://tinhb.gov.vn', level: 'province' },
      { id: 'xa-b', name: 'Xã Bình Yên', url: 'https://binhyen.tinhb.gov.vn', level: 'commune', parentId: 'tinh-b' },
    ])
      await api('/api/v1/portals', p);
    // not fetched here: the pages are the case, not the feeds
    for (const [portalId, url] of [
      ['xa-a', 'https://dongtien.tinha.gov.vn/rss'],
      ['xa-b', 'https://binhyen.tinhb.gov.vn/rss'],
    ])
      sources[portalId] = (await api('/api/v1/sources', { portalId, url, check: false, paused: true })).id;
    const key = await api('/api/v1/keys', { role: 'operator', portalId: 'tinh-a', label: 'Cán bộ tỉnh Ánh Dương' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInPage(page, hub.url, key.secret);
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('sees and links only its own subtree on every page reached from the menu', async () => {
    const seen = new Set<string>();
    for (const path of ['/console', '/console/portals', '/console/portals/tinh-a', '/console/sources', `/console/sources/${sources['xa-a']}`]) {
      const res = await page.goto(`${hub.url}${path}`);
      expect(res?.status(), path).to.equal(200);
      const text = await page.textContent('main');
      expect(text, path).not.to.include('Bình Minh').and.not.to.include('Bình Yên');
      for (const href of await page.$$eval('a[href^="/console/"]', (as) => as.map((a) => a.getAttribute('href')!))) seen.add(href);
    }
    expect(
      [...seen].filter((h) => /tinh-b|xa-b|binhyen/.test(h) || h.includes(sources['xa-b'])),
      'links into the other province',
    ).to.deep.equal([]);
    expect(seen.has('/console/portals/xa-a'), 'its own commune is linked').to.equal(true);
    // the admin-only entries are not in its menu
    expect(await page.$$('nav a[href="/console/keys"], nav a[href="/console/audit"]')).to.have.length(0);
  });

  it("answers the other province's pages typed by hand with a refusal page, in Vietnamese, accessible", async () => {
    for (const path of [
      '/console/portals/tinh-b',
      '/console/portals/xa-b',
      '/console/portals/xa-b/edit',
      `/console/sources/${sources['xa-b']}`,
      `/console/sources/${sources['xa-b']}/edit`,
    ]) {
      const res = await page.goto(`${hub.url}${path}`);
      expect(res?.status(), path).to.equal(403);
      expect(await page.textContent('h1'), path).to.equal('Không có quyền');
      expect(await page.textContent('main'), path).not.to.include('Bình Yên');
    }
    expect(await seriousViolations(page)).to.deep.equal([]);
    for (const path of ['/console/portals/khong-co', '/console/sources/khong-co-nguon']) {
      const res = await page.goto(`${hub.url}${path}`);
      expect(res?.status(), path).to.equal(404);
      expect(await page.textContent('h1'), path).to.equal('Không tìm thấy');
    }
    for (const path of ['/console/keys', '/console/audit']) {
      const res = await page.goto(`${hub.url}${path}`);
      expect(res?.status(), path).to.equal(403);
    }
  });
});
