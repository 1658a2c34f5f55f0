/** Who manages which webhooks: an admin all; an operator only webhooks whose filter stays in their subtree. */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { post } from './fixture.ts';

describe('webhooks: registration and scope', () => {
  let hub: TestHub;
  let operator: string;

  before(async () => {
    hub = await startTestHub();
    await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province' });
    await post(hub, '/api/v1/portals', { id: 'so-a', name: 'Sở A', url: 'http://so.tinh-a.gov.vn/', level: 'department', parentId: 'tinh-a' });
    await post(hub, '/api/v1/portals', { id: 'tinh-b', name: 'Tỉnh B', url: 'http://tinh-b.gov.vn/', level: 'province' });
    operator = String((await post(hub, '/api/v1/keys', { role: 'operator', portalId: 'tinh-a' })).secret);
  });
  after(() => hub.stop());

  const create = (body: unknown, key?: string) => hub.api('/api/v1/webhooks', { method: 'POST', body, ...(key ? { key } : {}) });

  it('refuses a URL that is not http(s) with a 400 naming the field', async () => {
    for (const url of ['ftp://bot.example.vn/hook', 'not a url', 'file:///etc/passwd']) {
      const res = await create({ url, events: ['item.created'] });
      expect(res.status, url).to.equal(400);
      expect(res.headers.get('content-type')).to.contain('application/problem+json');
      const problem = await res.json();
      expect(problem.code).to.equal('WEBHOOK.INVALID');
      expect(problem.errors[0].field).to.equal('/url');
    }
    const unknownEvent = await create({ url: 'http://127.0.0.1:9/hook', events: ['item.deleted'] });
    expect(unknownEvent.status).to.equal(400);
    const badFilter = await create({ url: 'http://127.0.0.1:9/hook', events: ['item.created'], filter: { within: 'khong-co' } });
    expect(badFilter.status).to.equal(422);
    expect((await badFilter.json()).code).to.equal('FILTER.INVALID');
  });

  it('lets an operator register only inside their subtree (403 outside or without a portal) and list only theirs', async () => {
    const inside = await create({ url: 'http://127.0.0.1:9/a', events: ['item.created'], filter: { within: 'so-a' } }, operator);
    expect(inside.status).to.equal(201);
    const mine = await inside.json();
    for (const filter of [{ within: 'tinh-b' }, { portal: ['so-a', 'tinh-b'] }, undefined, { topic: ['chuyen-doi-so'] }]) {
      const res = await create({ url: 'http://127.0.0.1:9/b', events: ['item.created'], ...(filter ? { filter } : {}) }, operator);
      expect(res.status, JSON.stringify(filter)).to.equal(403);
      expect((await res.json()).code).to.equal('AUTH.SCOPE');
    }
    const admins = await (await create({ url: 'http://127.0.0.1:9/c', events: ['item.created'], filter: { within: 'tinh-b' } })).json();
    const listed = await (await hub.api('/api/v1/webhooks', { key: operator })).json();
    expect(listed.webhooks.map((w: { id: string }) => w.id)).to.deep.equal([mine.id]);
    const all = await (await hub.api('/api/v1/webhooks')).json();
    expect(all.webhooks.map((w: { id: string }) => w.id)).to.include.members([mine.id, admins.id]);
    // another's webhook: 403 to read, its deliveries or to remove; an unknown one 404
    expect((await hub.api(`/api/v1/webhooks/${admins.id}`, { key: operator })).status).to.equal(403);
    expect((await hub.api(`/api/v1/webhooks/${admins.id}/deliveries`, { key: operator })).status).to.equal(403);
    expect((await hub.api(`/api/v1/webhooks/${admins.id}`, { method: 'DELETE', key: operator })).status).to.equal(403);
    const unknown = await hub.api('/api/v1/webhooks/wh_0000000000000000', { key: operator });
    expect(unknown.status).to.equal(404);
    expect((await unknown.json()).code).to.equal('WEBHOOK.NOT_FOUND');
    // their own: removed, then gone
    expect((await hub.api(`/api/v1/webhooks/${mine.id}`, { method: 'DELETE', key: operator })).status).to.equal(204);
    expect((await hub.api(`/api/v1/webhooks/${mine.id}`, { key: operator })).status).to.equal(404);
  });

  it('needs a key', async () => {
    expect((await hub.api('/api/v1/webhooks', { key: null })).status).to.equal(401);
    expect((await create({ url: 'http://127.0.0.1:9/a', events: ['item.created'] }, 'wrong-key-0123456789')).status).to.equal(401);
  });
});
