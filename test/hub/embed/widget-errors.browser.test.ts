/**
 * A page author's mistakes, as they see them in real headless Chromium: a widget whose data-portal
 * names an unknown portal says so in its box (and the hub's detail in the console) instead of
 * silently falling back, and the iframe page takes comma lists and says what is wrong in words.
 * Screenshots go to test-artifacts/ (gitignored).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../../support/browser.ts';
import { startEmbedFixture, type EmbedFixture } from './fixture.ts';

describe('embed errors in Chromium (browser)', function () {
  this.timeout(60_000);
  let f: EmbedFixture;
  let host: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    f = await startEmbedFixture();
    host = await startTestServer();
    const html = (body: string) =>
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng TTĐT tỉnh</title></head><body><h1>Trang chủ</h1>${body}</body></html>`;
    const serve = (path: string, body: string) =>
      host.route(path, (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(body)));
    serve('/typo.html', `<script src="${f.hub.url}/embed/v1.js" data-portal="tinh-hue,khong-co" async></script>`);
    serve(
      '/frames.html',
      `<iframe id="list" title="Tin" src="${f.hub.url}/embed/list?level=ministry,province" width="600" height="300"></iframe>` +
        `<iframe id="typo" title="Tin" src="${f.hub.url}/embed/list?portal=khong-co" width="600" height="160"></iframe>`,
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await f?.stop();
  });

  it('a widget with an unknown portal shows "Không tìm thấy cổng …" and logs the hub\'s detail', async () => {
    await page.goto(`${host.url}/typo.html`);
    await page.waitForSelector('.portal-hub-embed[data-state]:not([data-state=""])');
    const state = await page.getAttribute('.portal-hub-embed', 'data-state');
    const text = await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.textContent);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-error-widget.png') });
    expect(state).to.equal('error');
    expect(text).to.contain('Không tìm thấy cổng “khong-co”');
    expect(
      consoleErrors.some((e) => e.includes('"khong-co" is not a registered portal')),
      consoleErrors.join('\n'),
    ).to.equal(true);
    // the browser did not report a CORS failure (the error answer carries Access-Control-Allow-Origin)
    expect(consoleErrors.filter((e) => /CORS|Access-Control/i.test(e))).to.deep.equal([]);
  });

  it('the iframe page takes a comma list, and says in words what is wrong', async () => {
    await page.goto(`${host.url}/frames.html`);
    const list = page.frameLocator('#list');
    const typo = page.frameLocator('#typo');
    await list.locator('.items').waitFor();
    expect(await list.locator('.portal').allTextContents()).to.include.members(['Bộ Nội vụ', 'Tỉnh Thừa Thiên Huế']);
    const message = await typo.locator('.error-text').textContent();
    expect(message).to.contain('Không tìm thấy cổng “khong-co”');
    expect(await typo.locator('body').textContent()).to.not.contain('{');
    await page.screenshot({ path: join(ARTIFACTS, 'embed-error-iframe.png'), fullPage: true });
  });
});
