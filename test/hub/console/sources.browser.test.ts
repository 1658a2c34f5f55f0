/**
 * Adding a source in Debian's Chromium, as an admin would: paste a portal's home page, choose the
 * feed the hub found, check the preview (titles, dates, the image), save, and see the first
 * refresh on the source's page. Screenshots of each step go to test-artifacts/; axe-core finds no
 * serious violation on any source page in either language; nothing scrolls sideways at 360 px.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, ARTIFACTS, type TestBrowser } from '../../support/browser.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { seriousViolations, scrollsSideways } from '../../support/axe.ts';
import { signInPage } from '../../support/console.ts';
import { startSourcePortal, FEED_TITLE, ITEM_TITLES, type SourcePortal } from './source-portal.ts';

describe('console in Chromium: adding a source and its page', function () {
  this.timeout(90_000);
  let hub: TestHub;
  let portal: SourcePortal;
  let browser: TestBrowser;
  let page: Page;
  let sourcePath: string;

  before(async () => {
    hub = await startTestHub();
    portal = await startSourcePortal();
    expect(
      (await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: portal.server.url, level: 'province' } })).status,
    ).to.equal(201);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await portal?.server.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  const submit = (selector: string) => Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(selector)]);

  it('adds a source by pasting the home page, choosing the discovered feed, previewing and saving; its page shows the first refresh', async () => {
    await signInPage(page, hub.url, ADMIN_KEY);
    await page.goto(`${hub.url}/console/sources/new`);
    await page.selectOption('#f-portal', 'tinh-a');
    await page.fill('#f-url', portal.home);
    await shot('console-add-1-url.png');
    await submit('main button[type=submit]');

    // step 2: the feed the home page names is found and chosen first
    const feedChoice = page.locator(`input[type=radio][value="feed|${portal.feed}"]`);
    expect(await feedChoice.isChecked()).to.equal(true);
    expect(await page.textContent('.choices')).to.include(FEED_TITLE);
    await shot('console-add-2-candidates.png');
    await submit('main form button[type=submit]');

    // step 3: the three items as they will be published, the image loaded
    const titles = await page.locator('.src-preview .item-title').allTextContents();
    expect(titles).to.deep.equal(ITEM_TITLES.slice().reverse());
    const dates = await page.locator('.src-preview .item-meta time').allTextContents();
    expect(dates).to.have.length(3);
    for (const d of dates) expect(d).to.match(/^\d\d:\d\d \d\d\/\d\d\/\d\d$/);
    const image = page.locator('.src-preview img.item-image');
    expect(await image.count()).to.equal(1);
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).to.equal(true);
    await shot('console-add-3-preview.png');
    await submit('button[name=do][value=save]');

    // the source's page: the notice and its first refresh in the history
    sourcePath = new URL(page.url()).pathname;
    expect(sourcePath).to.match(/^\/console\/sources\/tinh-a-[0-9a-f]{8}$/);
    expect(await page.textContent('.notice')).to.include('Mới 3');
    expect(await page.textContent('table.history tbody tr td[data-col=new]')).to.equal('3');
    expect(await page.locator('table.history tbody tr').count()).to.equal(1);
    expect(await page.locator('#items-heading + ul .item-title').allTextContents()).to.have.length(3);
    await shot('console-add-4-source.png');
  });

  it('has no serious accessibility violations on the source pages in both languages, nor sideways scroll at 360 px', async () => {
    const pages = [
      '/console/sources/new',
      `/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}`,
      `/console/sources/new?portal=tinh-a&url=${encodeURIComponent(portal.home)}&source=${encodeURIComponent(`feed|${portal.feed}`)}`,
      sourcePath,
      `${sourcePath}/edit`,
    ];
    for (const lang of ['vi', 'en'])
      for (const path of pages) {
        await page.goto(`${hub.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await seriousViolations(page), `${lang} ${path}`).to.deep.equal([]);
      }
    // a refused form and the delete confirmation (without script's confirm)
    await page.goto(`${hub.url}${sourcePath}/edit?lang=vi`);
    // (the browser itself holds back an interval out of range: the field has min and max)
    await page.fill('#f-intervalSeconds', '1800');
    await page.fill('#f-options', '{"topics": [');
    await submit('button[name=do][value=save]');
    expect(await page.getAttribute('#f-options', 'aria-invalid')).to.equal('true');
    expect(await page.textContent('#f-options-error')).to.include('không phải JSON hợp lệ');
    expect(await page.inputValue('#f-options')).to.equal('{"topics": [');
    expect(await page.inputValue('#f-intervalSeconds')).to.equal('1800');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('problem');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await shot('console-source-edit-refused.png');

    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of [...pages, `${sourcePath}/edit`]) {
        await page.goto(`${hub.url}${path}`);
        expect(await scrollsSideways(page), path).to.equal(false);
      }
      await page.goto(`${hub.url}${sourcePath}`);
      await shot('console-source-360.png');
    } finally {
      await page.setViewportSize({ width: 1000, height: 800 });
    }
  });

  it('previews an edit beside what is published now', async () => {
    await page.goto(`${hub.url}${sourcePath}/edit`);
    await page.fill('#f-options', '{"topics": ["chuyen-doi-so"]}');
    await submit('button[name=do][value=preview]');
    expect(await page.locator('#now-heading + ul .item-title').count()).to.equal(3);
    expect(await page.locator('.src-preview .item-meta').first().textContent()).to.include('chuyen-doi-so');
    // the source itself is not a warning to the one editing it
    expect(await page.locator('.src-preview .warnings').count()).to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await shot('console-source-edit-preview.png');
  });

  it('without script, asks on a page of its own before deleting', async () => {
    const bare = await browser.context.newPage();
    try {
      // console.js not loaded: the form is sent without the browser's confirmation
      await bare.route('**/assets/console.js', (route) => route.abort());
      await bare.goto(`${hub.url}${sourcePath}`);
      await Promise.all([bare.waitForLoadState('load'), bare.waitForNavigation(), bare.click('button.danger')]);
      expect(await bare.textContent('h1')).to.equal('Xóa nguồn tin');
      expect((await hub.api(`/api/v1/sources/${sourcePath.split('/').pop()}`)).status, 'not deleted yet').to.equal(200);
      expect(await seriousViolations(bare)).to.deep.equal([]);
      await bare.screenshot({ path: join(ARTIFACTS, 'console-source-delete-confirm.png'), fullPage: true });
      await Promise.all([bare.waitForLoadState('load'), bare.waitForNavigation(), bare.click('a[href="' + sourcePath + '"]')]);
      expect(new URL(bare.url()).pathname, 'cancel goes back').to.equal(sourcePath);
    } finally {
      await bare.close();
    }
  });

  it('deletes after the browser asks, and goes back to the portal', async () => {
    await page.goto(`${hub.url}${sourcePath}`);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForURL(/\/console\/portals\/tinh-a/), page.click('button.danger')]);
    expect(asked).to.include(portal.feed);
    expect((await hub.api(`/api/v1/sources/${sourcePath.split('/').pop()}`)).status).to.equal(404);
  });
});
