/**
 * The overview lists the portals gone quiet: the alerts' silence check finds a commune whose
 * newest item is older than the commune norm; the admin and the province's operator see it on
 * /console, another province's operator does not.
 */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { servePortalFeed } from '../../support/portal-feed.ts';
import { ConsoleClient } from '../../support/console.ts';

const DAY_MS = 86_400_000;

describe('console overview: portals gone quiet', () => {
  let hub: TestHub;
  let server: TestServer;
  const keys: Record<string, string> = {};

  before(async () => {
    hub = await startTestHub();
    server = await startTestServer();
    // the commune norm is 30 days; its newest item is 40 days old
    servePortalFeed(server, '/xa.rss', 'Xã Yên Lặng', [
      { guid: 'cu', title: 'Tin cũ của xã', link: 'https://yenlang.gov.vn/cu', date: new Date(Date.now() - 40 * DAY_MS).toUTCString() },
    ]);
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinha.gov.vn', level: 'province' },
      { id: 'xa-yen-lang', name: 'Xã Yên Lặng', url: 'https://yenlang.gov.vn', level: 'commune', parentId: 'tinh-a' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    const src = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'xa-yen-lang', url: `${server.url}/xa.rss` } });
    expect(src.status, await src.clone().text()).to.equal(201);
    expect((await hub.api(`/api/v1/sources/${(await src.json()).id}/refresh`, { method: 'POST' })).status).to.equal(200);
    for (const portalId of ['tinh-a', 'tinh-b'])
      keys[portalId] = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId } })).json()).secret;
  });
  after(async () => {
    await hub.stop();
    await server.close();
  });

  const overview = async (key: string) => {
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(key)).status).to.equal(303);
    return (await c.get('/console')).html;
  };

  it('is empty until the silence check has found a quiet portal', async () => {
    expect(await overview(ADMIN_KEY)).to.include('Không có cổng nào quá hạn đăng tin.');
  });

  it('lists the quiet commune with its newest item and norm, to the admin and its own province only', async () => {
    expect(await hub.alerts.checkSilence()).to.equal(1);
    for (const key of [ADMIN_KEY, keys['tinh-a']]) {
      const html = await overview(key);
      expect(html).to.include('href="/console/portals/xa-yen-lang"').and.include('30 ngày');
      expect(html).not.to.include('Không có cổng nào quá hạn đăng tin.');
    }
    const other = await overview(keys['tinh-b']);
    expect(other).not.to.include('xa-yen-lang');
    expect(other).to.include('Không có cổng nào quá hạn đăng tin.');
  });
});
