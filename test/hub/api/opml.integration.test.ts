/** OPML 2.0 out and in: the hub's lists read back with xml2js, and an export imported into a second hub. */
import { expect } from 'chai';
import { parseStringPromise } from 'xml2js';
import { startNewsroom, DIRECTORY, type Newsroom } from '../publish/newsroom.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('OPML (integration)', () => {
  let room: Newsroom;
  let other: TestHub;
  before(async () => {
    room = await startNewsroom(2);
    other = await startTestHub();
  });
  after(async () => {
    await room?.close();
    await other?.stop();
  });

  const postOpml = (hub: TestHub, body: string, query = '', type = 'text/x-opml') =>
    fetch(`${hub.url}/api/v1/sources:import${query}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': type }, body });

  it('lists every source grouped by portal', async () => {
    const res = await room.hub.api('/opml/sources.opml', { key: null });
    expect(res.headers.get('content-type')).to.equal('text/x-opml; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).to.equal('*');
    const opml = (await parseStringPromise(await res.text())).opml;
    expect(opml.$.version).to.equal('2.0');
    expect(opml.head[0].dateModified[0]).to.match(RFC822);
    const groups = opml.body[0].outline;
    expect(groups.map((g: { $: Record<string, string> }) => g.$['hub:portal'])).to.deep.equal([
      'chinhphu',
      'bo-khcn',
      'quangninh',
      'hue',
      'quangninh-sokhcn',
      'quangninh-halong',
    ]);
    const hue = groups.find((g: { $: Record<string, string> }) => g.$['hub:portal'] === 'hue');
    expect(hue.$.text).to.equal('Cổng thông tin điện tử thành phố Huế');
    expect(hue.outline).to.have.length(1);
    expect(hue.outline[0].$).to.include({ type: 'rss', xmlUrl: `${room.portals.url}/hue.rss`, 'hub:kind': 'feed', 'hub:interval': '900' });
    const etag = res.headers.get('etag')!;
    expect((await room.hub.api('/opml/sources.opml', { key: null, headers: { 'if-none-match': etag } })).status).to.equal(304);
  });

  it("lists the hub's feed of every portal, nested as the directory", async () => {
    const opml = (await parseStringPromise(await (await room.hub.api('/opml/portals.opml', { key: null })).text())).opml;
    const top = opml.body[0].outline;
    expect(top.map((o: { $: Record<string, string> }) => o.$['hub:portal'])).to.deep.equal(['chinhphu', 'quangninh', 'hue']);
    const qn = top[1];
    expect(qn.$).to.include({
      type: 'rss',
      xmlUrl: `${room.hub.hub.config.publicUrl}/feeds/portals/quangninh.rss`,
      htmlUrl: 'https://www.quangninh.gov.vn',
      'hub:level': 'province',
      'hub:adminCode': '22',
    });
    expect(qn.outline.map((o: { $: Record<string, string> }) => o.$['hub:portal'])).to.deep.equal(['quangninh-sokhcn', 'quangninh-halong']);
    const feed = await room.hub.api(new URL(qn.$.xmlUrl).pathname, { key: null });
    expect(feed.status).to.equal(200);
  });

  it('imports an exported list into another hub, all feeds, once', async () => {
    const exported = await (await room.hub.api('/opml/sources.opml', { key: null })).text();
    const missing = await postOpml(other, exported);
    expect(missing.status).to.equal(422);
    const problem = await missing.json();
    expect(problem.code).to.equal('OPML.IMPORT_INVALID');
    expect(problem.errors).to.have.length(6);
    expect(problem.errors[0]).to.deep.include({ field: '/outlines/0/portal' });
    expect(problem.errors[0].message).to.contain('"chinhphu" is not a registered portal');
    expect((await (await other.api('/api/v1/sources')).json()).sources).to.deep.equal([]);

    await other.api('/api/v1/portals:import', { method: 'POST', body: { portals: DIRECTORY } });
    const dry = await (await postOpml(other, exported, '?dryRun=true')).json();
    expect(dry).to.deep.equal({ dryRun: true, created: [], wouldCreate: 6, unchanged: [] });
    const res = await postOpml(other, exported, '', 'application/xml');
    expect(res.status).to.equal(200);
    const result = await res.json();
    expect(result.created.map((s: { portalId: string }) => s.portalId)).to.deep.equal([
      'chinhphu',
      'bo-khcn',
      'quangninh',
      'hue',
      'quangninh-sokhcn',
      'quangninh-halong',
    ]);
    expect(result.created[0]).to.include({ kind: 'feed', intervalSeconds: 900 });
    const again = await (await postOpml(other, exported)).json();
    expect(again).to.deep.include({ wouldCreate: 0, created: [] });
    expect(again.unchanged).to.have.length(6);
  });

  it("imports a feed reader's list, placing feeds by the given portal or by host", async () => {
    const reader = `<?xml version="1.0"?><opml version="1.0"><head><title>Reader</title></head><body>
      <outline text="Tin tức">
        <outline type="rss" text="Huế mới" xmlUrl="https://hue.gov.vn/rss/moi.rss" htmlUrl="https://hue.gov.vn/"/>
        <outline type="rss" text="Không rõ" xmlUrl="https://example.org/feed.xml"/>
      </outline></body></opml>`;
    const bad = await postOpml(other, reader);
    expect(bad.status).to.equal(422);
    const errors = (await bad.json()).errors;
    expect(errors).to.have.length(1);
    expect(errors[0].field).to.equal('/outlines/1/portal');
    expect(errors[0].message).to.contain('"Không rõ": no portal');
    const res = await (await postOpml(other, reader, '?portal=bo-khcn')).json();
    expect(res.created.map((s: { portalId: string; url: string }) => `${s.portalId} ${s.url}`)).to.deep.equal([
      'bo-khcn https://hue.gov.vn/rss/moi.rss',
      'bo-khcn https://example.org/feed.xml',
    ]);
  });

  it('refuses what is not OPML, and writes without a key', async () => {
    const notXml = await postOpml(other, 'id,name\n');
    expect(notXml.status).to.equal(400);
    expect((await notXml.json()).code).to.equal('OPML.MALFORMED');
    expect((await postOpml(other, '<rss version="2.0"/>')).status).to.equal(400);
    const json = await other.api('/api/v1/sources:import', { method: 'POST', body: { a: 1 } });
    expect(json.status).to.equal(415);
    const anon = await fetch(`${other.url}/api/v1/sources:import`, { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body: '<opml/>' });
    expect(anon.status).to.equal(401);
  });
});
