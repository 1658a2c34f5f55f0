/**
 * Integrity findings of the outside probe ("Hardening from an outside probe", 5, 7 and 16), over
 * real HTTP: an operator's child portal at a foreign URL confers no proof of ownership; control
 * characters are refused in portal text with a message in words, and whatever is already stored
 * never makes a feed or OPML list ill-formed; text is escaped once, the same way, in every format.
 */
import { expect } from 'chai';
import { parseStringPromise } from 'xml2js';
import { startTestServer, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import type { Portal } from '../../hub/model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TITLE = 'Tom & Jerry <3';
const CATEGORY = 'Văn hóa & "Xã hội"';
const feedOf = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x/</link><description>d</description>
<item><title>${esc(title)}</title><link>http://x/1</link><guid>one</guid><category>${esc(CATEGORY)}</category><description>${esc('Tóm tắt & <b>')}</description><pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>`;

describe('hostile: ownership, control characters, one escaping rule', () => {
  let site: TestServer;
  let hub: TestHub;
  let port: string;
  let opKey: string;

  before(async () => {
    site = await startTestServer();
    port = new URL(site.url).port;
    site.route('/amp.rss', (_q, r) => void r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedOf(TITLE)));
    site.route('/ctl.rss', (_q, r) => void r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedOf('Tin một')));
    hub = await startTestHub();
    for (const p of [
      { id: 'tinh-a', name: 'Tỉnh A', url: `http://127.0.0.1:${port}/`, level: 'province' },
      { id: 'ab', name: 'A & B <C>', url: `http://127.0.0.1:${port}/ab`, level: 'province' },
      { id: 'ctl', name: 'Tỉnh ctl', url: `http://127.0.0.1:${port}/ctl`, level: 'province' },
    ])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: p })).status).to.equal(201);
    const res = await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a', label: 'operator of A' } });
    expect(res.status).to.equal(201);
    opKey = (await res.json()).secret;
  });
  after(async () => {
    await hub?.stop();
    await site?.close();
  });

  const asOp = (path: string, init: { method?: string; body?: unknown } = {}) => hub.api(path, { ...init, key: opKey });

  // sources are registered unchecked here: these cases are about ownership, and their URLs are not served
  describe('proof of ownership through child portals (finding 5)', () => {
    it("an operator's child portal at another site's URL does not verify a source there", async () => {
      // `localhost` is a host outside the operator's portal (127.0.0.1): a stand-in for chinhphu.vn
      const child = { id: 'con-gia', name: 'Cổng giả', url: `http://localhost:${port}/`, level: 'department', parentId: 'tinh-a' };
      expect((await asOp('/api/v1/portals', { method: 'POST', body: child })).status).to.equal(201);
      const res = await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'con-gia', url: `http://localhost:${port}/rss`, check: false } });
      expect(res.status, await res.clone().text()).to.equal(201);
      const source = await res.json();
      expect(source.ownership.state).to.equal('pending');
      expect(source.ownership.token).to.match(/^portal-hub-/);
      // and it is not polled
      const refresh = await asOp(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' });
      expect(refresh.status).to.equal(409);
      expect((await refresh.json()).code).to.equal('SOURCE.OWNERSHIP_PENDING');
    });

    it('a bare-host child portal (https://vn/) confers nothing either', async () => {
      const child = { id: 'con-vn', name: 'Cổng vn', url: 'https://vn/', level: 'department', parentId: 'tinh-a' };
      expect((await asOp('/api/v1/portals', { method: 'POST', body: child })).status).to.equal(201);
      const res = await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'con-vn', url: 'https://chinhphu.vn/rss', check: false } });
      expect(res.status, await res.clone().text()).to.equal(201);
      expect((await res.json()).ownership.state).to.equal('pending');
    });

    it("moving a source to its child portal's foreign host leaves it pending", async () => {
      const child = { id: 'con-moi', name: 'Cổng mới', url: `http://localhost:${port}/x`, level: 'department', parentId: 'tinh-a' };
      expect((await asOp('/api/v1/portals', { method: 'POST', body: child })).status).to.equal(201);
      // an admin vouched for the source where it was; the operator moves it to the child portal's (foreign) host
      const res = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'con-moi', url: `http://127.0.0.2:${port}/moved.rss`, check: false } });
      const source = await res.json();
      expect(source.ownership.state).to.equal('approved');
      const moved = await asOp(`/api/v1/sources/${source.id}`, { method: 'PATCH', body: { url: `http://localhost:${port}/moved.rss` } });
      expect(moved.status, await moved.clone().text()).to.equal(200);
      expect((await moved.json()).ownership.state).to.equal('pending');
    });

    it("a child portal inside the operator's domain still verifies its sources; an admin's word is unchanged", async () => {
      const child = { id: 'so-a', name: 'Sở A', url: `http://127.0.0.1:${port}/so`, level: 'department', parentId: 'tinh-a' };
      expect((await asOp('/api/v1/portals', { method: 'POST', body: child })).status).to.equal(201);
      const own = await asOp('/api/v1/sources', { method: 'POST', body: { portalId: 'so-a', url: `http://127.0.0.1:${port}/so.rss`, check: false } });
      expect((await own.json()).ownership).to.include({ state: 'verified', method: 'domain' });
      const admin = await hub.api('/api/v1/sources', {
        method: 'POST',
        body: { portalId: 'con-gia', url: `http://localhost:${port}/admin.rss`, check: false },
      });
      // an admin's source under the portal's domain is verified by it, as before
      expect((await admin.json()).ownership).to.include({ state: 'verified', method: 'domain' });
      const elsewhere = await hub.api('/api/v1/sources', {
        method: 'POST',
        body: { portalId: 'con-gia', url: `http://127.0.0.2:${port}/admin.rss`, check: false },
      });
      expect((await elsewhere.json()).ownership).to.include({ state: 'approved', method: 'admin' });
    });
  });

  describe('control characters (finding 7)', () => {
    it('refuses a control character in a portal name with a message in words', async () => {
      for (const [field, value] of [
        ['name', 'Xa \u0001 ctl'],
        ['nameEn', 'Commune\u007f'],
        ['name', 'Xã\u0085'],
      ]) {
        const res = await hub.api('/api/v1/portals', {
          method: 'POST',
          body: { id: 'xa-ctl', name: 'Xã', url: 'https://xa.vn/', level: 'other', [field]: value },
        });
        expect(res.status).to.equal(400);
        const problem = await res.json();
        expect(problem.code).to.equal('REQUEST.INVALID');
        const error = problem.errors.find((e: { field: string }) => e.field === `/${field}`);
        expect(error, JSON.stringify(problem)).to.be.an('object');
        expect(error.message).to.contain('must not contain control characters');
        expect(error.message).not.to.contain('\\u');
      }
      expect((await hub.api('/api/v1/portals/xa-ctl')).status).to.equal(404);
    });

    it('keeps feeds and OPML well-formed when stored text holds characters XML forbids', async () => {
      // stored before the input rule (or by another way in): the output must still parse
      const stored = (await hub.hub.store.getPortal('ctl')) as Portal;
      await hub.hub.store.putPortal({ ...stored, name: 'Xa \u0001 ctl\u0008\uFFFE', nameEn: 'Bad \u001b[31m' });
      hub.hub.announcer.emitDirectoryChange();
      const src = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'ctl', url: `${site.url}/ctl.rss` } });
      expect((await hub.api(`/api/v1/sources/${(await src.json()).id}/refresh`, { method: 'POST' })).status).to.equal(200);
      for (const path of [
        '/feeds/all.rss',
        '/feeds/all.atom',
        '/feeds/portals/ctl.rss',
        '/feeds/portals/ctl.atom',
        '/opml/portals.opml',
        '/opml/sources.opml',
      ]) {
        const res = await hub.api(path, { key: null });
        expect(res.status, path).to.equal(200);
        const text = await res.text();
        expect(text, path).to.contain('Xa  ctl');
        for (const c of ['\u0001', '\u0008', '\u001b', '\uFFFE']) expect(text.includes(c), `${path} holds U+${c.charCodeAt(0).toString(16)}`).to.equal(false);
        await parseStringPromise(text, { strict: true }).catch((e: Error) => expect.fail(`${path} is not well-formed XML: ${e.message}`));
      }
    });
  });

  describe('one escaping rule (finding 16)', () => {
    before(async () => {
      const src = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'ab', url: `${site.url}/amp.rss` } });
      expect((await hub.api(`/api/v1/sources/${(await src.json()).id}/refresh`, { method: 'POST' })).status).to.equal(200);
    });

    const xml = async (path: string) => parseStringPromise(await (await hub.api(path, { key: null })).text(), { strict: true });
    const textOf = (node: unknown): string => (typeof node === 'string' ? node : (node as { _: string })._);

    it('RSS: the portal name and the item title read exactly as stored after one parse', async () => {
      const channel = (await xml('/feeds/portals/ab.rss')).rss.channel[0];
      expect(textOf(channel.title[0])).to.contain('A & B <C>');
      const item = channel.item.find((i: { title: unknown[] }) => textOf(i.title[0]) === TITLE);
      expect(item, JSON.stringify(channel.item)).to.be.an('object');
      expect(textOf(item.source[0])).to.equal('A & B <C>');
      expect(item.category.map(textOf)).to.include(CATEGORY);
      const all = (await xml('/feeds/all.rss')).rss.channel[0].item.find((i: { title: unknown[] }) => textOf(i.title[0]) === TITLE);
      expect(textOf(all.source[0])).to.equal('A & B <C>');
    });

    it('Atom: the entry title (as text), its source title, author and category read exactly as stored', async () => {
      const feed = (await xml('/feeds/portals/ab.atom')).feed;
      expect(textOf(feed.title[0])).to.contain('A & B <C>');
      const entry = feed.entry.find((e: { title: unknown[] }) => textOf(e.title[0]) === TITLE);
      expect(entry, JSON.stringify(feed.entry)).to.be.an('object');
      expect(entry.title[0].$?.type ?? 'text').to.equal('text');
      expect(textOf(entry.source[0].title[0])).to.equal('A & B <C>');
      expect(textOf(entry.author[0].name[0])).to.equal('A & B <C>');
      expect(entry.category.map((c: { $: { term: string } }) => c.$.term)).to.include(CATEGORY);
    });

    it('JSON Feed and OPML: the same characters', async () => {
      const json = await (await hub.api('/feeds/portals/ab.json', { key: null })).json();
      const item = json.items.find((i: { title: string }) => i.title === TITLE);
      expect(item).to.be.an('object');
      expect(item.authors[0].name).to.equal('A & B <C>');
      const opml = await xml('/opml/portals.opml');
      const outlines: { $: Record<string, string> }[] = [];
      const walk = (o: { $: Record<string, string>; outline?: unknown[] }) => (outlines.push(o), (o.outline ?? []).forEach((c) => walk(c as typeof o)));
      opml.opml.body[0].outline.forEach(walk);
      expect(outlines.find((o) => o.$['hub:portal'] === 'ab')?.$.text).to.equal('A & B <C>');
    });
  });
});
