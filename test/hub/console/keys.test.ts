/**
 * /console/keys over real HTTP: admin only (an operator gets a 403 page, reading or writing); a
 * new key's secret is shown once, in the answer to the form (never a redirect, never stored for
 * the list); a refused form keeps what was typed; revoking needs the form's CSRF token.
 */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { ConsoleClient } from '../../support/console.ts';
import type { ApiKey } from '../../../hub/model.ts';

describe('console: API keys (HTTP)', () => {
  let hub: TestHub;
  let operatorKey: string;
  const keys = async (): Promise<ApiKey[]> => (await (await hub.api('/api/v1/keys')).json()).keys;

  before(async () => {
    hub = await startTestHub();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinha.gov.vn', level: 'province' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    operatorKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'Sở A' } })).json()).secret;
  });
  after(() => hub.stop());

  it('refuses an operator: a 403 page for the list, and for the form with a valid token', async () => {
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(operatorKey)).status).to.equal(303);
    const page = await c.get('/console/keys');
    expect(page.status).to.equal(403);
    expect(page.html).to.include('<h1>Không có quyền</h1>').and.include('AUTH.ADMIN_ONLY');
    // the menu does not offer it either
    expect((await c.get('/console')).html).not.to.include('href="/console/keys"');
    const before = (await keys()).length;
    const overview = await c.get('/console');
    const made = await c.post('/console/keys', { role: 'admin', label: 'chiếm quyền' }, overview.html);
    expect(made.status).to.equal(403);
    expect(made.html).not.to.match(/phk_[A-Za-z0-9_]{20,}/);
    expect(await keys()).to.have.length(before);
  });

  it('creates a key and shows its secret once, on the answer to the form', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const form = await c.get('/console/keys?lang=en');
    expect(form.status).to.equal(200);
    expect(form.html).to.include('<option value="tinh-a">Tỉnh A (tinh-a)</option>');
    const made = await c.post('/console/keys', { role: 'operator', portalId: 'tinh-b', label: 'Phòng TT tỉnh B', expiresAt: '2099-01-31T17:30' }, form.html);
    expect(made.status).to.equal(201);
    expect(made.location, 'no redirect: the secret is in no URL').to.equal(null);
    expect(made.headers.get('cache-control')).to.equal('no-store');
    const secret = /<output id="new-secret" class="secret">([^<]+)<\/output>/.exec(made.html)?.[1];
    expect(secret).to.match(/^phk_/);
    expect(made.html).to.include('data-copy="#new-secret"').and.include('it is shown this once');
    const created = (await keys()).find((k) => k.label === 'Phòng TT tỉnh B')!;
    expect(created).to.include({ role: 'operator', portalId: 'tinh-b', state: 'active', expiresAt: '2099-01-31T10:30:00.000Z' });
    // the secret works: it signs in as that operator
    const holder = new ConsoleClient(hub.url);
    expect((await holder.signIn(secret!)).status).to.equal(303);
    expect((await holder.get('/console?lang=en')).html).to.include('Phòng TT tỉnh B');
    // the list shows the key, its scope and its use, never its secret
    const list = await c.get('/console/keys?lang=en');
    expect(list.html).to.include(`<code>${created.id}</code>`).and.include('Phòng TT tỉnh B');
    expect(list.html).not.to.include(secret!);
    expect(list.html).not.to.include('new-secret');
    const row = list.html.slice(list.html.indexOf(`id="key-${created.id}"`));
    expect(row.slice(0, row.indexOf('</tr>')))
      .to.include('Tỉnh B')
      .and.not.include('never');
  });

  it('keeps what was typed when the hub refuses the form, with the reason next to the field', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const form = await c.get('/console/keys');
    const before = (await keys()).length;
    const refused = await c.post('/console/keys', { role: 'operator', portalId: '', label: 'Không có cổng' }, form.html);
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('id="problem"').and.include('value="Không có cổng"');
    expect(refused.html).to.include('id="f-portalId-error"');
    expect(refused.html).not.to.match(/phk_[A-Za-z0-9_]{20,}/);
    const unknown = await c.post('/console/keys', { role: 'operator', portalId: 'khong-co', label: 'x' }, form.html);
    expect(unknown.status).to.equal(422);
    expect(unknown.html).to.include('id="problem"');
    expect(await keys()).to.have.length(before);
  });

  it('revokes a key only with the form token, and the sessions it opened end', async () => {
    const made = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'sẽ thu hồi' } })).json();
    const holder = new ConsoleClient(hub.url);
    await holder.signIn(made.secret);
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const list = await c.get('/console/keys');
    expect(list.html).to.include(`action="/console/keys/${made.id}/revoke"`).and.include('data-confirm=');
    const forged = await c.post(`/console/keys/${made.id}/revoke`, {});
    expect(forged.status).to.equal(403);
    expect((await keys()).find((k) => k.id === made.id)!.state).to.equal('active');
    const wrong = await c.post(`/console/keys/${made.id}/revoke`, { _csrf: 'x'.repeat(43) });
    expect(wrong.status).to.equal(403);
    const done = await c.post(`/console/keys/${made.id}/revoke`, {}, list.html);
    expect(done.status).to.equal(303);
    expect(done.location).to.equal('/console/keys?done=revoked');
    expect((await c.get(done.location!)).html).to.include('Đã thu hồi khóa.');
    expect((await keys()).find((k) => k.id === made.id)!.state).to.equal('revoked');
    expect((await holder.get('/console')).status, 'its session ended').to.equal(303);
  });

  it('makes a key expire now', async () => {
    const made = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'sẽ hết hạn' } })).json();
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const list = await c.get('/console/keys');
    const done = await c.post(`/console/keys/${made.id}/expire`, {}, list.html);
    expect(done.status).to.equal(303);
    expect((await keys()).find((k) => k.id === made.id)!.state).to.equal('expired');
    const get = await c.get(`/console/keys/${made.id}/revoke`);
    expect(get.status, 'no GET that changes anything').to.equal(405);
    expect(get.html).to.include('ROUTE.METHOD_NOT_ALLOWED');
    expect((await keys()).find((k) => k.id === made.id)!.state).to.equal('expired');
    const unknown = await c.post('/console/keys/khongco/revoke', {}, list.html);
    expect(unknown.status).to.equal(404);
  });
});
