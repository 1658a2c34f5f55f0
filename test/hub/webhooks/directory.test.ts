/** A webhook's `within` follows the directory: a portal added below it later is covered. */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';
import { post, startReceiver, type Receiver } from './fixture.ts';

describe('webhooks: filters follow the directory', () => {
  let hub: TestHub;
  let server: TestServer;
  let receiver: Receiver;
  before(async () => {
    hub = await startTestHub();
    server = await startTestServer();
    receiver = await startReceiver();
  });
  after(async () => {
    await hub.stop();
    await server.close();
    await receiver.close();
  });

  // sources are registered unchecked (check: false): their feeds start empty, the tests publish into them
  it('delivers items of a portal registered below `within` after the webhook', async () => {
    const parent: FeedEntry[] = [];
    const child: FeedEntry[] = [];
    servePortalFeed(server, '/a/rss', 'Tỉnh A', parent);
    servePortalFeed(server, '/so/rss', 'Sở A', child);
    await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province' });
    const a = await post(hub, '/api/v1/sources', { portalId: 'tinh-a', url: `${server.url}/a/rss`, check: false });
    await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], filter: { within: 'tinh-a' } });
    // an event first, so the webhook's filter is prepared against the directory as it was
    parent.push({ guid: 'a-1', title: 'Tỉnh A: tin đầu', link: 'http://tinh-a.gov.vn/tin/1.html', date: new Date().toUTCString() });
    await post(hub, `/api/v1/sources/${a.id}/refresh`, {});
    await receiver.arrived(1);
    await post(hub, '/api/v1/portals', { id: 'so-a', name: 'Sở A', url: 'http://so.tinh-a.gov.vn/', level: 'department', parentId: 'tinh-a' });
    const so = await post(hub, '/api/v1/sources', { portalId: 'so-a', url: `${server.url}/so/rss`, check: false });
    child.push({ guid: 's-1', title: 'Sở A: tin mới', link: 'http://so.tinh-a.gov.vn/tin/1.html', date: new Date().toUTCString() });
    await post(hub, `/api/v1/sources/${so.id}/refresh`, {});
    await receiver.arrived(2);
    await hub.webhooks.idle();
    expect(receiver.received.map((r) => r.json.data.item!.title)).to.deep.equal(['Tỉnh A: tin đầu', 'Sở A: tin mới']);
  });
});
