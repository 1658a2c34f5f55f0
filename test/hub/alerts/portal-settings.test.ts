/** A portal's alertEmails over the API: set and removed with PATCH under the portal scope rule, shown only to keys that cover the portal. */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { post } from '../webhooks/fixture.ts';

describe('alerts: alertEmails of a portal over the API', () => {
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  it('PATCH sets and removes them (an operator below their own portal only); reads show them only to keys that cover the portal', async () => {
    hub = await startTestHub();
    await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province', alertEmails: ['a@tinh-a.gov.vn'] });
    await post(hub, '/api/v1/portals', { id: 'xa-a', name: 'Xã A', url: 'http://xa-a.gov.vn/', level: 'commune', parentId: 'tinh-a' });
    await post(hub, '/api/v1/portals', { id: 'tinh-b', name: 'Tỉnh B', url: 'http://tinh-b.gov.vn/', level: 'province' });
    const opA = String((await post(hub, '/api/v1/keys', { role: 'operator', portalId: 'tinh-a' })).secret);
    const opB = String((await post(hub, '/api/v1/keys', { role: 'operator', portalId: 'tinh-b' })).secret);
    const patch = (id: string, body: unknown, key?: string) => hub!.api(`/api/v1/portals/${id}`, { method: 'PATCH', body, ...(key ? { key } : {}) });

    // an operator changes portals below theirs, not their own (as for any change of a portal)
    expect((await patch('tinh-a', { alertEmails: ['x@tinh-a.gov.vn'] }, opA)).status).to.equal(403);
    expect((await patch('xa-a', { alertEmails: ['x@tinh-a.gov.vn'] }, opB)).status).to.equal(403);
    const set = await patch('xa-a', { alertEmails: ['vanthu@xa-a.gov.vn'] }, opA);
    expect(set.status).to.equal(200);
    expect((await set.json()).alertEmails).to.deep.equal(['vanthu@xa-a.gov.vn']);
    const bad = await patch('xa-a', { alertEmails: ['not an address'] });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(await bad.json())).to.include('/alertEmails/0');

    const read = async (path: string, key?: string | null) => JSON.stringify(await (await hub!.api(path, { key })).json());
    for (const path of ['/api/v1/portals', '/api/v1/portals/xa-a', '/api/v1/portals/tinh-a/tree']) {
      expect(await read(path, null), `${path} without a key`).to.not.include('alertEmails');
      expect(await read(path, opB), `${path} by another province's operator`).to.not.include('alertEmails');
      expect(await read(path, opA), `${path} by the province's operator`).to.include('vanthu@xa-a.gov.vn');
      expect(await read(path), `${path} by an admin`).to.include('vanthu@xa-a.gov.vn');
    }

    // null removes the commune's own list: it inherits its province's again
    const removed = await patch('xa-a', { alertEmails: null }, opA);
    expect(removed.status).to.equal(200);
    expect(await removed.json()).to.not.have.property('alertEmails');
    const audit = await (await hub.api('/api/v1/audit?portal=xa-a')).json();
    expect(audit.entries.filter((e: { action: string }) => e.action === 'portal.update')).to.have.length(2);
  });
});
