/**
 * /docs as someone meeting the API for the first time uses it, in real headless Chromium, on a hub
 * that is not on the default port: "Try it out" on GET /api/v1/items starts with empty filters,
 * Execute gets a 200 from this hub, and the models show their properties (not `any`).
 * Screenshots go to test-artifacts/ (gitignored).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../../support/browser.ts';

describe('API docs: Try it out and models in Chromium (browser)', function () {
  this.timeout(90_000);
  let hub: TestHub;
  let browser: TestBrowser;
  let page: Page;
  const blocked: string[] = [];
  before(async () => {
    // port 0: whatever free port, never the 8080 of openapi.yaml's servers
    hub = await startTestHub({ demo: true });
    expect(new URL(hub.url).port).to.not.equal('8080');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('requestfailed', (r) => blocked.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Failed to fetch/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${hub.url}/docs`);
    await page.waitForSelector('#operations-items-listItems', { timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const listItems = '#operations-items-listItems';

  it('Try it out on GET /api/v1/items starts with empty filters', async () => {
    await page.click(`${listItems} .opblock-summary`);
    await page.click(`${listItems} .try-out__btn`);
    await page.waitForSelector(`${listItems} .execute`);
    // nothing is prefilled: an example filter (a date in 2025, several portals) would match nothing
    const filled = await page.$$eval(`${listItems} .parameters input, ${listItems} .parameters select`, (els) =>
      els
        .map((e) => ({
          name: e.closest('tr')?.getAttribute('data-param-name') ?? '',
          value: e instanceof HTMLSelectElement ? [...e.selectedOptions].map((o) => o.value).join(',') : (e as HTMLInputElement).value,
        }))
        .filter((p) => p.value !== '' && p.value !== '--' && !(p.name === 'limit' && p.value === '50')),
    );
    expect(filled).to.deep.equal([]);
  });

  it('Execute calls this hub, on its own port, and shows the 200 with the items', async () => {
    if (!(await page.isVisible(`${listItems} .execute`))) {
      await page.click(`${listItems} .opblock-summary`);
      await page.click(`${listItems} .try-out__btn`);
    }
    // whatever the form holds, the filters are emptied: this case is about where the request goes
    for (const input of await page.$$(`${listItems} .parameters input[type="text"]`))
      if ((await input.getAttribute('placeholder')) !== 'limit') await input.fill('');
    for (const select of await page.$$(`${listItems} .parameters select[multiple]`)) await select.selectOption([]);
    await page.click(`${listItems} .execute`);
    const status = await page.waitForSelector(`${listItems} .live-responses-table tr.response .response-col_status`, { timeout: 30_000 });
    await page.locator(`${listItems} .live-responses-table`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'api-docs-try-it-out.png') });
    expect((await status.textContent())?.trim()).to.equal('200');
    const url = await page.textContent(`${listItems} .request-url pre`);
    // this hub (the page's own origin), no filter but the default limit
    expect(url).to.be.oneOf([`${hub.url}/api/v1/items`, `${hub.url}/api/v1/items?limit=50`]);
    const body = await page.textContent(`${listItems} .live-responses-table tr.response .response-col_description .microlight`);
    expect(JSON.parse(body!).items).to.have.length.greaterThan(0);
    expect(blocked).to.deep.equal([]);
  });

  it('renders the models with their properties, not `any`', async () => {
    // OpenAPI 3.1: Swagger UI renders the schemas as JSON Schema 2020-12, one article per model
    const model = (name: string) =>
      page.locator('.models article[data-json-schema-level="0"]', {
        has: page.locator(':scope > .json-schema-2020-12-head .json-schema-2020-12__title', { hasText: new RegExp(`^${name}$`) }),
      });
    const typeOf = (article: ReturnType<typeof model>) =>
      article.locator(':scope > .json-schema-2020-12-head .json-schema-2020-12__attribute--primary').textContent();
    const item = model('Item');
    await item.scrollIntoViewIfNeeded();
    expect(await typeOf(item)).to.equal('object');
    await item.locator(':scope > .json-schema-2020-12-head .json-schema-2020-12-accordion').click();
    const property = (name: string) =>
      item.locator(':scope > .json-schema-2020-12-body > .json-schema-2020-12-keyword--properties > ul > li > article', {
        has: page.locator(':scope > .json-schema-2020-12-head .json-schema-2020-12__title', { hasText: new RegExp(`^${name}$`) }),
      });
    await property('portalId').waitFor();
    const names = await item
      .locator(
        ':scope > .json-schema-2020-12-body > .json-schema-2020-12-keyword--properties > ul > li > article > .json-schema-2020-12-head .json-schema-2020-12__title',
      )
      .allTextContents();
    expect(names).to.include.members(['id', 'portalId', 'title', 'publishedAt', 'topics']);
    // properties whose schema is a $ref into another schema file (common.schema.json) have their type
    expect(await typeOf(property('portalId'))).to.equal('string');
    expect(await typeOf(property('publishedAt'))).to.equal('string');
    await item.screenshot({ path: join(ARTIFACTS, 'api-docs-model-item.png') });
    const heads = await page.$$eval('.models article[data-json-schema-level="0"] > .json-schema-2020-12-head', (els) =>
      els.map((e) => ({
        name: e.querySelector('.json-schema-2020-12__title')?.textContent,
        type: e.querySelector('.json-schema-2020-12__attribute--primary')?.textContent,
      })),
    );
    expect(heads.length).to.be.greaterThan(20);
    expect(heads.filter((h) => h.type === 'any')).to.deep.equal([]);
  });
});
