/**
 * The home page in real headless Chromium (Debian's, through playwright-core): the directory tree
 * opened from the keyboard, the embed builder driving the real widget in its preview, axe-core's
 * accessibility rules, and a 360 px wide screen. Screenshots go to test-artifacts/ (gitignored).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as cheerio from 'cheerio';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../../support/browser.ts';
import { seriousViolations } from '../../support/axe.ts';
import { startEmbedFixture, type EmbedFixture } from '../embed/fixture.ts';

describe('home page in Chromium (browser)', function () {
  this.timeout(60_000);
  let f: EmbedFixture;
  let browser: TestBrowser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    f = await startEmbedFixture();
    const res = await f.hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'hue-phu-vang', name: 'Xã Phú Vang', url: 'https://phuvang.hue.gov.vn', level: 'commune', parentId: 'tinh-hue' },
    });
    expect(res.status).to.equal(201);
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: f.hub.url });
    page = await browser.context.newPage();
    // a CSP refusal or a script error shows up here
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`)));
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `home-${name}.png`), fullPage: true });
  const open = async (path = '/?lang=vi') => {
    await page.goto(`${f.hub.url}${path}`);
    await page.waitForSelector('#b-copy:not([hidden])');
  };

  it('opens a province from the keyboard and shows its communes, with a visible focus', async () => {
    await open();
    const commune = page.locator('li[data-portal="hue-phu-vang"]');
    expect(await commune.isVisible()).to.equal(false);
    // the skip link comes first and is visible once focused
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const style = getComputedStyle(a);
      const box = a.getBoundingClientRect();
      return { cls: a.className, outline: style.outlineStyle, width: style.outlineWidth, left: box.left };
    });
    expect(skip.cls).to.equal('skip');
    expect(skip.outline).to.equal('solid');
    expect(skip.left).to.be.at.least(0);
    await page.focus('li[data-portal="tinh-hue"] > details > summary');
    await page.keyboard.press('Enter');
    await page.focus('li[data-portal="tinh-hue"] details.group > summary');
    await page.keyboard.press('Enter');
    await commune.waitFor({ state: 'visible' });
    expect(await commune.locator('.pname').textContent()).to.equal('Xã Phú Vang');
    expect(await commune.locator('.feeds a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).to.deep.equal([
      '/feeds/portals/hue-phu-vang.rss',
      '/feeds/portals/hue-phu-vang.atom',
      '/feeds/portals/hue-phu-vang.json',
    ]);
    await shot('desktop');
  });

  it('builds an embed: pick a portal and a limit, the live preview shows that many items, the snippet says so', async () => {
    await open();
    await page.selectOption('#b-portal', 'bo-noi-vu');
    await page.fill('#b-limit', '1');
    const countIn = (n: number) =>
      page.waitForFunction(
        (want) => {
          const host = document.querySelector('#b-preview .portal-hub-embed[data-state="ready"]');
          return host?.shadowRoot?.querySelectorAll('li.item').length === want;
        },
        n,
        { timeout: 10_000 },
      );
    await countIn(1);
    const snippet = await page.inputValue('#b-snippet');
    expect(snippet).to.include('data-portal="bo-noi-vu"').and.include('data-limit="1"');
    // the preview is the real widget, filtered as the snippet says
    const portals = await page.$$eval('#b-preview .portal-hub-embed', (hosts) =>
      [...hosts[0].shadowRoot!.querySelectorAll('.portal')].map((p) => p.textContent),
    );
    expect(portals).to.deep.equal(['Bộ Nội vụ']);
    expect(await page.locator('#b-preview .portal-hub-embed').count(), 'one box: the old preview is gone').to.equal(1);
    await page.fill('#b-limit', '2');
    await countIn(2);
    const two = await page.inputValue('#b-snippet');
    // the browser builds the same line as the page without JavaScript
    const server = cheerio.load(await (await fetch(`${f.hub.url}/?portal=bo-noi-vu&limit=2`)).text());
    expect(two).to.equal(server('#b-snippet').text());
    await page.click('#b-copy');
    await page.waitForFunction(() => document.getElementById('b-status')!.textContent !== '');
    expect(await page.textContent('#b-status')).to.equal('Đã sao chép đoạn mã.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(two);
    await shot('builder');
    // the same choice as an <iframe>
    await page.check('#b-kind-iframe');
    const frameEl = await page.waitForSelector('#b-preview iframe[src*="limit=2"]');
    const frame = (await frameEl.contentFrame())!;
    await frame.waitForSelector('li.item');
    expect(await frame.locator('li.item').count()).to.equal(2);
    expect(await page.inputValue('#b-snippet')).to.match(/^<iframe src="[^"]+\/embed\/list\?portal=bo-noi-vu&amp;limit=2"/);
  });

  it('has no serious or critical accessibility violations (axe-core), in Vietnamese and in English', async () => {
    for (const path of ['/?lang=vi', '/?lang=en']) {
      await page.goto(`${f.hub.url}${path}`);
      await page.waitForSelector('#b-preview .portal-hub-embed[data-state="ready"]');
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      expect(await seriousViolations(page), path).to.deep.equal([]);
    }
  });

  it('fits a 360 px wide screen without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await open();
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await page.waitForSelector('#b-preview .portal-hub-embed[data-state="ready"]');
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.client).to.equal(360);
      expect(widths.scroll, 'no horizontal scroll').to.be.at.most(widths.client);
      await shot('360');
      await page.screenshot({ path: join(ARTIFACTS, 'home-360-screen.png') });
      await page.locator('#embed').screenshot({ path: join(ARTIFACTS, 'home-360-builder.png') });
    } finally {
      await page.setViewportSize({ width: 900, height: 700 });
    }
  });

  it('ran without a script error or a CSP refusal', () => {
    expect(errors).to.deep.equal([]);
  });
});
