/**
 * WebSub with several hub instances behind one public URL, sharing one Redis: a subscription taken
 * by one instance is known to all, and a change is delivered once, by the instance that stored it.
 * The other way, the portal hub's verification and pushes reach whichever instance the load
 * balancer picks, not necessarily the one that subscribed.
 */
import { LOCAL_CLI } from '../../../hub/keys/principal.ts';
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import type { TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss } from '../../support/portal-feed.ts';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';

describe('WebSub across hub instances', () => {
  const publicUrl = 'http://hub.test';
  let a: TestHub;
  let b: TestHub;
  let server: TestServer;
  let pair: HubPair;
  const deliveries: { callback: string; body: string }[] = [];

  before(async () => {
    pair = await startHubPair({ publicUrl });
    ({ a, b } = pair);
    server = await startTestServer();
    for (const name of ['one', 'two']) {
      server.route(`/cb/${name}`, async (req, res) => {
        const url = new URL(req.url!, server.url);
        if (req.method === 'GET') return void res.writeHead(200).end(url.searchParams.get('hub.challenge'));
        let body = '';
        for await (const chunk of req) body += chunk;
        deliveries.push({ callback: name, body });
        res.writeHead(204).end();
      });
    }
  });

  after(async () => {
    await pair.stop();
    await server.close();
  });

  const subscribe = async (via: TestHub, name: string) => {
    const res = await fetch(`${via.url}/websub`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': `${publicUrl}/feeds/all.rss`, 'hub.callback': `${server.url}/cb/${name}` }),
    });
    expect(res.status).to.equal(202);
    await via.websub.idle();
  };
  const callbacks = async (hub: TestHub) => (await hub.websub.publisher.list()).map((s) => s.callback.split('/').at(-1)).sort();

  it('knows a subscription on every instance, whichever took it', async () => {
    await subscribe(a, 'one');
    expect(await callbacks(b)).to.deep.equal(['one']);
    await subscribe(b, 'two');
    expect(await callbacks(a), 'the second instance kept the first one’s subscription').to.deep.equal(['one', 'two']);
  });

  it('delivers a new item once per subscriber, from the instance that stored it', async () => {
    server.route(
      '/feed.rss',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            rss('Quảng Ninh', [
              { guid: 'qn-1', title: 'Quảng Ninh đón du khách quốc tế', link: 'https://quangninh.gov.vn/tin/1', date: 'Tue, 24 Nov 2026 09:15:00 +0700' },
            ]),
          ),
    );
    await a.hub.createPortal(LOCAL_CLI, { id: 'quang-ninh', name: 'Quảng Ninh', url: 'https://quangninh.gov.vn', level: 'province' });
    const source = await a.hub.createSource(LOCAL_CLI, { portalId: 'quang-ninh', kind: 'feed', url: `${server.url}/feed.rss` });

    // the relay tells hub A too: once A has heard of the item, whatever A would (wrongly) deliver
    // for it has been started (listeners run as the item is announced), and idle() waits for it
    const heardOnA = new Promise<void>((resolve) => {
      const stop = a.hub.announcer.onItems(({ created }) => {
        if (!created.some((i) => i.title === 'Quảng Ninh đón du khách quốc tế')) return;
        stop();
        resolve();
      });
    });
    expect((await b.hub.refreshSource(LOCAL_CLI, source.id)).new).to.equal(1);
    await heardOnA;
    await Promise.all([a.websub.idle(), b.websub.idle()]);
    expect(deliveries.map((d) => d.callback).sort()).to.deep.equal(['one', 'two']);
    for (const d of deliveries) expect(d.body).to.include('Quảng Ninh đón du khách quốc tế');
  });

  it('takes the verification and the pushes of a portal hub on an instance other than the one that subscribed', async () => {
    const requests: URLSearchParams[] = [];
    server.route('/portal-hub', async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      requests.push(new URLSearchParams(text));
      res.writeHead(202).end();
    });
    const topic = `${server.url}/hue.rss`;
    const entry = (n: number) => ({ guid: `hue-${n}`, title: `Huế tin số ${n}`, link: `https://hue.gov.vn/tin/${n}`, date: 'Tue, 24 Nov 2026 09:15:00 +0700' });
    const feed = (n: number) => rss('Huế', [entry(n)], [`<atom:link rel="hub" href="${server.url}/portal-hub"/>`, `<atom:link rel="self" href="${topic}"/>`]);
    server.route('/hue.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(1)));
    await a.hub.createPortal(LOCAL_CLI, { id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province' });
    const source = await a.hub.createSource(LOCAL_CLI, { portalId: 'hue', kind: 'feed', url: topic });

    // hub A polls and subscribes
    await a.hub.refreshSource(LOCAL_CLI, source.id);
    await a.websub.idle();
    expect(requests).to.have.length(1);
    const callback = new URL(requests[0].get('hub.callback')!);
    expect(callback.origin).to.equal(publicUrl);
    const at = (hub: TestHub) => new URL(callback.pathname, hub.url);

    // the verification lands on hub B
    const verify = at(b);
    verify.search = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'c-123', 'hub.lease_seconds': '3600' }).toString();
    const answer = await fetch(verify);
    expect(answer.status).to.equal(200);
    expect(await answer.text()).to.equal('c-123');

    // the push lands on hub A, which learns of the verification from the store
    const body = feed(2);
    const signature = `sha256=${createHmac('sha256', requests[0].get('hub.secret')!).update(body).digest('hex')}`;
    const push = await fetch(at(a), { method: 'POST', body, headers: { 'content-type': 'application/rss+xml', 'x-hub-signature': signature } });
    expect(push.status).to.equal(202);
    await a.websub.idle();
    const titles = (await (await b.api('/api/v1/items?portal=hue')).json()).items.map((i: { title: string }) => i.title);
    expect(titles).to.include('Huế tin số 2');
  });
});
