/**
 * Signing in to the console over real HTTP: the key is exchanged for a server-side session in an
 * HttpOnly, SameSite=Strict cookie (Secure behind https); every form needs the session's CSRF
 * token and a same-origin Origin; signing out, revoking the key or the session's deadlines end it.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { ConsoleClient, csrfOf } from '../../support/console.ts';
import { ConsoleSessions, SESSION_IDLE_MS, SESSION_MAX_MS } from '../../../hub/console/sessions.ts';
import { openBackend } from '../../../hub/backend.ts';
import { loadConfig } from '../../../hub/config.ts';

describe('console: sign-in sessions (HTTP)', () => {
  let hub: TestHub;
  let operatorKey: string;
  let operatorKeyId: string;

  before(async () => {
    hub = await startTestHub();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinha.gov.vn', level: 'province' },
      { id: 'tinh-b', name: 'Tỉnh B', url: 'https://tinhb.gov.vn', level: 'province' },
      { id: 'so-a', name: 'Sở A', url: 'https://so.tinha.gov.vn', level: 'department', parentId: 'tinh-a' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    const made = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'Sở TT tỉnh A' } })).json();
    operatorKey = made.secret;
    operatorKeyId = made.id;
  });
  after(() => hub.stop());

  it('sends a visitor without a session to the sign-in page, and back after signing in', async () => {
    const c = new ConsoleClient(hub.url);
    const first = await c.get('/console?lang=en');
    expect(first.status).to.equal(303);
    expect(first.location).to.equal('/console/sign-in?next=%2Fconsole%3Flang%3Den');
    const page = await c.get(first.location!);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('name="key"').and.include('type="password"');
    const signed = await c.post('/console/sign-in', { key: ADMIN_KEY, next: '/console?lang=en' }, page.html);
    expect(signed.status).to.equal(303);
    expect(signed.location).to.equal('/console?lang=en');
    const overview = await c.get(signed.location!);
    expect(overview.status).to.equal(200);
    expect(overview.html).to.include('You are an admin');
  });

  it('keeps only a random session id in an HttpOnly, SameSite=Strict cookie, never the key', async () => {
    const c = new ConsoleClient(hub.url);
    const signed = await c.signIn(ADMIN_KEY);
    expect(signed.status).to.equal(303);
    const cookie = signed.headers.getSetCookie().find((s) => s.startsWith('hub_session='))!;
    expect(cookie)
      .to.match(/; Path=\/console;/)
      .and.match(/; HttpOnly/)
      .and.match(/; SameSite=Strict/);
    expect(cookie, 'plain http: no Secure').not.to.match(/Secure/);
    const value = c.cookies.get('hub_session')!;
    expect(value).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.to.include(ADMIN_KEY);
    const page = await c.get('/console');
    expect(page.html).not.to.include(ADMIN_KEY);
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(page.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    // the CSP allows no inline script or style: the page has none
    expect(page.html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.html).not.to.match(/\sstyle="/);
  });

  it('refuses a wrong key next to the field and opens no session', async () => {
    const c = new ConsoleClient(hub.url);
    const refused = await c.signIn('phk_000000000000_notakeynotakeynotakeynotakeynota');
    expect(refused.status).to.equal(401);
    expect(refused.html).to.include('id="f-key-error"').and.include('aria-invalid="true"');
    expect(refused.html).to.include('Khóa không đúng');
    expect(c.cookies.has('hub_session')).to.equal(false);
    const empty = await c.post('/console/sign-in', { key: '   ' }, refused.html);
    expect(empty.status).to.equal(400);
    expect(empty.html).to.include('Hãy dán khóa API');
  });

  it('refuses a sign-in form without its token (login CSRF)', async () => {
    const c = new ConsoleClient(hub.url);
    await c.get('/console/sign-in');
    const refused = await c.post('/console/sign-in', { key: ADMIN_KEY });
    expect(refused.status).to.equal(403);
    expect(c.cookies.has('hub_session')).to.equal(false);
    // from another site, even with the right token
    const page = await c.get('/console/sign-in');
    const foreign = await c.post('/console/sign-in', { key: ADMIN_KEY }, page.html, { origin: 'https://evil.example' });
    expect(foreign.status).to.equal(403);
    expect(c.cookies.has('hub_session')).to.equal(false);
  });

  it('refuses a console form without the session token or from another origin, and the session goes on', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const page = await c.get('/console');
    const noToken = await c.post('/console/sign-out', {});
    expect(noToken.status).to.equal(403);
    expect(noToken.html).to.include('CONSOLE.CSRF');
    const wrongToken = await c.post('/console/sign-out', { _csrf: 'x'.repeat(32) });
    expect(wrongToken.status).to.equal(403);
    const foreign = await c.post('/console/sign-out', {}, page.html, { origin: 'https://evil.example' });
    expect(foreign.status).to.equal(403);
    expect((await c.get('/console')).status, 'still signed in').to.equal(200);
  });

  it('signs out: the cookie is cleared and the old session id no longer opens anything', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const old = c.cookies.get('hub_session')!;
    const page = await c.get('/console');
    const out = await c.post('/console/sign-out', {}, page.html);
    expect(out.status).to.equal(303);
    expect(out.location).to.equal('/console/sign-in?notice=signedOut');
    expect(c.cookies.has('hub_session')).to.equal(false);
    expect((await c.get(out.location!)).html).to.include('Bạn đã đăng xuất');
    // a copy of the old cookie, replayed
    c.cookies.set('hub_session', old);
    const replay = await c.get('/console');
    expect(replay.status).to.equal(303);
    expect(replay.location).to.match(/^\/console\/sign-in/);
    const form = await c.post('/console/sign-out', { _csrf: csrfOf(page.html)! });
    expect(form.status, 'a form after the session ended asks to sign in').to.equal(401);
    // both are in the audit log
    const { entries } = await (await hub.api('/api/v1/audit?limit=100')).json();
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).to.include('console.sign-in').and.include('console.sign-out');
  });

  it("ends an operator's sessions when the key is revoked", async () => {
    const made = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-b' } })).json();
    const c = new ConsoleClient(hub.url);
    expect((await c.signIn(made.secret)).status).to.equal(303);
    expect((await c.get('/console')).status).to.equal(200);
    expect((await hub.api(`/api/v1/keys/${made.id}`, { method: 'DELETE' })).status).to.be.oneOf([200, 204]);
    const after = await c.get('/console');
    expect(after.status).to.equal(303);
    expect(after.location).to.match(/^\/console\/sign-in/);
  });

  it("shows an operator only their subtree's portals and sources", async () => {
    for (const [portalId, url] of [
      ['tinh-a', 'https://tinha.gov.vn/rss'],
      ['so-a', 'https://so.tinha.gov.vn/rss'],
      ['tinh-b', 'https://tinhb.gov.vn/rss'],
    ])
      expect((await hub.api('/api/v1/sources', { method: 'POST', body: { portalId, url, check: false, paused: true } })).status).to.equal(201);
    const c = new ConsoleClient(hub.url);
    await c.signIn(operatorKey);
    const page = await c.get('/console?lang=en');
    expect(page.html).to.include('You manage this portal').and.include('Tỉnh A');
    expect(page.html).to.include(operatorKeyId === '' ? 'x' : 'Sở TT tỉnh A');
    const stat = (label: string) => Number(new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(page.html)?.[1]);
    expect(stat('Portals')).to.equal(2);
    expect(stat('Sources')).to.equal(2);
    expect(stat('Paused sources')).to.equal(2);
    expect(page.html).not.to.include('Tỉnh B');
    // the admin's nav has keys and audit; the operator's does not
    expect(page.html).not.to.include('href="/console/keys"');
  });

  it('answers an unknown console page with an HTML page in the operator’s language', async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const missing = await c.get('/console/no-such-page');
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.match(/^text\/html/);
    expect(missing.html).to.include('Không tìm thấy').and.include('CONSOLE.NOT_FOUND');
  });

  it('marks the cookie Secure when the hub is served over https', async () => {
    const secure = await startTestHub({ publicUrl: 'https://hub.example.gov.vn' });
    try {
      const c = new ConsoleClient(secure.url);
      const page = await c.get('/console/sign-in');
      // the browser's Origin is the public one behind the proxy
      const signed = await c.post('/console/sign-in', { key: ADMIN_KEY }, page.html, { origin: 'https://hub.example.gov.vn' });
      expect(signed.status).to.equal(303);
      expect(signed.headers.getSetCookie().find((s) => s.startsWith('hub_session='))).to.match(/; Secure/);
    } finally {
      await secure.stop();
    }
  });
});

describe('console: session deadlines (store)', () => {
  let dataDir: string;
  let now: number;
  let close: () => Promise<void>;
  let sessions: ConsoleSessions;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-sessions-'));
    const backend = await openBackend(loadConfig({}, { dataDir, demo: false }));
    close = () => backend.store.close();
    now = Date.parse('2026-12-04T08:00:00Z');
    sessions = new ConsoleSessions(backend.store, () => new Date(now));
  });
  afterEach(async () => {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends a session left idle for SESSION_IDLE_MS', async () => {
    const { id } = await sessions.open({ keyId: 'admin', role: 'admin' });
    now += SESSION_IDLE_MS - 1;
    expect(await sessions.get(id), 'just inside the idle deadline').to.not.equal(undefined);
    // that request renewed the idle deadline
    now += SESSION_IDLE_MS - 1;
    expect(await sessions.get(id), 'renewed by use').to.not.equal(undefined);
    now += SESSION_IDLE_MS;
    expect(await sessions.get(id), 'idle too long').to.equal(undefined);
  });

  it('ends a session SESSION_MAX_MS after sign-in however busy', async () => {
    const { id } = await sessions.open({ keyId: 'admin', role: 'admin' });
    const start = now;
    while (now + SESSION_IDLE_MS / 2 < start + SESSION_MAX_MS) {
      now += SESSION_IDLE_MS / 2;
      expect(await sessions.get(id)).to.not.equal(undefined);
    }
    now = start + SESSION_MAX_MS;
    expect(await sessions.get(id)).to.equal(undefined);
  });

  it('stores the id only as a hash, and keeps no address', async () => {
    const { id } = await sessions.open({ keyId: 'k1', role: 'operator', portalId: 'p', ip: '10.0.0.9' });
    const backend = (sessions as unknown as { store: { getMetaEntries(m: string): Promise<Map<string, string>> } }).store;
    const stored = [...(await backend.getMetaEntries('console:sessions'))];
    expect(stored).to.have.length(1);
    expect(stored[0][0]).not.to.equal(id);
    expect(stored[0][1]).not.to.include(id).and.not.include('10.0.0.9');
  });
});
