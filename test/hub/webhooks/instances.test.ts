/** Two hub instances on one Redis deliver each webhook event once. */
import { expect } from 'chai';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';
import { post, startPortals, startReceiver, type Portals, type Receiver } from './fixture.ts';
import { JOBS_MAP } from '../../../hub/webhooks/delivery.ts';

describe('webhooks: two instances on one Redis', () => {
  let pair: HubPair;
  let portals: Portals;
  let receiver: Receiver;

  before(async () => {
    pair = await startHubPair();
    portals = await startPortals(pair.a);
    receiver = await startReceiver();
  });
  after(async () => {
    await pair.stop();
    await portals.close();
    await receiver.close();
  });

  it('delivers each event once, whichever instance stored the item', async () => {
    await post(pair.b, '/api/v1/webhooks', { url: receiver.url, events: ['item.created'] });
    await portals.publish(pair.a, 'a', 'a-1', 'Tỉnh A: tin trên phiên bản A');
    await portals.publish(pair.b, 'b', 'b-1', 'Tỉnh B: tin trên phiên bản B');
    await receiver.arrived(2);
    await Promise.all([pair.a.webhooks.idle(), pair.b.webhooks.idle()]);
    // every instance reads the store for jobs left by others: both scans find nothing left
    expect((await pair.a.hub.store.getMetaEntries(JOBS_MAP)).size).to.equal(0);
    expect(pair.a.webhooks.backlog + pair.b.webhooks.backlog).to.equal(0);
    expect(receiver.received.map((r) => r.json.data.item!.title).sort()).to.deep.equal(['Tỉnh A: tin trên phiên bản A', 'Tỉnh B: tin trên phiên bản B']);
    expect(receiver.received).to.have.length(2);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).to.equal(2);
  });
});
