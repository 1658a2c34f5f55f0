/**
 * The widget in real headless Chromium: a host page on its own localhost origin embeds
 * /embed/v1.js from a running hub. Screenshots go to test-artifacts/ (gitignored).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../../support/browser.ts';
import { startEmbedFixture, type EmbedFixture } from './fixture.ts';

/** A host portal page whose CSS tries hard to restyle everything it can reach. */
const hostPage = (body: string) => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng TTĐT tỉnh</title>
<style>
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; }
  a { text-decoration: line-through; }
  ul, li { list-style: square; margin: 40px; }
  .item, .link, .hub { border: 5px dotted rgb(0, 0, 255); }
  .themed { --hub-link: rgb(0, 100, 0); --hub-bg: rgb(255, 248, 225); }
</style></head><body><h1>Trang chủ</h1><p class="item" id="host-item">Nội dung của trang</p>${body}</body></html>`;

/** WCAG 2.x contrast ratio of two computed rgb() colours. */
function contrast(fg: string, bg: string): number {
  const lum = (rgb: string) => {
    const [r, g, b] = rgb
      .match(/\d+/g)!
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

describe('embed widget in Chromium (browser)', function () {
  this.timeout(60_000);
  let f: EmbedFixture;
  let host: TestServer;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    f = await startEmbedFixture();
    host = await startTestServer();
    const script = (attrs: string) => `<script src="${f.hub.url}/embed/v1.js" ${attrs} async></script>`;
    const serve = (path: string, html: string) =>
      host.route(path, (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    serve('/light.html', hostPage(`<div class="sidebar">${script('data-limit="5" data-title="Tin từ các cổng" data-refresh="5"')}</div>`));
    serve('/compact.html', hostPage(`<div class="themed">${script('data-layout="compact" data-portal="tinh-hue"')}</div>`));
    serve('/two.html', hostPage(script('data-portal="tinh-hue, bo-noi-vu" data-level="province" data-images="0"')));
    serve('/iframe.html', hostPage(`<iframe title="Tin mới" src="${f.hub.url}/embed/list?limit=3" width="600" height="420"></iframe>`));
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await f?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `embed-${name}.png`), fullPage: true });
  const ready = (p: Page = page) => p.waitForSelector('.portal-hub-embed[data-state="ready"]');
  /** The light host page, loaded unless an earlier case left it open: each case also runs alone (-g). */
  const onLightPage = async () => {
    if (!page.url().endsWith('/light.html')) await page.goto(`${host.url}/light.html`);
    await ready();
  };

  it('renders the latest items with portal, Vietnamese date and links to the original articles', async () => {
    await page.goto(`${host.url}/light.html`);
    await ready();
    const rendered = await page.$$eval('.portal-hub-embed', (hosts) =>
      [...hosts[0].shadowRoot!.querySelectorAll('li')].map((li) => ({
        title: li.querySelector('a.link')!.textContent,
        href: li.querySelector('a.link')!.getAttribute('href'),
        portal: li.querySelector('.portal')!.textContent,
        date: li.querySelector('time')!.textContent,
        also: [...li.querySelectorAll('.also a')].map((a) => [a.textContent, a.getAttribute('href')]),
        image: !!li.querySelector('img'),
      })),
    );
    expect(rendered.map((r) => r.title)).to.deep.equal([
      'Bộ Nội vụ hướng dẫn cải cách hành chính năm 2023',
      'Thừa Thiên Huế khai trương Trung tâm giám sát điều hành đô thị thông minh',
      'Hội nghị tổng kết công tác thi đua khen thưởng',
    ]);
    expect(rendered[0]).to.deep.include({ href: f.sharedUrl, portal: 'Bộ Nội vụ', date: '25/11/2022', image: true });
    expect(rendered[0].also).to.deep.equal([['Tỉnh Thừa Thiên Huế', f.sharedUrl]]);
    expect(rendered[1]).to.deep.include({ href: `${f.provinceUrl}tin/iocc.html`, portal: 'Tỉnh Thừa Thiên Huế', date: '24/11/2022' });
    expect(rendered[2]).to.deep.include({ date: '23/11/2022', image: false });
    const heading = await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.querySelector('h2')!.textContent);
    expect(heading).to.equal('Tin từ các cổng');
    await shot('light');
  });

  it('keeps the host CSS out and its own CSS in', async () => {
    await onLightPage();
    const style = await page.$eval('.portal-hub-embed', (h) => {
      const link = h.shadowRoot!.querySelector('a.link')!;
      const li = h.shadowRoot!.querySelector('li')!;
      const cs = getComputedStyle(link);
      return {
        color: cs.color,
        font: cs.fontFamily,
        deco: cs.textDecorationLine,
        listStyle: getComputedStyle(li).listStyleType,
        margin: getComputedStyle(li).marginLeft,
        border: getComputedStyle(li).borderTopStyle,
      };
    });
    expect(style.color).to.equal('rgb(11, 87, 208)');
    expect(style.font).to.not.match(/^serif/);
    expect(style.deco).to.equal('none');
    expect(style.listStyle).to.equal('none');
    expect(style.margin).to.equal('0px');
    expect(style.border).to.not.equal('dotted');
    // and the widget's `.item` rule does not reach the host's own `.item`
    const hostItem = await page.$eval('#host-item', (p) => getComputedStyle(p).borderTopStyle);
    expect(hostItem).to.equal('dotted');
  });

  it('is accessible: a labelled list, titles as link text, keyboard focus, enough contrast', async () => {
    await onLightPage();
    const a11y = await page.$eval('.portal-hub-embed', (h) => {
      const root = h.shadowRoot!;
      const section = root.querySelector('section')!;
      const heading = root.getElementById(section.getAttribute('aria-labelledby')!);
      const bg = getComputedStyle(section).backgroundColor;
      return {
        list: root.querySelector('ul')!.getAttribute('role'),
        items: root.querySelectorAll('ul > li').length,
        heading: heading?.textContent,
        linkTexts: [...root.querySelectorAll('li a.link')].map((a) => a.textContent!.trim().length),
        colours: [...root.querySelectorAll('a.link, .meta')].map((el) => [getComputedStyle(el).color, bg]),
      };
    });
    expect(a11y.list).to.equal('list');
    expect(a11y.items).to.equal(3);
    expect(a11y.heading).to.equal('Tin từ các cổng');
    for (const n of a11y.linkTexts) expect(n).to.be.greaterThan(10);
    for (const [fg, bg] of a11y.colours) expect(contrast(fg, bg), `${fg} on ${bg}`).to.be.at.least(4.5);
    // keyboard: the first Tab from the top of the page lands on the first article link
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const active = document.activeElement?.shadowRoot?.activeElement;
      return active ? { text: active.textContent, outline: getComputedStyle(active).outlineStyle } : null;
    });
    expect(focused?.text).to.equal('Bộ Nội vụ hướng dẫn cải cách hành chính năm 2023');
    expect(focused?.outline).to.equal('solid');
  });

  it('refreshes itself and shows an item published after it loaded', async () => {
    await onLightPage();
    f.ministry.unshift({
      guid: 'bnv-3',
      title: 'Thông báo tuyển dụng công chức năm 2022',
      link: `${f.ministryUrl}tin/tuyen-dung.html`,
      date: 'Fri, 25 Nov 2022 03:00:00 GMT',
    });
    await f.hub.api(`/api/v1/sources/${f.sources.ministry}/refresh`, { method: 'POST', body: {} });
    await page.waitForFunction(
      () => document.querySelector('.portal-hub-embed')!.shadowRoot!.querySelector('li a.link')?.textContent?.startsWith('Thông báo tuyển dụng'),
      undefined,
      { timeout: 20_000, polling: 250 },
    );
    expect(await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.querySelectorAll('li').length)).to.equal(4);
  });

  it('takes its colours from CSS custom properties and has a compact layout', async () => {
    await page.goto(`${host.url}/compact.html`);
    await ready();
    const look = await page.$eval('.portal-hub-embed', (h) => {
      const root = h.shadowRoot!;
      return {
        layout: root.querySelector('section')!.className,
        link: getComputedStyle(root.querySelector('a.link')!).color,
        bg: getComputedStyle(root.querySelector('section')!).backgroundColor,
        images: root.querySelectorAll('img').length,
        portals: [...root.querySelectorAll('.portal')].map((p) => p.textContent),
      };
    });
    expect(look.layout).to.contain('compact');
    expect(look.link).to.equal('rgb(0, 100, 0)');
    expect(look.bg).to.equal('rgb(255, 248, 225)');
    expect(look.images).to.equal(0);
    // the province's own article, and the ministry article it republished, led by its origin
    expect(look.portals).to.deep.equal(['Tỉnh Thừa Thiên Huế', 'Bộ Nội vụ']);
    await shot('compact');
  });

  it('passes any filter of the items API, several values separated by commas', async () => {
    await page.goto(`${host.url}/two.html`);
    await ready();
    const portals = await page.$eval('.portal-hub-embed', (h) => [...h.shadowRoot!.querySelectorAll('.portal')].map((p) => p.textContent));
    // portal=tinh-hue&portal=bo-noi-vu&level=province: the province's items (the shared one led by its origin)
    expect(portals).to.deep.equal(['Tỉnh Thừa Thiên Huế', 'Bộ Nội vụ']);
    expect(await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.querySelectorAll('img').length)).to.equal(0);
  });

  it('serves the same list as a standalone page for an iframe', async () => {
    await page.goto(`${host.url}/iframe.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('li').first().waitFor();
    const titles = await frame.locator('li a.link').allTextContents();
    expect(titles).to.have.length(3);
    expect(titles[0]).to.equal('Thông báo tuyển dụng công chức năm 2022');
    expect(await frame.locator('time').first().textContent()).to.equal('25/11/2022');
    await shot('iframe');
  });

  it('keeps the items it shows when a later refresh fails', async () => {
    await page.goto(`${host.url}/light.html`);
    await ready();
    const before = await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.querySelectorAll('li').length);
    await f.hub.stop();
    await page.waitForSelector('.portal-hub-embed[data-state="stale"]', { timeout: 20_000 });
    expect(await page.$eval('.portal-hub-embed', (h) => h.shadowRoot!.querySelectorAll('li').length)).to.equal(before);
  });

  it('degrades to a plain link when the hub cannot be reached', async () => {
    // the portal self-hosts the script (data-hub names the hub), and that hub is down
    const { widgetScript } = await import('../../../hub/embed/build.ts');
    const js = (await widgetScript()).js;
    const dead = await startTestServer();
    const deadUrl = dead.url;
    await dead.close();
    host.route('/v1.js', (_q, res) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js));
    host.route(
      '/offline.html',
      (_q, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(hostPage(`<script src="/v1.js" data-hub="${deadUrl}" data-topic="giao-duc"></script>`)),
    );
    await page.goto(`${host.url}/offline.html`);
    await page.waitForSelector('.portal-hub-embed[data-state="offline"]');
    const link = await page.$eval('.portal-hub-embed', (h) => {
      const a = h.shadowRoot!.querySelector('a')!;
      return { href: a.getAttribute('href'), text: a.textContent, items: h.shadowRoot!.querySelectorAll('li').length };
    });
    expect(link.href).to.equal(`${deadUrl}/embed/list?topic=giao-duc`);
    expect(link.text).to.contain('Tin mới');
    expect(link.items).to.equal(0);
    await shot('offline');
  });
});
