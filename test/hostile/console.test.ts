/**
 * Hostile requests to the console: bodies too large, bodies that are not forms, forms with
 * thousands of fields, odd paths and queries, a `next` that points off the site, markup in what is
 * echoed back. Each gets a page with a reason (never a crash, never a JSON problem), and nothing
 * is stored.
 */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { ConsoleClient, csrfOf } from '../support/console.ts';

describe('hostile: the console', () => {
  let hub: TestHub;
  let c: ConsoleClient;
  let token: string;
  const MAX = 64 * 1024;

  before(async () => {
    hub = await startTestHub({ maxBodyBytes: MAX });
    c = new ConsoleClient(hub.url);
    expect((await c.signIn(ADMIN_KEY)).status).to.equal(303);
    token = csrfOf((await c.get('/console')).html)!;
  });
  after(() => hub.stop());

  const portals = async () => (await (await hub.api('/api/v1/portals')).json()).portals?.length ?? (await (await hub.api('/api/v1/portals')).json()).length;

  it('refuses a form larger than the body cap with a page saying so, and stores nothing', async () => {
    const before = await portals();
    const res = await c.post('/console/portals/new', { id: 'to-lon', name: 'x'.repeat(MAX + 10), url: 'https://x.gov.vn', level: 'province', _csrf: token });
    expect(res.status).to.equal(413);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(res.html).to.include('REQUEST.TOO_LARGE');
    expect(await portals()).to.equal(before);
  });

  it('treats a POST that is not a form as one without its token: refused, nothing stored', async () => {
    const res = await fetch(`${hub.url}/console/portals/new`, {
      method: 'POST',
      headers: { cookie: `hub_session=${c.cookies.get('hub_session')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'json-form', name: 'J', url: 'https://j.gov.vn', level: 'province', _csrf: token }),
      redirect: 'manual',
    });
    expect(res.status).to.equal(403);
    expect((await hub.api('/api/v1/portals/json-form')).status).to.equal(404);
  });

  it('answers a form of 5,000 fields and markup in the values with the form again, escaped', async () => {
    const fields: Record<string, string | string[]> = {
      _csrf: token,
      id: '<script>alert(1)</script>',
      name: '"><img src=x onerror=alert(1)>',
      url: 'javascript:alert(1)',
      level: 'province',
    };
    fields.extra = Array.from({ length: 5000 }, (_, i) => String(i));
    const res = await c.post('/console/portals/new', fields);
    expect(res.status).to.be.oneOf([400, 422]);
    expect(res.html).not.to.include('<script>alert(1)</script>').and.not.to.include('<img src=x');
    expect(res.html).to.include('&#60;script&#62;');
    expect(res.html).not.to.match(/href="javascript:/i);
  });

  it('never sends anyone off the site after sign-in, whatever `next` says', async () => {
    const fresh = new ConsoleClient(hub.url);
    for (const next of [
      'https://evil.example/console',
      '//evil.example/console',
      '/console\\@evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/console/../../evil',
    ]) {
      const page = await fresh.get(`/console/sign-in?next=${encodeURIComponent(next)}`);
      const res = await fresh.post('/console/sign-in', { key: ADMIN_KEY, next }, page.html);
      expect(res.status, next).to.equal(303);
      const location = new URL(res.location!, hub.url);
      expect(location.origin, next).to.equal(new URL(hub.url).origin);
      expect(location.pathname.startsWith('/console'), next).to.equal(true);
      fresh.cookies.delete('hub_session');
    }
  });

  it('answers odd paths and queries with pages, not errors', async () => {
    for (const path of [
      '/console/portals/%00',
      '/console/portals/' + 'a'.repeat(5000),
      '/console/sources/%E0%A4%A',
      `/console/audit?before=${'z'.repeat(5000)}`,
      '/console/sources?page=-1&state=<x>',
      '/console/scorecards?level=nope&sort=__proto__',
      '/console?lang=../../etc/passwd',
    ]) {
      const res = await c.get(path);
      expect(res.status, path).to.be.below(500);
      expect(res.headers.get('content-type'), path).to.match(/^text\/html/);
      expect(res.html, path).not.to.include('<x>');
    }
  });
});
