/** Webhooks delivered to real receivers on loopback: signatures, filters, retries, giving up, restarts. */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { expectedSignature, post, startPortals, startReceiver, type Portals, type Receiver } from './fixture.ts';
import { JOBS_MAP } from '../../../hub/webhooks/delivery.ts';

describe('webhooks: delivery', () => {
  let hub: TestHub | undefined;
  let portals: Portals | undefined;
  let receiver: Receiver | undefined;

  afterEach(async () => {
    await hub?.stop();
    await portals?.close();
    await receiver?.close();
    hub = portals = receiver = undefined;
  });

  it('signs by Standard Webhooks and sends item.created for a matching item only', async () => {
    hub = await startTestHub();
    portals = await startPortals(hub);
    receiver = await startReceiver();
    const created = (await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], filter: { portal: ['tinh-a'] } })) as {
      id: string;
      secret: string;
    };
    expect(created.secret).to.match(/^whsec_[A-Za-z0-9+/]+=*$/);
    // an item of tinh-b first: its events are settled before the matching item is published
    await portals.publish(hub, 'b', 'b-1', 'Tỉnh B khai trương cổng dịch vụ công');
    await hub.webhooks.idle();
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A ban hành kế hoạch chuyển đổi số');
    await receiver.arrived(1);
    await hub.webhooks.idle();
    expect(receiver.received).to.have.length(1);
    const [got] = receiver.received;
    expect(got.json.type).to.equal('item.created');
    expect(got.json.data.item).to.include({ title: 'Tỉnh A ban hành kế hoạch chuyển đổi số', portalId: 'tinh-a' });
    const id = String(got.headers['webhook-id']);
    const timestamp = String(got.headers['webhook-timestamp']);
    expect(got.headers['content-type']).to.equal('application/json');
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).to.be.below(300);
    expect(got.headers['webhook-signature']).to.equal(expectedSignature(created.secret, id, timestamp, got.body));
    // the log has the one attempt; the listing shows no secret
    const log = await (await hub.api(`/api/v1/webhooks/${created.id}/deliveries`)).json();
    expect(log.deliveries).to.have.length(1);
    expect(log.deliveries[0]).to.include({ messageId: id, event: 'item.created', attempt: 1, result: 'delivered', status: 200 });
    const listed = await (await hub.api('/api/v1/webhooks')).json();
    expect(listed.webhooks).to.have.length(1);
    expect(listed.webhooks[0]).to.not.have.property('secret');
    const metrics = await (await hub.api('/metrics')).text();
    expect(metrics).to.match(/hub_webhook_deliveries_total\{result="delivered"\} 1/);
    expect(metrics).to.match(/hub_webhook_delivery_lag_seconds_count 1/);
  });

  it('retries after the configured delays: 500, 500, then 200 is delivered on the third attempt, all three logged', async () => {
    const delays = [60, 120];
    hub = await startTestHub({ webhookRetryDelaysMs: delays, webhookRetryWindowMs: 60_000 });
    portals = await startPortals(hub);
    receiver = await startReceiver();
    receiver.answers.push(500, 500);
    const { id } = await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'] });
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A họp báo thường kỳ');
    await receiver.arrived(3);
    await hub.webhooks.idle();
    const [r1, r2, r3] = receiver.received;
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).to.equal(1);
    expect(r2.at - r1.at).to.be.at.least(delays[0]);
    expect(r3.at - r2.at).to.be.at.least(delays[1]);
    const log = (await (await hub.api(`/api/v1/webhooks/${id}/deliveries`)).json()).deliveries;
    expect(log.map((d: { attempt: number; result: string; status: number }) => [d.attempt, d.result, d.status])).to.deep.equal([
      [3, 'delivered', 200],
      [2, 'failed', 500],
      [1, 'failed', 500],
    ]);
    // paging: one at a time, newest first, the cursor continues
    const first = await (await hub.api(`/api/v1/webhooks/${id}/deliveries?limit=1`)).json();
    expect(first.deliveries[0].attempt).to.equal(3);
    const second = await (await hub.api(`/api/v1/webhooks/${id}/deliveries?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.deliveries.map((d: { attempt: number }) => d.attempt)).to.deep.equal([2, 1]);
    expect(second.nextCursor).to.equal(null);
    expect(hub.webhooks.backlog).to.equal(0);
  });

  it('marks a webhook failing when nothing is delivered within the retry window, and tries it no more', async () => {
    const [window, delay] = [1_000, 100];
    hub = await startTestHub({ webhookRetryDelaysMs: [delay], webhookRetryWindowMs: window });
    portals = await startPortals(hub);
    receiver = await startReceiver();
    receiver.always = 500;
    const { id } = await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], filter: { portal: ['tinh-a'] } });
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A thông báo lịch tiếp dân');
    // each attempt is awaited (the receiver's own event), then the webhook's state read
    let state = 'active';
    for (let n = 1; state === 'active' && n < 10_000; n++) {
      await receiver.arrived(n);
      await hub.webhooks.idle();
      state = (await (await hub.api(`/api/v1/webhooks/${id}`)).json()).state;
    }
    expect(state).to.equal('failing');
    const attempts = receiver.received.length;
    expect(attempts).to.be.at.least(2);
    // a retry is due `delay` after the attempt before it and only while due inside the window (counted
    // from the event, before the first attempt): however slow the machine, never more attempts than this
    expect(attempts).to.be.at.most(1 + Math.floor(window / delay));
    // the hub's own log: retries never sooner than the delay
    const log = (await (await hub.api(`/api/v1/webhooks/${id}/deliveries?limit=100`)).json()).deliveries.reverse() as { at: string }[];
    expect(log).to.have.length(attempts);
    for (let i = 1; i < log.length; i++) expect(Date.parse(log[i].at) - Date.parse(log[i - 1].at), `attempt ${i + 1}`).to.be.at.least(delay);
    expect(hub.webhooks.backlog).to.equal(0);
    // a sentinel: a second webhook gets the next event; the failing one gets nothing more
    receiver.always = undefined;
    const sentinel = await startReceiver();
    try {
      await post(hub, '/api/v1/webhooks', { url: sentinel.url, events: ['item.created'] });
      await portals.publish(hub, 'a', 'a-2', 'Tỉnh A công bố kết quả thi tuyển');
      await sentinel.arrived(1);
      await hub.webhooks.idle();
      expect(receiver.received).to.have.length(attempts);
      expect(sentinel.received[0].json.data.item!.title).to.equal('Tỉnh A công bố kết quả thi tuyển');
    } finally {
      await sentinel.close();
    }
    const metrics = await (await hub.api('/metrics')).text();
    expect(metrics).to.match(/hub_webhook_deliveries_total\{result="given_up"\} 1/);
    // re-enabled by its owner: the next event reaches it again
    const enabled = await hub.api(`/api/v1/webhooks/${id}`, { method: 'PATCH', body: { state: 'active' } });
    expect((await enabled.json()).state).to.equal('active');
    await portals.publish(hub, 'a', 'a-3', 'Tỉnh A mở lại cổng góp ý');
    await receiver.arrived(attempts + 1);
    await hub.webhooks.idle();
    expect(receiver.received.at(-1)!.json.data.item!.title).to.equal('Tỉnh A mở lại cổng góp ý');
  });

  it('keeps an event queued across a restart and delivers it once when the receiver is back', async () => {
    const overrides = { webhookRetryDelaysMs: [50], webhookRetryWindowMs: 600_000 };
    hub = await startTestHub(overrides);
    portals = await startPortals(hub);
    receiver = await startReceiver();
    receiver.always = 503; // down
    await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'] });
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A tổ chức hội nghị xúc tiến đầu tư');
    await receiver.arrived(1);
    await hub.webhooks.idle();
    const dataDir = hub.dataDir;
    await hub.close();
    const before = receiver.received.length;
    receiver.always = undefined; // back up
    hub = await startTestHub(overrides, dataDir);
    await receiver.arrived(before + 1);
    await hub.webhooks.idle();
    const ok = receiver.received.slice(before);
    expect(ok).to.have.length(1);
    expect(ok[0].json.data.item!.title).to.equal('Tỉnh A tổ chức hội nghị xúc tiến đầu tư');
    expect(ok[0].headers['webhook-id']).to.equal(receiver.received[0].headers['webhook-id']);
    // nothing left to deliver: no second delivery can follow
    expect(hub.webhooks.backlog).to.equal(0);
    expect((await hub.hub.store.getMetaEntries(JOBS_MAP)).size).to.equal(0);
  });

  it('sends item.withdrawn when an operator withdraws an item, item.updated when it is restored', async () => {
    hub = await startTestHub();
    portals = await startPortals(hub);
    receiver = await startReceiver();
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A đính chính thông tin');
    await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['item.created', 'item.updated', 'item.withdrawn'] });
    const [item] = (await (await hub.api('/api/v1/items?portal=tinh-a')).json()).items;
    expect((await hub.api(`/api/v1/items/${item.id}/withdrawal`, { method: 'PUT' })).status).to.equal(200);
    await receiver.arrived(1);
    expect((await hub.api(`/api/v1/items/${item.id}/withdrawal`, { method: 'DELETE' })).status).to.equal(200);
    await receiver.arrived(2);
    await hub.webhooks.idle();
    expect(receiver.received.map((r) => [r.json.type, (r.json.data.item as { id?: string }).id])).to.deep.equal([
      ['item.withdrawn', item.id],
      ['item.updated', item.id],
    ]);
  });

  it('sends source.failing and source.recovered when a source changes health', async () => {
    hub = await startTestHub();
    portals = await startPortals(hub);
    receiver = await startReceiver();
    await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['source.failing', 'source.recovered'], filter: { within: 'tinh-a' } });
    await portals.publish(hub, 'a', 'a-1', 'Tỉnh A');
    portals.server.route('/a/rss', (_q, res) => void res.writeHead(500).end());
    await hub.api(`/api/v1/sources/${portals.sources.a}/refresh`, { method: 'POST', body: {} });
    await receiver.arrived(1);
    portals.server.route(
      '/a/rss',
      (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>A</title></channel></rss>'),
    );
    await hub.api(`/api/v1/sources/${portals.sources.a}/refresh`, { method: 'POST', body: {} });
    await receiver.arrived(2);
    await hub.webhooks.idle();
    expect(receiver.received.map((r) => r.json.type)).to.deep.equal(['source.failing', 'source.recovered']);
    expect((receiver.received[0].json.data as { source: { id: string } }).source.id).to.equal(portals.sources.a);
  });
});

describe('webhooks: the address guard', () => {
  it('does not POST to a private address unless the hub allows private fetches; the log says why', async () => {
    const hub = await startTestHub({ allowPrivateFetch: false });
    const receiver = await startReceiver();
    try {
      await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province' });
      // unchecked: the check would refuse the private address at once; its failing refresh is the event here
      const source = await post(hub, '/api/v1/sources', { portalId: 'tinh-a', url: 'http://127.0.0.1:9/rss', check: false });
      const { id } = await post(hub, '/api/v1/webhooks', { url: receiver.url, events: ['source.failing'] });
      // the source's own fetch is refused too (private address): it turns failing, which is the event
      await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} });
      await hub.webhooks.idle();
      const log = (await (await hub.api(`/api/v1/webhooks/${id}/deliveries`)).json()).deliveries;
      expect(log).to.have.length(1);
      expect(log[0]).to.include({ event: 'source.failing', result: 'failed' });
      expect(log[0]).to.not.have.property('status');
      expect(log[0].error).to.match(/private|not allowed|address/i);
      expect(receiver.received).to.have.length(0);
    } finally {
      await hub.stop();
      await receiver.close();
    }
  });
});
