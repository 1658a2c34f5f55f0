/** The hub as a WebSub hub for its unified feeds, against a real subscriber on loopback. */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startEmbedFixture, type EmbedFixture } from '../embed/fixture.ts';
import { WebSubPublisher } from '../../../hub/websub/publisher.ts';

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('WebSub publisher', () => {
  let f: EmbedFixture;
  let sub: TestServer;
  const deliveries = new Map<string, Delivery[]>();
  const verifications: URLSearchParams[] = [];
  let answer: 'echo' | 'wrong' = 'echo';
  let status = 200;

  before(async () => {
    f = await startEmbedFixture();
    sub = await startTestServer();
    for (const name of ['a', 'b', 'c']) {
      deliveries.set(name, []);
      sub.route(`/cb/${name}`, async (req, res) => {
        const url = new URL(req.url!, sub.url);
        if (req.method === 'GET') {
          verifications.push(url.searchParams);
          res.writeHead(200, { 'content-type': 'text/plain' }).end(answer === 'echo' ? url.searchParams.get('hub.challenge') : 'nope');
          return;
        }
        let body = '';
        for await (const chunk of req) body += chunk;
        deliveries.get(name)!.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    }
  });
  after(async () => {
    await f.stop();
    await sub.close();
  });

  const publicUrl = () => f.hub.hub.config.publicUrl;
  const request = (fields: Record<string, string>) =>
    fetch(`${f.hub.url}/websub`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  const publishItem = async (guid: string, title: string) => {
    f.ministry.unshift({ guid, title, link: `${f.ministryUrl}tin/${guid}.html`, date: new Date().toUTCString() });
    await f.hub.api(`/api/v1/sources/${f.sources.ministry}/refresh`, { method: 'POST', body: {} });
    await f.hub.websub.idle();
  };

  it('advertises itself in every unified feed with rel="hub" and rel="self"', async () => {
    const atom = await fetch(`${f.hub.url}/feeds/all.atom`);
    expect(atom.headers.get('link')).to.equal(`<${publicUrl()}/websub>; rel="hub", <${publicUrl()}/feeds/all.atom>; rel="self"`);
    const xml = await atom.text();
    expect(xml).to.match(new RegExp(`<link[^>]*rel="hub"[^>]*href="${publicUrl()}/websub"|<link[^>]*href="${publicUrl()}/websub"[^>]*rel="hub"`));
    const rss = await (await fetch(`${f.hub.url}/feeds/all.rss`)).text();
    expect(rss).to.contain(`<atom:link href="${publicUrl()}/websub" rel="hub"/>`);
    const json = await (await fetch(`${f.hub.url}/feeds/all.json`)).json();
    expect(json.hubs).to.deep.equal([{ type: 'WebSub', url: `${publicUrl()}/websub` }]);
  });

  it('verifies intent, then delivers new items signed with X-Hub-Signature-256', async () => {
    const topic = `${publicUrl()}/feeds/all.atom`;
    const res = await request({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': `${sub.url}/cb/a`,
      'hub.secret': 's3cret-for-a',
      'hub.lease_seconds': '3600',
    });
    expect(res.status).to.equal(202);
    await f.hub.websub.idle();
    const v = verifications.at(-1)!;
    expect(v.get('hub.mode')).to.equal('subscribe');
    expect(v.get('hub.topic')).to.equal(topic);
    expect(v.get('hub.lease_seconds')).to.equal('3600');
    const [s] = await f.hub.websub.publisher.list();
    expect(s).to.include({ callback: `${sub.url}/cb/a`, topic, leaseSeconds: 3600 });

    await publishItem('ws-1', 'Bộ Nội vụ ban hành quy chế mới về văn thư');
    const [d] = deliveries.get('a')!;
    expect(d.headers['content-type']).to.contain('application/atom+xml');
    expect(d.body).to.contain('Bộ Nội vụ ban hành quy chế mới về văn thư');
    expect(d.headers.link).to.contain(`rel="hub"`).and.contain(`<${topic}>; rel="self"`);
    const expected = `sha256=${createHmac('sha256', 's3cret-for-a').update(d.body).digest('hex')}`;
    expect(d.headers['x-hub-signature-256']).to.equal(expected);
  });

  it('delivers only to subscribers whose topic filter the item falls in, unsigned without a secret', async () => {
    await request({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl()}/feeds/all.json?portal=tinh-hue`, 'hub.callback': `${sub.url}/cb/b` });
    await f.hub.websub.idle();
    await publishItem('ws-2', 'Bộ Nội vụ tổ chức hội nghị trực tuyến');
    expect(deliveries.get('b')).to.have.length(0);
    expect(deliveries.get('a')!.at(-1)!.body).to.contain('Bộ Nội vụ tổ chức hội nghị trực tuyến');
    f.province.unshift({ guid: 'ws-3', title: 'Huế công bố lễ hội mùa xuân', link: `${f.provinceUrl}tin/ws-3.html`, date: new Date().toUTCString() });
    await f.hub.api(`/api/v1/sources/${f.sources.province}/refresh`, { method: 'POST', body: {} });
    await f.hub.websub.idle();
    const [d] = deliveries.get('b')!;
    expect(d.headers['content-type']).to.contain('application/feed+json');
    expect(d.headers['x-hub-signature-256']).to.equal(undefined);
    expect(JSON.parse(d.body).items.map((i: { title: string }) => i.title)).to.include('Huế công bố lễ hội mùa xuân');
  });

  it('coalesces a burst of changes into a few deliveries', async () => {
    const before = deliveries.get('a')!.length;
    const items = (await (await f.hub.api('/api/v1/items?portal=bo-noi-vu')).json()).items;
    for (const item of items) f.hub.hub.announcer.announce({ created: [], updated: [item] });
    await f.hub.websub.idle();
    // the first change goes out at once, every later one of the burst in one more delivery
    expect(items.length).to.be.greaterThan(2);
    expect(deliveries.get('a')!.length - before).to.equal(2);
  });

  it('does not subscribe a callback that fails the challenge', async () => {
    answer = 'wrong';
    await request({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl()}/feeds/all.rss`, 'hub.callback': `${sub.url}/cb/c` });
    await f.hub.websub.idle();
    answer = 'echo';
    expect((await f.hub.websub.publisher.list()).map((s) => s.callback)).to.not.include(`${sub.url}/cb/c`);
  });

  it('refuses a topic that is not one of its feeds, naming the field', async () => {
    const res = await request({ 'hub.mode': 'subscribe', 'hub.topic': 'https://elsewhere.example/feed', 'hub.callback': `${sub.url}/cb/c` });
    expect(res.status).to.equal(400);
    const problem = await res.json();
    expect(problem.code).to.equal('WEBSUB.UNKNOWN_TOPIC');
    expect(problem.errors[0].field).to.equal('hub.topic');
    const unknownFeed = await request({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl()}/feeds/nope.rss`, 'hub.callback': `${sub.url}/cb/c` });
    expect(unknownFeed.status).to.equal(400);
    const badFilter = await request({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl()}/feeds/all.rss?colour=red`, 'hub.callback': `${sub.url}/cb/c` });
    expect((await badFilter.json()).errors[0].field).to.equal('hub.topic');
    const portalFeed = await request({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl()}/feeds/portals/tinh-hue.rss`, 'hub.callback': `${sub.url}/cb/c` });
    expect(portalFeed.status).to.equal(202);
    const bad = await request({ 'hub.mode': 'publish' });
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).to.include.members(['hub.mode', 'hub.callback', 'hub.topic']);
  });

  it('tells subscribers when an item in their topic is withdrawn: the feed without it', async () => {
    const before = deliveries.get('a')!.length;
    const items = (await (await f.hub.api('/api/v1/items?portal=bo-noi-vu')).json()).items;
    const target = items.find((i: { title: string }) => i.title === 'Bộ Nội vụ tổ chức hội nghị trực tuyến');
    await f.hub.api(`/api/v1/items/${target.id}/withdrawal`, { method: 'PUT' });
    await f.hub.websub.idle();
    const latest = deliveries.get('a')!;
    expect(latest.length).to.equal(before + 1);
    expect(latest.at(-1)!.body).to.not.contain('Bộ Nội vụ tổ chức hội nghị trực tuyến');
    expect(latest.at(-1)!.body).to.contain('Bộ Nội vụ ban hành quy chế mới về văn thư');
  });

  it('ends a subscription on unsubscribe (verified) and when the callback answers 410', async () => {
    await request({ 'hub.mode': 'unsubscribe', 'hub.topic': `${publicUrl()}/feeds/all.json?portal=tinh-hue`, 'hub.callback': `${sub.url}/cb/b` });
    await f.hub.websub.idle();
    expect(verifications.at(-1)!.get('hub.mode')).to.equal('unsubscribe');
    const callbacks = (await f.hub.websub.publisher.list()).map((s) => s.callback);
    expect(callbacks).to.include(`${sub.url}/cb/a`).and.not.include(`${sub.url}/cb/b`);
    status = 410;
    await publishItem('ws-4', 'Bộ Nội vụ thông báo lịch tiếp công dân');
    status = 200;
    expect((await f.hub.websub.publisher.list()).map((s) => s.callback)).to.not.include(`${sub.url}/cb/a`);
  });

  it('ends a subscription whose lease ran out without renewal', async () => {
    const topic = `${publicUrl()}/feeds/ministries.atom`;
    await request({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': `${sub.url}/cb/b`, 'hub.lease_seconds': '300' });
    await f.hub.websub.idle();
    expect((await f.hub.websub.publisher.list()).map((s) => s.topic)).to.include(topic);
    // one store entry per subscription (hub/websub/book.ts)
    const stored = await f.hub.hub.store.getMetaEntries('websub:subscriptions');
    const [field, mine] = [...stored].map(([k, v]) => [k, JSON.parse(v)] as const).find(([, s]) => s.topic === topic)!;
    expect(mine.leaseSeconds).to.equal(300);
    // the lease's end as the hub recorded it, moved into the past
    mine.expiresAt = new Date(Date.now() - 1000).toISOString();
    await f.hub.hub.store.setMetaEntry('websub:subscriptions', field, JSON.stringify(mine));
    // a publisher reading the store afresh, as after a restart
    const reopened = new WebSubPublisher(f.hub.hub);
    expect((await reopened.list()).map((s) => s.topic)).to.not.include(topic);
    await reopened.close();
  });

  it('keeps subscriptions in the store: a restarted publisher has them', async () => {
    const topic = `${publicUrl()}/feeds/all.rss`;
    await request({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': `${sub.url}/cb/c` });
    await f.hub.websub.idle();
    const reopened = new WebSubPublisher(f.hub.hub);
    expect((await reopened.list()).map((s) => [s.topic, s.callback])).to.deep.include([topic, `${sub.url}/cb/c`]);
    await reopened.close();
  });
});
