/**
 * The live stream across instances: an event has the same id on every hub of a deployment, so a
 * client that reconnects to another instance (a load balancer's choice) resumes after its
 * Last-Event-ID with exactly what it missed — not the last event again, not less.
 */
import { LOCAL_CLI } from '../../../hub/keys/principal.ts';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss, type FeedEntry } from '../../support/portal-feed.ts';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';
import { openSse, type SseClient, type SseEvent } from '../../support/sse.ts';

describe('live stream across instances', () => {
  let pair: HubPair;
  let server: TestServer;
  const open: SseClient[] = [];
  const entries: FeedEntry[] = [];
  let sourceId: string;

  before(async () => {
    pair = await startHubPair();
    server = await startTestServer();
    server.route('/feed.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Huế', entries)));
    await pair.a.hub.createPortal(LOCAL_CLI, { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province' });
    // unchecked: the feed starts empty (the tests publish into it)
    sourceId = (await pair.a.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: `${server.url}/feed.rss`, check: false })).id;
  });
  after(async () => {
    for (const c of open) c.close();
    await pair.stop();
    await server.close();
  });

  const connect = async (url: string, headers: Record<string, string> = {}) => {
    const c = await openSse(`${url}/api/v1/stream?portal=hue`, headers);
    open.push(c);
    return c;
  };
  const add = (n: number, title: string) =>
    entries.unshift({ guid: `hue-${n}`, title, link: `https://hue.gov.vn/tin/${n}.html`, date: `Tue, 24 Nov 2026 0${n}:00:00 +0700` });
  const titled = (title: string) => (e: SseEvent) => JSON.parse(e.data).title === title;
  const titles = (c: SseClient) => c.received.map((e) => JSON.parse(e.data).title as string);

  it('gives an event the same id on both instances', async () => {
    const onA = await connect(pair.a.url);
    const onB = await connect(pair.b.url);
    add(1, 'Huế khai mạc Festival nghề truyền thống');
    await pair.a.hub.refreshSource(LOCAL_CLI, sourceId);
    const [fromA, fromB] = await Promise.all([
      onA.next(titled('Huế khai mạc Festival nghề truyền thống')),
      onB.next(titled('Huế khai mạc Festival nghề truyền thống')),
    ]);
    expect(fromA.id).to.match(/^\d+-\d+$/);
    expect(fromB.id).to.equal(fromA.id);
  });

  it('resumes on the other instance after Last-Event-ID with exactly the events missed', async () => {
    const first = await connect(pair.a.url);
    add(2, 'Huế trùng tu cửa Thượng Tứ');
    await pair.a.hub.refreshSource(LOCAL_CLI, sourceId);
    const seen = await first.next(titled('Huế trùng tu cửa Thượng Tứ'));
    first.close();
    // while the client is away, one item is stored by each instance
    add(3, 'Huế mở tuyến buýt điện');
    await pair.b.hub.refreshSource(LOCAL_CLI, sourceId);
    add(4, 'Huế ra mắt bản đồ di sản số');
    await pair.a.hub.refreshSource(LOCAL_CLI, sourceId);
    const resumed = await connect(pair.b.url, { 'last-event-id': seen.id! });
    await resumed.next(titled('Huế ra mắt bản đồ di sản số'));
    // a sentinel stored after the catch-up: live events come after the replay, so once it arrives
    // anything the replay would (wrongly) have sent again is in too
    add(5, 'Huế khép lại tuần lễ văn hoá');
    await pair.b.hub.refreshSource(LOCAL_CLI, sourceId);
    await resumed.next(titled('Huế khép lại tuần lễ văn hoá'));
    expect(titles(resumed)).to.deep.equal(['Huế mở tuyến buýt điện', 'Huế ra mắt bản đồ di sản số', 'Huế khép lại tuần lễ văn hoá']);
  });
});
