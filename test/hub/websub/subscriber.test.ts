/**
 * The hub subscribing to a portal's own WebSub hub: discovery in the polled feed, verification of
 * intent, pushed content ingested at once through the pipeline, signatures enforced, renewal.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { rss, type FeedEntry } from '../../support/portal-feed.ts';
import { mountWebSubHub, type MockWebSubHub } from '../../support/websub-hub.ts';
import type { Item } from '../../../hub/model.ts';

describe('WebSub subscriber', () => {
  let portal: TestServer;
  let portalHub: MockWebSubHub;
  let hub: TestHub;
  let sourceId: string;
  let topic: string;
  const entries: FeedEntry[] = [
    { guid: 'dn-1', title: 'Đà Nẵng tổ chức lễ hội pháo hoa quốc tế', link: 'https://danang.gov.vn/tin/1.html', date: 'Mon, 21 Nov 2022 01:00:00 GMT' },
  ];
  const feed = () => rss('Đà Nẵng', entries, [`<atom:link rel="hub" href="${portalHub.url}"/>`, `<atom:link rel="self" href="${topic}"/>`]);

  before(async () => {
    portal = await startTestServer();
    // lease of 1 s: renewal is due almost at once
    portalHub = mountWebSubHub(portal, '/hub', { leaseSeconds: 1 });
    topic = `${portal.url}/rss/tin-moi`;
    portal.route('/rss/tin-moi', (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed()));
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'da-nang', name: 'Thành phố Đà Nẵng', url: 'https://danang.gov.vn', level: 'province' } });
    sourceId = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'da-nang', url: topic } })).json()).id;
  });
  after(async () => {
    await hub.stop();
    await portal.close();
  });

  const titles = async () => ((await (await hub.api('/api/v1/items?portal=da-nang')).json()).items as Item[]).map((i) => i.title);
  const settle = async () => {
    await hub.websub.idle();
    await portalHub.idle();
    await hub.websub.idle();
  };

  it('subscribes to the hub the polled feed advertises, and confirms the verification', async () => {
    await hub.api(`/api/v1/sources/${sourceId}/refresh`, { method: 'POST', body: {} });
    await settle();
    expect(portalHub.requests).to.have.length(1);
    const form = portalHub.requests[0];
    expect(form.get('hub.mode')).to.equal('subscribe');
    expect(form.get('hub.topic')).to.equal(topic);
    expect(form.get('hub.callback')).to.match(new RegExp(`^${hub.url}/websub/callback/${sourceId}/[0-9a-f]{32}$`));
    expect(form.get('hub.secret')).to.have.length.greaterThan(20);
    expect(portalHub.subscriptions[0].verified).to.equal(true);
    const sub = await hub.websub.subscriber.get(sourceId);
    expect(sub).to.include({ state: 'active', hub: portalHub.url, topic, leaseSeconds: 1 });
    expect(hub.websub.subscriber.isPushed(sourceId)).to.equal(true);
  });

  it('ingests pushed content at once, through the same pipeline', async () => {
    entries.unshift({
      guid: 'dn-2',
      title: 'Đà Nẵng khánh thành cầu mới qua sông Hàn',
      link: 'https://danang.gov.vn/tin/2.html',
      date: 'Tue, 22 Nov 2022 01:00:00 GMT',
    });
    const statuses = await portalHub.publish(topic, feed(), 'application/rss+xml');
    expect(statuses).to.deep.equal([202]);
    await settle();
    expect(await titles()).to.deep.equal(['Đà Nẵng khánh thành cầu mới qua sông Hàn', 'Đà Nẵng tổ chức lễ hội pháo hoa quốc tế']);
    const source = await (await hub.api(`/api/v1/sources/${sourceId}`)).json();
    expect(source.health.state).to.equal('ok');
    // counted as a push in the metrics
    expect(await (await hub.api('/metrics')).text()).to.match(/^hub_refreshes_total\{trigger="push",result="ok"\} 1$/m);
  });

  it('acknowledges but ignores a push with a wrong signature', async () => {
    entries.unshift({ guid: 'dn-3', title: 'Tin giả mạo không được nhận', link: 'https://danang.gov.vn/tin/3.html', date: 'Wed, 23 Nov 2022 01:00:00 GMT' });
    expect(await portalHub.publish(topic, feed(), 'application/rss+xml', { badSignature: true })).to.deep.equal([202]);
    await settle();
    expect(await titles()).to.not.include('Tin giả mạo không được nhận');
    entries.shift();
  });

  it('answers 404 to a verification or push it did not ask for', async () => {
    const res = await fetch(
      `${hub.url}/websub/callback/${sourceId}/${'0'.repeat(32)}?hub.mode=subscribe&hub.topic=${encodeURIComponent(topic)}&hub.challenge=x`,
    );
    expect(res.status).to.equal(404);
    const push = await fetch(`${hub.url}/websub/callback/nope/${'0'.repeat(32)}`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'application/rss+xml' },
    });
    expect(push.status).to.equal(404);
  });

  it('renews its lease before it ends, keeping the same callback', async () => {
    const before = portalHub.requests.length;
    const callback = portalHub.requests[0].get('hub.callback');
    // the lease the portal's hub granted is 1 s: wait until the subscriber is due to renew it (a
    // tenth of the lease before it ends), as the record it keeps says
    const sub = (await hub.websub.subscriber.get(sourceId))!;
    const renewAt = Date.parse(sub.expiresAt!) - (sub.leaseSeconds! * 1000) / 10;
    await new Promise((r) => setTimeout(r, Math.max(0, renewAt - Date.now() + 1)));
    await hub.websub.subscriber.renewDue();
    await settle();
    expect(portalHub.requests.length).to.equal(before + 1);
    expect(portalHub.requests.at(-1)!.get('hub.callback')).to.equal(callback);
    expect((await hub.websub.subscriber.get(sourceId))!.state).to.equal('active');
  });

  it('records a denial from the hub (§5.2) and stops taking pushes', async () => {
    const callback = portalHub.requests[0].get('hub.callback')!;
    const denied = new URL(callback);
    denied.searchParams.set('hub.mode', 'denied');
    denied.searchParams.set('hub.topic', topic);
    denied.searchParams.set('hub.reason', 'subscriptions closed for maintenance');
    expect((await fetch(denied)).status).to.equal(200);
    expect(await hub.websub.subscriber.get(sourceId)).to.include({ state: 'denied', reason: 'subscriptions closed for maintenance' });
    expect(hub.websub.subscriber.isPushed(sourceId)).to.equal(false);
    const push = await fetch(callback, { method: 'POST', body: feed(), headers: { 'content-type': 'application/rss+xml' } });
    expect(push.status).to.equal(404);
  });

  it('asks the hub to stop pushing once the source is removed, and confirms only that', async () => {
    const otherTopic = `${portal.url}/rss/thong-bao`;
    portal.route(
      '/rss/thong-bao',
      (_q, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss('Thông báo', entries, [`<atom:link rel="hub" href="${portalHub.url}"/>`, `<atom:link rel="self" href="${otherTopic}"/>`])),
    );
    const other = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'da-nang', url: otherTopic } })).json()).id;
    await hub.api(`/api/v1/sources/${other}/refresh`, { method: 'POST', body: {} });
    await settle();
    const sub = (await hub.websub.subscriber.get(other))!;
    expect(sub.state).to.equal('active');
    const callback = hub.websub.subscriber.callbackUrl(sub);
    expect(portalHub.subscriptions.filter((s) => s.callback === callback && s.verified)).to.have.length(1);
    // an unsubscription nobody asked for is not confirmed
    const forged = new URL(callback);
    for (const [k, v] of Object.entries({ 'hub.mode': 'unsubscribe', 'hub.topic': otherTopic, 'hub.challenge': 'abc' })) forged.searchParams.set(k, v);
    expect((await fetch(forged)).status).to.equal(404);
    expect((await hub.websub.subscriber.get(other))!.state).to.equal('active');

    expect((await hub.api(`/api/v1/sources/${other}`, { method: 'DELETE' })).status).to.equal(204);
    await hub.websub.subscriber.renewDue();
    await settle();
    const last = portalHub.requests.at(-1)!;
    expect([last.get('hub.mode'), last.get('hub.topic'), last.get('hub.callback')]).to.deep.equal(['unsubscribe', otherTopic, callback]);
    expect(portalHub.subscriptions.filter((s) => s.callback === callback)).to.deep.equal([]);
    expect(await hub.websub.subscriber.get(other)).to.equal(undefined);
    expect(await portalHub.publish(otherTopic, feed(), 'application/rss+xml')).to.deep.equal([]);
  });
  it('moves with the feed to another hub: ends the old subscription there and subscribes at the new one', async () => {
    const movedTopic = `${portal.url}/rss/chuyen-hub`;
    const newHub = mountWebSubHub(portal, '/hub-moi');
    let advertised = portalHub.url;
    portal.route(
      '/rss/chuyen-hub',
      (_q, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss('Chuyển hub', entries, [`<atom:link rel="hub" href="${advertised}"/>`, `<atom:link rel="self" href="${movedTopic}"/>`])),
    );
    const moved = (await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'da-nang', url: movedTopic } })).json()).id;
    await hub.api(`/api/v1/sources/${moved}/refresh`, { method: 'POST', body: {} });
    await settle();
    const before = (await hub.websub.subscriber.get(moved))!;
    expect(before).to.include({ state: 'active', hub: portalHub.url });
    const oldCallback = hub.websub.subscriber.callbackUrl(before);

    advertised = newHub.url;
    await hub.api(`/api/v1/sources/${moved}/refresh`, { method: 'POST', body: {} });
    await settle();
    await newHub.idle();
    await settle();
    // the old hub was asked to stop, confirmed it, and pushes nothing more
    const asked = portalHub.requests.filter((r) => r.get('hub.callback') === oldCallback).map((r) => r.get('hub.mode'));
    expect(asked).to.deep.equal(['subscribe', 'unsubscribe']);
    expect(portalHub.subscriptions.filter((x) => x.callback === oldCallback)).to.deep.equal([]);
    expect(await portalHub.publish(movedTopic, feed(), 'application/rss+xml')).to.deep.equal([]);
    expect(await hub.websub.subscriber.get(`${moved} ${before.token}`)).to.equal(undefined);
    // the new hub has a verified subscription with a callback of its own, and its pushes are taken
    const after = (await hub.websub.subscriber.get(moved))!;
    expect(after).to.include({ state: 'active', hub: newHub.url, topic: movedTopic });
    expect(after.token).to.not.equal(before.token);
    expect(newHub.subscriptions.filter((x) => x.verified && x.callback === hub.websub.subscriber.callbackUrl(after))).to.have.length(1);
    expect(await newHub.publish(movedTopic, feed(), 'application/rss+xml')).to.deep.equal([202]);
  });
});
