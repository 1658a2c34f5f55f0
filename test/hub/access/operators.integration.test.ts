/**
 * Keys, roles and scopes over real HTTP: an admin makes an operator key for a province; the
 * operator manages sources and child portals inside it and gets 403 everywhere else; every change
 * lands in the audit log; revoked and expired keys stop working; proof of ownership holds back a
 * source on a foreign host until the token is served (well-known file or meta tag) or an admin approves.
 */
import { expect } from 'chai';
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x/</link><description>d</description>
<item><title>Tin một</title><link>http://x/1</link><guid>one</guid><pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>`;

describe('operators: keys, scopes, audit, ownership (integration)', () => {
  let site: TestServer;
  let hub: TestHub;
  let port: string;
  let opKey: string;
  let opKeyId: string;
  const wellKnown = { body: '' };
  const homePage = { body: '<html><head></head></html>' };

  before(async () => {
    site = await startTestServer();
    port = new URL(site.url).port;
    site.route('/feed.rss', serveBody(RSS, 'application/rss+xml'));
    site.route(
      '/.well-known/portal-hub.txt',
      (_q, r) => void (wellKnown.body ? r.writeHead(200, { 'content-type': 'text/plain' }).end(wellKnown.body) : r.writeHead(404).end()),
    );
    site.route('/', (_q, r) => void r.writeHead(200, { 'content-type': 'text/html' }).end(homePage.body));
    hub = await startTestHub();
    // the province's registered domain is 127.0.0.1; `localhost` is another host, so sources there need proof
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: `http://127.0.0.1:${port}/`, level: 'province' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province' },
      { id: 'so-a', name: 'Sở A', url: `http://127.0.0.1:${port}/so`, level: 'department', parentId: 'tinh-a' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    const res = await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'Sở TT&TT tỉnh A' } });
    expect(res.status).to.equal(201);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const created = await res.json();
    opKey = created.secret;
    opKeyId = created.id;
    expect(opKey).to.match(/^phk_[a-z0-9]{12}_/);
  });
  after(async () => {
    await hub.stop();
    await site.close();
  });

  const asOp = (path: string, init: { method?: string; body?: unknown } = {}) => hub.api(path, { ...init, key: opKey });
  const problem = async (res: Response, status: number, code: string) => {
    expect(res.status, await res.clone().text()).to.equal(status);
    expect(res.headers.get('content-type')).to.contain('application/problem+json');
    expect((await res.json()).code).to.equal(code);
  };

  it('lists keys without secrets or hashes', async () => {
    const { keys } = await (await hub.api('/api/v1/keys')).json();
    const mine = keys.find((k: { id: string }) => k.id === opKeyId);
    expect(mine).to.include({ role: 'operator', portalId: 'tinh-a', state: 'active', createdBy: 'admin' });
    expect(JSON.stringify(keys)).not.to.contain(opKey.slice(17));
    expect(mine).not.to.have.property('hash');
    expect(mine).not.to.have.property('secret');
    // not used yet
    expect(mine).not.to.have.property('lastUsedAt');
  });

  it('says when a key was last used, to the minute', async () => {
    const before = Date.now();
    expect((await asOp('/api/v1/portals')).status).to.equal(200);
    const { keys } = await (await hub.api('/api/v1/keys')).json();
    const used = Date.parse(keys.find((k: { id: string }) => k.id === opKeyId).lastUsedAt);
    expect(used).to.be.within(before - 1000, Date.now());
    // written at most once a minute: a second use right after does not move it
    await asOp('/api/v1/portals');
    const again = (await (await hub.api('/api/v1/keys')).json()).keys.find((k: { id: string }) => k.id === opKeyId);
    expect(again.lastUsedAt).to.equal(new Date(used).toISOString());
  });

  it('lets an operator manage inside the subtree and nowhere else', async () => {
    const child = await asOp('/api/v1/portals', {
      method: 'POST',
      body: { id: 'xa-a1', name: 'Xã A1', url: `http://127.0.0.1:${port}/xa`, level: 'commune', parentId: 'tinh-a' },
    });
    expect(child.status).to.equal(201);
    await problem(
      await asOp('/api/v1/portals', {
        method: 'POST',
        body: { id: 'xa-b1', name: 'Xã B1', url: 'https://b1.tinhb.gov.vn', level: 'commune', parentId: 'tinh-b' },
      }),
      403,
      'AUTH.SCOPE',
    );
    await problem(
      await asOp('/api/v1/portals', { method: 'POST', body: { id: 'top', name: 'Top', url: 'https://top.gov.vn', level: 'other' } }),
      403,
      'AUTH.ADMIN_ONLY',
    );
    await problem(await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: 'https://tinhb.gov.vn/rss' } }), 403, 'AUTH.SCOPE');
    await problem(await asOp('/api/v1/portals/tinh-a', { method: 'DELETE' }), 403, 'AUTH.SCOPE');
    await problem(await asOp('/api/v1/portals/tinh-b', { method: 'DELETE' }), 403, 'AUTH.SCOPE');
    expect((await asOp('/api/v1/portals/xa-a1', { method: 'DELETE' })).status).to.equal(204);
    expect((await hub.api('/api/v1/portals/xa-a1')).status).to.equal(404);
    // tinh-b's own source, made by the admin, cannot be touched by the operator (unchecked: its URL is not served)
    const foreign = await (
      await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: 'https://tinhb.gov.vn/rss', paused: true, check: false } })
    ).json();
    await problem(await asOp(`/api/v1/sources/${foreign.id}/refresh`, { method: 'POST' }), 403, 'AUTH.SCOPE');
    await problem(await asOp(`/api/v1/sources/${foreign.id}`, { method: 'PATCH', body: { paused: false } }), 403, 'AUTH.SCOPE');
    await problem(await asOp(`/api/v1/sources/${foreign.id}`, { method: 'DELETE' }), 403, 'AUTH.SCOPE');
    await problem(await asOp('/api/v1/keys'), 403, 'AUTH.ADMIN_ONLY');
    await problem(await asOp('/api/v1/keys', { method: 'POST', body: { role: 'admin' } }), 403, 'AUTH.ADMIN_ONLY');
    await problem(await asOp('/api/v1/audit'), 403, 'AUTH.ADMIN_ONLY');
    await problem(
      await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: 'https://x.gov.vn/rss' }, key: null }),
      401,
      'AUTH.MISSING_KEY',
    );
  });

  it('verifies a source on the portal domain at once, and refreshes it', async () => {
    const res = await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `http://127.0.0.1:${port}/feed.rss` } });
    const source = await res.json();
    expect(source.ownership).to.include({ state: 'verified', method: 'domain' });
    const r = await (await asOp(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' })).json();
    expect(r.new).to.equal(1);
    const edited = await (await asOp(`/api/v1/sources/${source.id}`, { method: 'PATCH', body: { intervalSeconds: 1800 } })).json();
    expect(edited.intervalSeconds).to.equal(1800);
    expect((await asOp(`/api/v1/sources/${source.id}`, { method: 'DELETE' })).status).to.equal(204);
    const items = await (await hub.api(`/api/v1/items?portal=so-a`)).json();
    expect(items.items).to.have.length(0);
  });

  it('holds a source on another host pending until the well-known token is served', async () => {
    const source = await (await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `http://localhost:${port}/feed.rss` } })).json();
    expect(source.ownership.state).to.equal('pending');
    expect(source.ownership.token).to.match(/^portal-hub-/);
    await problem(await asOp(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' }), 409, 'SOURCE.OWNERSHIP_PENDING');
    const stillPending = await (await asOp(`/api/v1/sources/${source.id}/ownership/verify`, { method: 'POST' })).json();
    expect(stillPending.ownership.state).to.equal('pending');
    expect(stillPending.ownership.lastCheck.message).to.contain('FETCH.HTTP_STATUS');
    await problem(await asOp(`/api/v1/sources/${source.id}/ownership/approve`, { method: 'POST' }), 403, 'AUTH.ADMIN_ONLY');
    wellKnown.body = `other-line\n${source.ownership.token}\n`;
    const verified = await (await asOp(`/api/v1/sources/${source.id}/ownership/verify`, { method: 'POST' })).json();
    expect(verified.ownership).to.include({ state: 'verified', method: 'well-known' });
    expect(verified.ownership).not.to.have.property('token');
    expect((await (await asOp(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' })).json()).error).to.equal(undefined);
    wellKnown.body = '';
  });

  it('accepts the token in a meta tag, and an admin approval', async () => {
    const a = await (await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `http://localhost:${port}/feed.rss?a=1` } })).json();
    homePage.body = `<html><head><meta content='${a.ownership.token}' name="portal-hub-verification"></head></html>`;
    const verified = await (await asOp(`/api/v1/sources/${a.id}/ownership/verify`, { method: 'POST' })).json();
    expect(verified.ownership).to.include({ state: 'verified', method: 'meta' });
    const b = await (await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `http://localhost:${port}/feed.rss?b=1` } })).json();
    expect(b.ownership.state).to.equal('pending');
    const approved = await (await hub.api(`/api/v1/sources/${b.id}/ownership/approve`, { method: 'POST' })).json();
    expect(approved.ownership).to.include({ state: 'approved', method: 'admin', settledBy: 'admin' });
    // moving it to yet another host needs proof again
    const moved = await (await asOp(`/api/v1/sources/${b.id}`, { method: 'PATCH', body: { url: `http://[::1]:${port}/feed.rss` } })).json();
    expect(moved.ownership.state).to.equal('pending');
  });

  it("withdraws items of the subtree only, and bulk imports stay an admin's", async () => {
    site.route(
      '/b.rss',
      serveBody(
        RSS.replace(/one|Tin một|http:\/\/x\/1/g, (m) => `${m}-b`),
        'application/rss+xml',
      ),
    );
    const b = await (await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: `http://127.0.0.1:${port}/b.rss` } })).json();
    expect(b.ownership).to.include({ state: 'approved', method: 'admin' });
    await hub.api(`/api/v1/sources/${b.id}/refresh`, { method: 'POST' });
    const a = await (await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `http://127.0.0.1:${port}/feed.rss?w=1` } })).json();
    await asOp(`/api/v1/sources/${a.id}/refresh`, { method: 'POST' });
    const [itemA] = (await (await hub.api('/api/v1/items?portal=tinh-a')).json()).items;
    const [itemB] = (await (await hub.api('/api/v1/items?portal=tinh-b')).json()).items;
    expect((await asOp(`/api/v1/items/${itemA.id}/withdrawal`, { method: 'PUT' })).status).to.equal(200);
    await problem(await asOp(`/api/v1/items/${itemB.id}/withdrawal`, { method: 'PUT' }), 403, 'AUTH.SCOPE');
    await problem(
      await asOp('/api/v1/portals:import', { method: 'POST', body: { portals: [{ id: 'z', name: 'Z', url: 'https://z.gov.vn', level: 'other' }] } }),
      403,
      'AUTH.ADMIN_ONLY',
    );
    const imported = await hub.api('/api/v1/portals:import', {
      method: 'POST',
      body: { portals: [{ id: 'z', name: 'Z', url: 'https://z.gov.vn', level: 'other' }] },
    });
    expect(imported.status).to.equal(200);
  });

  it('writes every change to the audit log, with before and after', async () => {
    const { entries } = await (await hub.api('/api/v1/audit?limit=200')).json();
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).to.include.members([
      'key.create',
      'portal.create',
      'portal.delete',
      'source.create',
      'source.update',
      'source.delete',
      'ownership.verify',
      'ownership.approve',
      'item.withdraw',
      'portal.import',
    ]);
    expect(entries.find((e: { action: string }) => e.action === 'source.create').after).to.have.property('ownership');
    const update = entries.find(
      (e: { action: string; after: { intervalSeconds: number } }) => e.action === 'source.update' && e.after.intervalSeconds === 1800,
    );
    expect(update.actor).to.include({ role: 'operator', portalId: 'tinh-a', keyId: opKeyId });
    expect(update.before.intervalSeconds).to.equal(900);
    const del = entries.find((e: { action: string }) => e.action === 'portal.delete');
    expect(del.before.id).to.equal('xa-a1');
    expect(del).not.to.have.property('after');
    expect(entries.map((e: { id: string }) => e.id)).to.deep.equal([...entries.map((e: { id: string }) => e.id)].sort().reverse());
    const onlyB = await (await hub.api('/api/v1/audit?portal=tinh-b')).json();
    expect(onlyB.entries.every((e: { portalId: string }) => e.portalId === 'tinh-b')).to.equal(true);
    const page = await (await hub.api('/api/v1/audit?limit=2')).json();
    expect(page.entries).to.have.length(2);
    const next = await (await hub.api(`/api/v1/audit?limit=2&before=${page.nextBefore}`)).json();
    expect(next.entries[0].id < page.entries[1].id).to.equal(true);
    expect(JSON.stringify(entries)).not.to.contain(opKey);
  });

  it('stops a revoked key and an expired key at once', async () => {
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const short = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-b', expiresAt: later } })).json();
    // unchecked: the key is the case, and the URL is not served
    const created = await hub.api('/api/v1/sources', {
      method: 'POST',
      body: { portalId: 'tinh-b', url: 'https://tinhb.gov.vn/a.rss', paused: true, check: false },
      key: short.secret,
    });
    expect(created.status).to.equal(201);
    await problem(
      await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-b', expiresAt: '2001-01-01T00:00:00Z' } }),
      400,
      'KEY.EXPIRY_PAST',
    );
    await problem(await hub.api(`/api/v1/keys/${short.id}`, { method: 'PATCH', body: {}, key: opKey }), 403, 'AUTH.ADMIN_ONLY');
    const expired = await (await hub.api(`/api/v1/keys/${short.id}`, { method: 'PATCH', body: {} })).json();
    expect(expired.state).to.equal('expired');
    await problem(
      await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-b', url: 'https://tinhb.gov.vn/b.rss' }, key: short.secret }),
      401,
      'AUTH.INVALID_KEY',
    );
    const revoked = await (await hub.api(`/api/v1/keys/${opKeyId}`, { method: 'DELETE' })).json();
    expect(revoked.state).to.equal('revoked');
    await problem(
      await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: `http://127.0.0.1:${port}/x.rss` } }),
      401,
      'AUTH.INVALID_KEY',
    );
    await problem(await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator' } }), 400, 'REQUEST.INVALID');
    await problem(await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'nope' } }), 422, 'KEY.UNKNOWN_PORTAL');
    // a forged key with a real id and a wrong secret
    await problem(await hub.api('/api/v1/portals', { method: 'POST', body: {}, key: `phk_${short.id}_${'A'.repeat(32)}` }), 401, 'AUTH.INVALID_KEY');
  });
});
