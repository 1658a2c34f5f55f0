/**
 * The keys, audit log and scorecard pages in Debian's Chromium: axe-core finds no serious or
 * critical violation on any of them, in Vietnamese and English; the scorecards fit a 360 px
 * screen; creating a key shows its secret with a working copy button; screenshots of the national
 * table and a portal's card (test-artifacts/console-scorecards.png, console-portal-scorecard.png).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, ARTIFACTS, type TestBrowser } from '../../support/browser.ts';
import { ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { seriousViolations, scrollsSideways } from '../../support/axe.ts';
import { signInPage } from '../../support/console.ts';
import { startScorecardHub } from './scorecard-hub.ts';

describe('console in Chromium: keys, audit log, scorecards', function () {
  this.timeout(90_000);
  let hub: TestHub;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    hub = await startScorecardHub();
    await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'hue', label: 'Sở TT&TT Huế' } });
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = await browser.context.newPage();
    await signInPage(page, hub.url, ADMIN_KEY);
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const axeBoth = async (path: string) => {
    for (const lang of ['vi', 'en']) {
      const res = await page.goto(`${hub.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(res?.status(), `${path} ${lang}`).to.equal(200);
      expect(await seriousViolations(page), `${path} ${lang}`).to.deep.equal([]);
    }
  };

  const at360 = async (path: string, shot?: string) => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goto(`${hub.url}${path}`);
      expect(await scrollsSideways(page), path).to.equal(false);
      if (shot) await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  };

  it('shows the national scorecard accessibly, sortable from the keyboard, in both languages and at 360 px', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await axeBoth('/console/scorecards');
    await axeBoth('/console/scorecards?level=commune&sort=grade&order=desc');
    await page.goto(`${hub.url}/console/scorecards?lang=vi`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-scorecards.png'), fullPage: true });
    // the charts are images with a name
    expect(await page.locator('svg.spark[role=img]').count()).to.equal(3);
    // sorting by a column is a link: Enter on it sorts
    await page.focus('th a[href*="sort=itemsInWindow"]');
    await Promise.all([page.waitForURL(/sort=itemsInWindow&order=asc/), page.keyboard.press('Enter')]);
    await Promise.all([page.waitForURL(/sort=itemsInWindow&order=desc/), page.click('th a[href*="sort=itemsInWindow"]')]);
    expect(await page.getAttribute('th[aria-sort]', 'aria-sort')).to.equal('descending');
    expect(await page.locator('tbody th[scope=row]').allTextContents()).to.deep.equal(['Thành phố Đà Nẵng', 'Thành phố Huế', 'Tỉnh Quảng Trị']);
    await at360('/console/scorecards?lang=vi', 'console-scorecards-360.png');
  });

  it("shows a portal's scorecard accessibly, in both languages and at 360 px", async () => {
    await axeBoth('/console/portals/hue/scorecard');
    await axeBoth('/console/portals/hue/scorecard?subtree=1');
    await page.goto(`${hub.url}/console/portals/danang/scorecard?lang=vi`);
    // the chart scales to the page and keeps its figures in its name
    expect(await page.getAttribute('svg.chart-big', 'aria-label')).to.include('W49 6');
    await page.screenshot({ path: join(ARTIFACTS, 'console-portal-scorecard.png'), fullPage: true });
    await at360('/console/portals/hue/scorecard?lang=vi', 'console-portal-scorecard-360.png');
  });

  it('creates a key: the secret once, a copy button that copies it, accessible', async () => {
    await axeBoth('/console/keys');
    await page.goto(`${hub.url}/console/keys?lang=vi`);
    await page.selectOption('#f-role', 'operator');
    await page.selectOption('#f-portalId', 'danang');
    await page.fill('#f-label', 'Phòng Thông tin Đà Nẵng');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/console/keys"] button[type=submit]')]);
    const secret = (await page.textContent('#new-secret'))!;
    expect(secret).to.match(/^phk_/);
    expect(page.url(), 'the secret is in no URL').not.to.include(secret);
    expect(await page.locator('button[data-copy="#new-secret"]').count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.click('button[data-copy="#new-secret"]');
    await page.waitForSelector('button[data-copy][data-copied="true"]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(secret);
    expect(await page.textContent('button[data-copy]')).to.equal('Đã sao chép');
    await page.screenshot({ path: join(ARTIFACTS, 'console-key-created.png'), fullPage: true });
    await page.goto(`${hub.url}/console/keys?lang=vi`);
    expect(await page.content()).not.to.include(secret);
    await at360('/console/keys?lang=vi');
  });

  it('shows the audit log accessibly, with its changes behind a disclosure', async () => {
    await axeBoth('/console/audit');
    await page.goto(`${hub.url}/console/audit?lang=en`);
    const first = page.locator('details').first();
    await first.locator('summary').click();
    expect(await first.locator('ul.changes li').count()).to.be.greaterThan(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await at360('/console/audit?lang=vi');
  });
});
