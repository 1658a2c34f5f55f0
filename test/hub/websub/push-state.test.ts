/**
 * A push and the source's polls: pushed content leaves the source's conditional-GET validators as
 * the last poll stored them (the next poll is still a conditional GET), and a push that arrives
 * while a poll of the same source is under way waits for it, so neither overwrites the other's
 * health.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { rss, type FeedEntry } from '../../support/portal-feed.ts';
import { mountWebSubHub, type MockWebSubHub } from '../../support/websub-hub.ts';
import type { Item, Source } from '../../../hub/model.ts';

const ETAG = '"v1"';

describe('WebSub pushes and polls of one source', () => {
  let portal: TestServer;
  let portalHub: MockWebSubHub;
  let hub: TestHub;
  let sourceId: string;
  let topic: string;
  /** If-None-Match of every poll, in order. */
  const conditions: (string | undefined)[] = [];
  /** While set, a poll is held until the test releases it (and the test is told it arrived). */
  let hold: { arrived: () => void; release: Promise<void> } | undefined;
  const entries: FeedEntry[] = [
    { guid: 'qt-1', title: 'Quảng Trị khai mạc hội chợ thương mại', link: 'https://quangtri.gov.vn/tin/1.html', date: 'Mon, 21 Nov 2022 01:00:00 GMT' },
  ];
  const feed = (list = entries) => rss('Quảng Trị', list, [`<atom:link rel="hub" href="${portalHub.url}"/>`, `<atom:link rel="self" href="${topic}"/>`]);

  before(async () => {
    portal = await startTestServer();
    portalHub = mountWebSubHub(portal, '/hub', { leaseSeconds: 3600 });
    topic = `${portal.url}/rss`;
    portal.route('/rss', async (req, res) => {
      conditions.push(req.headers['if-none-match']);
      const held = hold;
      if (held) {
        held.arrived();
        await held.release;
      }
      if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: ETAG }).end(feed());
    });
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'quang-tri', name: 'Tỉnh Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province' } });
    sourceId = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'quang-tri', url: topic } })).json()).id;
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    await settle();
    expect(hub.websub.subscriber.isPushed(sourceId)).to.equal(true);
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  const settle = async () => {
    await hub.websub.idle();
    await portalHub.idle();
    await hub.websub.idle();
  };
  const titles = async () => ((await (await hub.api('/api/v1/items?portal=quang-tri')).json()).items as Item[]).map((i) => i.title);
  const source = async (): Promise<Source> => (await hub.api(`/api/v1/sources/${sourceId}`)).json();

  it('keeps the ETag of the last poll after a push, so the next poll is conditional', async () => {
    expect((await source()).health.etag).to.equal(ETAG);
    const pushed = [
      {
        guid: 'qt-2',
        title: 'Quảng Trị đón nhận bằng di tích quốc gia đặc biệt',
        link: 'https://quangtri.gov.vn/tin/2.html',
        date: 'Tue, 22 Nov 2022 01:00:00 GMT',
      },
      ...entries,
    ];
    expect(await portalHub.publish(topic, feed(pushed), 'application/rss+xml')).to.deep.equal([202]);
    await settle();
    const after = await source();
    expect(after.health.etag).to.equal(ETAG);
    const polled = conditions.length;
    const result = await (await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} })).json();
    expect(conditions.slice(polled)).to.deep.equal([ETAG]);
    expect(result).to.include({ notModified: true, httpStatus: 304 });
  });

  it('ingests a push that arrives during a poll after the poll, keeping what each wrote', async () => {
    let arrived!: () => void;
    let release!: () => void;
    const pollArrived = new Promise<void>((r) => (arrived = r));
    hold = { arrived, release: new Promise<void>((r) => (release = r)) };
    const poll = hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} }).then((r) => r.json());
    await pollArrived;
    hold = undefined;
    // the push carries one item without a link: the source's health must end up saying so
    const pushed = [
      { guid: 'qt-3', title: 'Bản tin không có đường dẫn', link: '', date: 'Wed, 23 Nov 2022 01:00:00 GMT' },
      { guid: 'qt-4', title: 'Quảng Trị phát động phong trào trồng rừng', link: 'https://quangtri.gov.vn/tin/4.html', date: 'Wed, 23 Nov 2022 02:00:00 GMT' },
      ...entries,
    ];
    expect(await portalHub.publish(topic, feed(pushed), 'application/rss+xml')).to.deep.equal([202]);
    // the push is taken (202) and waits its turn behind the held poll
    while (hub.hub.queued(sourceId) < 2) await new Promise((r) => setImmediate(r));
    expect(await titles()).to.not.include('Quảng Trị phát động phong trào trồng rừng');
    release();
    expect(await poll).to.include({ notModified: true });
    await settle();
    await hub.hub.settle();
    const after = await source();
    // before: the poll's 304, written from the source as it was when the poll began, erased the push's report
    expect(after.health.rejected.map((r) => r.ref)).to.deep.equal(['qt-3']);
    expect(after.health.etag).to.equal(ETAG);
    expect(after.health.lastStatus).to.equal(200);
    expect(await titles()).to.include('Quảng Trị phát động phong trào trồng rừng');
    expect(hub.hub.queued(sourceId)).to.equal(0);
  });
});
