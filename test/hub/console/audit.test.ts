/**
 * /console/audit over real HTTP: admin only; newest first; the filters the log answers (the key
 * that acted, the portal concerned) narrow the list; paging follows the log's cursor; a change
 * shows the fields that differ, before → after.
 */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { ConsoleClient } from '../../support/console.ts';
import { AUDIT_PAGE } from '../../../hub/api/routes/console/audit.ts';

/** The portal ids of the table's rows, top to bottom (each row's target). */
const targets = (html: string) => [...html.matchAll(/<td>portal <a href="\/console\/portals\/([^"]+)">/g)].map((m) => m[1]);

describe('console: the audit log (HTTP)', () => {
  let hub: TestHub;
  let second: { id: string; secret: string };
  let operatorKey: string;

  before(async () => {
    hub = await startTestHub();
    const portal = (id: string, key?: string) =>
      hub.api('/api/v1/portals', { method: 'POST', body: { id, name: `Tỉnh ${id}`, url: `https://${id}.gov.vn`, level: 'province' }, ...(key ? { key } : {}) });
    expect((await portal('tinh-a')).status).to.equal(201);
    second = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'admin', label: 'Quản trị thứ hai' } })).json();
    expect((await portal('tinh-b', second.secret)).status).to.equal(201);
    // enough entries for more than one page
    for (let i = 0; i < AUDIT_PAGE + 5; i++) expect((await portal(`p${String(i).padStart(2, '0')}`)).status).to.equal(201);
    // a change with a before and an after: a key revoked
    const gone = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-b', label: 'sẽ thu hồi' } })).json();
    expect((await hub.api(`/api/v1/keys/${gone.id}`, { method: 'DELETE' })).status).to.equal(200);
    operatorKey = (await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a' } })).json()).secret;
  });
  after(() => hub.stop());

  it('refuses an operator with a 403 page', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(operatorKey);
    const page = await c.get('/console/audit');
    expect(page.status).to.equal(403);
    expect(page.html).to.include('AUTH.ADMIN_ONLY');
    expect(page.html).not.to.include('portal.create');
  });

  it('lists entries newest first, a page at a time', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const first = await c.get('/console/audit?lang=en');
    expect(first.status).to.equal(200);
    const rows = targets(first.html);
    // a full page of entries; the newest are about keys and sign-ins, then the portals from p54 down
    expect(first.html.match(/<tr>\n<td><time/g)).to.have.length(AUDIT_PAGE);
    expect(first.html.indexOf('key.revoke')).to.be.lessThan(first.html.indexOf('portal.create'));
    expect(rows.slice(0, 3)).to.deep.equal(['p54', 'p53', 'p52']);
    // the revocation, before → after, field by field
    const revoked = first.html.slice(first.html.indexOf('<code>key.revoke</code>'));
    const details = revoked.slice(0, revoked.indexOf('</details>'));
    expect(details)
      .to.include('3 fields changed')
      .and.include('<code>state</code>: <span class="before">active</span>')
      .and.include('<span class="after">revoked</span>')
      .and.include('<code>revokedBy</code>: <span class="before">—</span>');
    const older = /<a href="([^"]+)" rel="next">Older<\/a>/.exec(first.html)?.[1].replace(/&#38;/g, '&');
    expect(older).to.match(/^\/console\/audit\?before=/);
    const second = await c.get(older!);
    // the next page goes on where the first stopped, down to the first portal
    const last = Number(rows.at(-1)!.slice(1));
    const rest = Array.from({ length: last }, (_, i) => `p${String(last - 1 - i).padStart(2, '0')}`);
    expect(targets(second.html)).to.deep.equal([...rest, 'tinh-b', 'tinh-a']);
    expect(second.html).to.include('Newest').and.not.include('rel="next"');
  });

  it('narrows the list by the key that acted and by portal', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const page = await c.get('/console/audit');
    expect(page.html).to.include(`<option value="${second.id}">Quản trị thứ hai (${second.id})</option>`);
    const byKey = await c.get(`/console/audit?actor=${second.id}`);
    expect(targets(byKey.html)).to.deep.equal(['tinh-b']);
    expect(byKey.html).to.include(`<option value="${second.id}" selected>`);
    const byPortal = await c.get('/console/audit?portal=tinh-b&lang=en');
    // the portal's creation, and the key scoped to it, created then revoked
    expect(targets(byPortal.html)).to.deep.equal(['tinh-b']);
    expect(byPortal.html.match(/<code>key\.(create|revoke)<\/code>/g)).to.deep.equal(['<code>key.revoke</code>', '<code>key.create</code>']);
    expect(byPortal.html).not.to.include('tinh-a');
    const nothing = await c.get(`/console/audit?actor=${second.id}&portal=tinh-a&lang=en`);
    expect(targets(nothing.html)).to.deep.equal([]);
    expect(nothing.html).to.include('No entries match the filters.');
  });
});
