/** Permalinks, "also published by" and the embed JSON, over real HTTP. */
import { expect } from 'chai';
import { startEmbedFixture, type EmbedFixture } from './fixture.ts';
import type { Item } from '../../../hub/model.ts';

describe('permalinks and cross-portal copies', () => {
  let f: EmbedFixture;
  before(async () => {
    f = await startEmbedFixture();
  });
  after(() => f.stop());

  const items = async (query = ''): Promise<Item[]> => (await (await f.hub.api(`/api/v1/items${query}`)).json()).items;

  it('redirects /i/{id} to the original article with 302', async () => {
    for (const item of await items()) {
      const res = await fetch(`${f.hub.url}/i/${item.id}`, { redirect: 'manual' });
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal(item.url);
    }
  });

  it('answers 404 problem+json for an unknown permalink', async () => {
    const res = await fetch(`${f.hub.url}/i/0000000000000000ffff`, { redirect: 'manual' });
    expect(res.status).to.equal(404);
    expect((await res.json()).code).to.equal('ITEM.NOT_FOUND');
  });

  it('lists the other portal under alsoPublishedBy, the origin portal first', async () => {
    const all = await items();
    const copy = all.find((i) => i.portalId === 'tinh-hue' && i.url === f.sharedUrl)!;
    const original = all.find((i) => i.portalId === 'bo-noi-vu' && i.url === f.sharedUrl)!;
    expect(copy.clusterId).to.equal(original.clusterId);
    expect(copy.alsoPublishedBy).to.have.length(1);
    expect(copy.alsoPublishedBy![0]).to.include({ portalId: 'bo-noi-vu', portalName: 'Bộ Nội vụ', url: f.sharedUrl, itemId: original.id, origin: true });
    expect(copy.alsoPublishedBy![0].permalink).to.equal(`${f.hub.hub.config.publicUrl}/i/${original.id}`);
    expect(original.alsoPublishedBy![0]).to.include({ portalId: 'tinh-hue', origin: false });
    const single = all.find((i) => i.url.endsWith('thi-dua.html'))!;
    expect(single).to.not.have.property('alsoPublishedBy');
    const one = await (await f.hub.api(`/api/v1/items/${copy.id}`)).json();
    expect(one.alsoPublishedBy.map((p: { portalId: string }) => p.portalId)).to.deep.equal(['bo-noi-vu']);
  });

  it('collapses copies into one embed entry led by the origin portal, dated dd/mm/yyyy', async () => {
    const list = await (await f.hub.api('/embed/items.json?limit=10')).json();
    const shared = list.entries.filter((e: { url: string }) => e.url === f.sharedUrl);
    expect(shared).to.have.length(1);
    expect(shared[0]).to.include({ portalName: 'Bộ Nội vụ', date: '25/11/2022' });
    expect(shared[0].also).to.deep.equal([{ portalName: 'Tỉnh Thừa Thiên Huế', url: f.sharedUrl }]);
    expect(list.entries).to.have.length(3);
  });

  it('answers a revalidation with 304 until new items arrive', async () => {
    const first = await f.hub.api('/embed/items.json?limit=2');
    const etag = first.headers.get('etag')!;
    expect((await f.hub.api('/embed/items.json?limit=2', { headers: { 'if-none-match': etag } })).status).to.equal(304);
    f.province.unshift({
      guid: 'hue-e1',
      title: 'Huế công bố kết quả chuyển đổi số',
      link: `${f.provinceUrl}tin/cds.html`,
      date: 'Sun, 27 Nov 2022 01:00:00 GMT',
    });
    await f.hub.api(`/api/v1/sources/${f.sources.province}/refresh`, { method: 'POST', body: {} });
    const after = await f.hub.api('/embed/items.json?limit=2', { headers: { 'if-none-match': etag } });
    expect(after.status).to.equal(200);
    expect((await after.json()).entries[0].title).to.equal('Huế công bố kết quả chuyển đổi số');
  });

  it('takes the filters of the items API and names a bad one', async () => {
    const list = await (await f.hub.api('/embed/items.json?portal=tinh-hue&limit=1')).json();
    expect(list.entries).to.have.length(1);
    expect(list.entries[0].portalName).to.equal('Tỉnh Thừa Thiên Huế');
    const bad = await f.hub.api('/embed/items.json?limit=abc&colour=red');
    expect(bad.status).to.equal(400);
    const fields = (await bad.json()).errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['limit', 'colour']);
  });

  it('serves the widget script minified, gzipped on request, with an ETag', async () => {
    const res = await fetch(`${f.hub.url}/embed/v1.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('javascript');
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    const js = await res.text();
    expect(js).to.contain('attachShadow');
    const again = await fetch(`${f.hub.url}/embed/v1.js`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).to.equal(304);
  });
});
