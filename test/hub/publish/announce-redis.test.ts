import { LOCAL_CLI } from '../../../hub/keys/principal.ts';
import { expect } from 'chai';
import type { TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss } from '../../support/portal-feed.ts';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';
import type { ItemChanges } from '../../../hub/publish/announce.ts';

describe('publish/announce over Redis', () => {
  let a: TestHub;
  let b: TestHub;
  let server: TestServer;
  let pair: HubPair;

  beforeEach(async () => {
    pair = await startHubPair();
    ({ a, b } = pair);
    server = await startTestServer();
  });

  afterEach(async () => {
    await pair.stop();
    await server.close();
  });

  it('tells every instance about items another instance stored: its listeners and its feed cache', async () => {
    const entries = [{ guid: 'g1', title: 'Khai mạc lễ hội Huế', link: 'https://hue.gov.vn/tin/1', date: 'Tue, 24 Nov 2026 09:15:00 +0700' }];
    server.route('/feed.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Huế', entries)));
    await a.hub.createPortal(LOCAL_CLI, { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province' });
    const source = await a.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${server.url}/feed.rss` });

    const emptyFeed = await b.hub.feed('rss', {});
    expect(emptyFeed.body).to.not.include('Khai mạc');
    const heardByB = new Promise<ItemChanges>((resolve) => b.hub.announcer.onItems(resolve));
    let heardByA = 0;
    a.hub.announcer.onItems(() => heardByA++);

    expect((await a.hub.refreshSource(LOCAL_CLI, source.id)).new).to.equal(1);
    const changes = await heardByB;
    expect(changes.created.map((i) => i.title)).to.deep.equal(['Khai mạc lễ hội Huế']);
    expect(heardByA, 'an instance does not hear its own announcement twice').to.equal(1);
    expect((await b.hub.feed('rss', {})).body).to.include('Khai mạc lễ hội Huế');

    entries[0].title = 'Khai mạc lễ hội Huế 2026';
    const updateHeard = new Promise<ItemChanges>((resolve) => b.hub.announcer.onItems(resolve));
    expect((await a.hub.refreshSource(LOCAL_CLI, source.id)).updated).to.equal(1);
    expect((await updateHeard).updated.map((i) => i.title)).to.deep.equal(['Khai mạc lễ hội Huế 2026']);
  });

  it('tells every instance when the directory changes, so filters and feeds know a new portal at once', async () => {
    await b.hub.directory(); // B has read (and caches) the directory before the portal exists
    const heard = new Promise<void>((resolve) => b.hub.announcer.onDirectoryChange(resolve));
    await a.hub.createPortal(LOCAL_CLI, { id: 'quang-tri', name: 'Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province' });
    await heard;
    const res = await b.api('/api/v1/items?portal=quang-tri');
    expect(res.status, 'B filters by the portal A just registered').to.equal(200);
    expect((await b.hub.directory()).get('quang-tri')?.name).to.equal('Quảng Trị');
  });
});
