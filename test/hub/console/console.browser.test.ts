/**
 * The console's frame in Debian's Chromium: signing in through the form, the overview, keyboard
 * use, axe-core on the sign-in page and the overview in both languages, a 360 px screen, signing
 * out. (Each page group's own browser test lives beside its HTTP tests.)
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, ARTIFACTS, type TestBrowser } from '../../support/browser.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { seriousViolations, scrollsSideways } from '../../support/axe.ts';
import { signInPage } from '../../support/console.ts';

describe('console in Chromium: sign in, overview, sign out', function () {
  this.timeout(60_000);
  let hub: TestHub;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    hub = await startTestHub();
    expect(
      (await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinha.gov.vn', level: 'province' } })).status,
    ).to.equal(201);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('has no serious or critical accessibility violations on the sign-in page, in both languages', async () => {
    for (const lang of ['vi', 'en']) {
      await page.goto(`${hub.url}/console/sign-in?lang=${lang}`);
      expect(await seriousViolations(page), lang).to.deep.equal([]);
    }
    await page.goto(`${hub.url}/console/sign-in?lang=vi`);
  });

  it('says why a wrong key was refused, next to the field, focused', async () => {
    await page.goto(`${hub.url}/console/sign-in`);
    await page.fill('#f-key', 'phk_000000000000_notakeynotakeynotakeynotakeynota');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('#f-key-error');
    expect(await page.textContent('#f-key-error')).to.include('Khóa không đúng');
    expect(await page.getAttribute('#f-key', 'aria-invalid')).to.equal('true');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('f-key');
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('signs in with the admin key and shows the overview, accessible in both languages and at 360 px', async () => {
    await signInPage(page, hub.url, ADMIN_KEY);
    expect(await page.textContent('h1')).to.equal('Tổng quan');
    // the session cookie is not readable by scripts
    expect(await page.evaluate(() => document.cookie)).to.equal('');
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    for (const lang of ['vi', 'en']) {
      await page.goto(`${hub.url}/console?lang=${lang}`);
      expect(await seriousViolations(page), lang).to.deep.equal([]);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goto(`${hub.url}/console`);
      expect(await scrollsSideways(page)).to.equal(false);
      await page.screenshot({ path: join(ARTIFACTS, 'console-overview-360.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 900, height: 700 });
    }
  });

  it('reaches every menu entry and the sign-out button from the keyboard, focus visible', async () => {
    await page.goto(`${hub.url}/console?lang=en`);
    const reached: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { tag: el.tagName, text: el.textContent?.trim() ?? '', outline: getComputedStyle(el).outlineStyle };
      });
      if (!['A', 'BUTTON', 'INPUT'].includes(f.tag)) continue;
      reached.push(f.text);
      expect(f.outline, `focus visible on ${f.text}`).not.to.equal('none');
    }
    expect(reached).to.include.members(['Overview', 'Portals', 'Sources', 'Scorecards', 'API keys', 'Audit log', 'Sign out']);
  });

  it('signs out: back to the sign-in page, and /console asks to sign in again', async () => {
    await page.goto(`${hub.url}/console?lang=vi`);
    await Promise.all([page.waitForURL(/\/console\/sign-in\?notice=signedOut/), page.click('.who button')]);
    expect(await page.textContent('[role=status]')).to.include('Bạn đã đăng xuất');
    await page.goto(`${hub.url}/console`);
    expect(page.url()).to.match(/\/console\/sign-in\?next=%2Fconsole$/);
  });
});
