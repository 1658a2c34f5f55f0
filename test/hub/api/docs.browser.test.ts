/**
 * The API documentation as a developer sees it: /docs in real headless Chromium renders every
 * operation of openapi.yaml from files the hub serves itself (no request leaves the hub), and a
 * page on another origin reads the API and a feed through CORS.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../../support/browser.ts';

const spec = parseYaml(readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8'));
const operationIds: string[] = Object.values<Record<string, { operationId?: string }>>(spec.paths).flatMap((item) =>
  Object.values(item)
    .map((op) => op?.operationId)
    .filter((id): id is string => !!id),
);

describe('API docs and CORS in Chromium (browser)', function () {
  this.timeout(60_000);
  let hub: TestHub;
  let browser: TestBrowser;
  let other: TestServer;
  before(async () => {
    hub = await startTestHub({ demo: true });
    browser = await launchBrowser();
    other = await startTestServer();
    other.route(
      '/page.html',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Cổng tỉnh</title><p>trang</p>'),
    );
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await other?.close();
  });

  it('renders every operation from the hub alone', async () => {
    const page = await browser.context.newPage();
    const foreign: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(hub.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${hub.url}/docs`);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const title = await page.textContent('.info .title');
    expect(title).to.contain('Portal hub API');
    const shown = await page.$$eval('.opblock', (els) => els.length);
    expect(shown).to.equal(operationIds.length);
    // open the items operation: its filter parameters are listed with their descriptions
    await page.click('#operations-items-listItems .opblock-summary');
    await page.waitForSelector('#operations-items-listItems .parameters');
    const params = await page.$$eval('#operations-items-listItems .parameter__name', (els) => els.map((e) => e.textContent!.replace(/\W+$/, '').trim()));
    expect(params).to.include.members(['portal', 'within', 'level', 'topic', 'category', 'q', 'since', 'until', 'lang', 'limit', 'cursor']);
    await page.screenshot({ path: join(ARTIFACTS, 'api-docs.png') });
    expect(foreign).to.deep.equal([]);
    expect(failed).to.deep.equal([]);
    await page.close();
  });

  it('lets a page on another origin read items and a feed, but not write', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${other.url}/page.html`);
    const result = await page.evaluate(async (hubUrl) => {
      const items = await fetch(`${hubUrl}/api/v1/items?within=quangninh&limit=2`, { headers: { 'If-None-Match': '"x"' } });
      const body = await items.json();
      const feed = await fetch(`${hubUrl}/feeds/provinces.json?limit=1`);
      let write = 'allowed';
      try {
        await fetch(`${hubUrl}/api/v1/portals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      } catch {
        write = 'blocked';
      }
      return { status: items.status, count: body.items.length, link: items.headers.get('link'), feedVersion: (await feed.json()).version, write };
    }, hub.url);
    expect(result).to.deep.include({ status: 200, count: 2, feedVersion: 'https://jsonfeed.org/version/1.1', write: 'blocked' });
    expect(result.link).to.match(/rel="next"$/);
    await page.close();
  });
});
