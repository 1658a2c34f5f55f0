/**
 * PATCH /api/v1/portals/{id}: fields left out keep their value, `unset` removes optional ones, the
 * id never changes; the result and the portals below it must still fit the directory; operators
 * change only portals strictly inside their subtree and move them only within it; audited.
 */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../../support/hub.ts';

describe('PATCH /api/v1/portals/{id}', () => {
  let hub: TestHub;
  let operatorA: string;

  const patch = (id: string, body: unknown, key?: string) => hub.api(`/api/v1/portals/${id}`, { method: 'PATCH', body, ...(key ? { key } : {}) });
  const get = async (id: string) => (await hub.api(`/api/v1/portals/${id}`)).json();

  before(async () => {
    hub = await startTestHub();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinha.gov.vn', level: 'province', adminCode: '01' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province', adminCode: '02' },
      { id: 'so-a', name: 'Sở A', url: 'https://so.tinha.gov.vn', level: 'department', parentId: 'tinh-a', logoUrl: 'https://so.tinha.gov.vn/logo.png' },
      { id: 'xa-a', name: 'Xã A', url: 'https://xa.tinha.gov.vn', level: 'commune', parentId: 'tinh-a', adminCode: '00101' },
      { id: 'xa-b', name: 'Xã B', url: 'https://xa.tinhb.gov.vn', level: 'commune', parentId: 'tinh-b' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    operatorA = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'A' } })).json()).secret;
  });
  after(() => hub.stop());

  it('changes the fields sent, keeps the others and createdAt, removes those in unset, and audits before/after', async () => {
    const before = await get('so-a');
    const res = await patch('so-a', { name: 'Sở Thông tin A', nameEn: 'Information Department A', unset: ['logoUrl'] });
    expect(res.status).to.equal(200);
    const after = await res.json();
    const { logoUrl: _gone, ...kept } = before;
    expect(after).to.deep.equal({ ...kept, name: 'Sở Thông tin A', nameEn: 'Information Department A' });
    expect(await get('so-a')).to.deep.equal(after);
    const audit = await (await hub.api('/api/v1/audit?portal=so-a')).json();
    const entry = audit.entries.find((e: { action: string }) => e.action === 'portal.update');
    expect(entry.before.name).to.equal('Sở A');
    expect(entry.after.name).to.equal('Sở Thông tin A');
    expect(entry.before.logoUrl).to.equal('https://so.tinha.gov.vn/logo.png');
  });

  it('changes the alert addresses with the other fields; null or unset removes them (the portal inherits again)', async () => {
    const set = await patch('xa-a', { name: 'Xã A mới', alertEmails: ['vanthu@xa.tinha.gov.vn'] });
    expect(await set.json())
      .to.include({ name: 'Xã A mới' })
      .and.to.have.deep.property('alertEmails', ['vanthu@xa.tinha.gov.vn']);
    expect(await (await patch('xa-a', { alertEmails: null })).json()).not.to.have.property('alertEmails');
    await patch('xa-a', { alertEmails: [] });
    expect((await get('xa-a')).alertEmails, '[]: nobody is mailed').to.deep.equal([]);
    expect(await (await patch('xa-a', { unset: ['alertEmails'], name: 'Xã A' })).json()).not.to.have.property('alertEmails');
  });

  it('lets an operator change a portal below their own', async () => {
    const res = await patch('so-a', { contact: 'Phòng CNTT, 0203 123 456' }, operatorA);
    expect(res.status).to.equal(200);
    expect((await res.json()).contact).to.equal('Phòng CNTT, 0203 123 456');
  });

  it('refuses an operator outside their subtree (403), on their own portal (403) and moving a portal out of it (403); nothing changes', async () => {
    for (const [id, body] of [
      ['xa-b', { name: 'Xã B đổi tên' }],
      ['tinh-b', { name: 'Tỉnh B đổi tên' }],
      ['tinh-a', { name: 'Tỉnh A đổi tên' }],
      ['xa-a', { parentId: 'tinh-b' }],
    ] as const) {
      const res = await patch(id, body, operatorA);
      expect(res.status, id).to.equal(403);
      expect((await res.json()).code).to.equal('AUTH.SCOPE');
    }
    const top = await patch('so-a', { unset: ['parentId'] }, operatorA);
    expect(top.status).to.equal(403);
    expect((await top.json()).code).to.equal('AUTH.ADMIN_ONLY');
    expect((await get('xa-b')).name).to.equal('Xã B');
    expect((await get('tinh-a')).name).to.equal('Tỉnh A');
    expect((await get('xa-a')).parentId).to.equal('tinh-a');
    expect((await get('so-a')).parentId).to.equal('tinh-a');
  });

  it('answers 404 for an unknown portal and 401 without a key', async () => {
    expect((await patch('khong-co', { name: 'X' })).status).to.equal(404);
    expect((await hub.api('/api/v1/portals/so-a', { method: 'PATCH', body: { name: 'X' }, key: null })).status).to.equal(401);
  });

  it('refuses invalid fields and the id (400), naming each field', async () => {
    const res = await patch('so-a', { id: 'so-moi', url: 'ftp://so.tinha.gov.vn', unset: ['name'] });
    expect(res.status).to.equal(400);
    const body = await res.json();
    expect(body.code).to.equal('REQUEST.INVALID');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['/id', '/url', '/unset/0']);
    expect((await patch('so-a', {})).status, 'an empty patch').to.equal(400);
    expect((await get('so-a')).id).to.equal('so-a');
  });

  it('refuses a place that does not fit (422): wrong parent level, a cycle, a taken code, children left misplaced', async () => {
    const cases: [string, unknown, string][] = [
      ['xa-a', { parentId: 'so-a' }, '/parentId'],
      ['tinh-a', { level: 'commune', parentId: 'xa-a' }, '/parentId'],
      ['xa-a', { adminCode: '00101' }, ''],
      ['xa-b', { adminCode: '00101' }, '/adminCode'],
      ['tinh-a', { level: 'department', unset: ['adminCode'] }, '/level'],
    ];
    for (const [id, body, field] of cases) {
      const res = await patch(id, body);
      if (!field) {
        expect(res.status, `${id} keeps its own code`).to.equal(200);
        continue;
      }
      expect(res.status, JSON.stringify(body)).to.equal(422);
      const problem = await res.json();
      expect(problem.code).to.equal('PORTAL.MISPLACED');
      expect(problem.errors.map((e: { field: string }) => e.field)).to.include(field);
    }
    const misplaced = await (await patch('tinh-a', { level: 'department', unset: ['adminCode'] })).json();
    expect(misplaced.errors.filter((e: { field: string }) => e.field === '/level').map((e: { message: string }) => e.message)).to.include(
      'would leave "xa-a" misplaced: a commune portal belongs under a province portal, not a department one',
    );
    expect((await get('tinh-a')).level).to.equal('province');
    expect((await get('xa-a')).parentId).to.equal('tinh-a');
  });
});
