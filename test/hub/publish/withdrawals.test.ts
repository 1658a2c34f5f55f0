/**
 * Corrections downstream: an edit reaches feeds and the stream as an update; an item taken down
 * at its source, or withdrawn by an operator, becomes a tombstone and leaves the feeds.
 */
import { expect } from 'chai';
import { startEmbedFixture, type EmbedFixture } from '../embed/fixture.ts';
import { openSse, type SseClient } from '../../support/sse.ts';
import type { Item } from '../../../hub/model.ts';

describe('corrections and withdrawals', () => {
  let f: EmbedFixture;
  let stream: SseClient;
  before(async () => {
    f = await startEmbedFixture();
    stream = await openSse(`${f.hub.url}/api/v1/stream?portal=bo-noi-vu`);
  });
  after(async () => {
    stream.close();
    await f.stop();
  });

  const poll = async () => {
    await f.hub.api(`/api/v1/sources/${f.sources.ministry}/refresh`, { method: 'POST', body: {} });
    await f.hub.withdrawals.idle();
  };
  // tombstones are listed nowhere, so look in the store and read the item back through the API by id
  const item = async (guidTitle: string): Promise<Item> => {
    const { items } = await f.hub.hub.store.queryItems({ portalIds: ['bo-noi-vu'], limit: 200 });
    const found = items.find((i) => i.title.startsWith(guidTitle))!;
    return (await f.hub.api(`/api/v1/items/${found.id}`)).json();
  };
  const listed = async () => ((await (await f.hub.api('/api/v1/items?portal=bo-noi-vu&limit=200')).json()).items as Item[]).map((i) => i.id);
  const rss = async () => (await fetch(`${f.hub.url}/feeds/all.rss`)).text();

  it('sends an edit at the source to the feeds and the stream as an update', async () => {
    f.ministry[1].title = 'Hội nghị tổng kết công tác thi đua khen thưởng năm 2022 (cập nhật)';
    await poll();
    expect(await rss()).to.contain('Hội nghị tổng kết công tác thi đua khen thưởng năm 2022 (cập nhật)');
    const e = await stream.next((x) => x.event === 'update');
    expect(JSON.parse(e.data).title).to.equal('Hội nghị tổng kết công tác thi đua khen thưởng năm 2022 (cập nhật)');
  });

  it('withdraws an item taken down at its source (gone from the feed, its page 404)', async () => {
    // three items: the middle one disappears from the feed and its page answers 404
    f.ministry.unshift({
      guid: 'bnv-w1',
      title: 'Thông báo kết quả thi tuyển công chức',
      link: `${f.portal.url}/bnv/tin/ket-qua.html`,
      date: 'Sat, 26 Nov 2022 02:00:00 GMT',
    });
    f.ministry.unshift({
      guid: 'bnv-w2',
      title: 'Lịch làm việc của lãnh đạo Bộ tuần 48',
      link: `${f.portal.url}/bnv/tin/lich-48.html`,
      date: 'Sun, 27 Nov 2022 02:00:00 GMT',
    });
    f.portal.route('/bnv/tin/ket-qua.html', (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    await poll();
    expect(await rss()).to.contain('Thông báo kết quả thi tuyển công chức');

    f.ministry.splice(1, 1);
    // the oldest entry rolls off the end of the feed; its page answers 404 too (no such route)
    const rolledOff = f.ministry.pop()!;
    f.portal.route('/bnv/tin/ket-qua.html', (_q, res) => void res.writeHead(404).end());
    await poll();
    const gone = await item('Thông báo kết quả');
    expect(gone.flags).to.include('withdrawn');
    expect(gone).to.include({ summary: '', contentHtml: '' });
    expect(await rss()).to.not.contain('Thông báo kết quả thi tuyển công chức');
    expect(await listed()).to.not.include(gone.id);
    const e = await stream.next((x) => x.event === 'withdrawn');
    expect(JSON.parse(e.data)).to.include({ id: gone.id, contentHtml: '' });
    const permalink = await fetch(`${f.hub.url}/i/${gone.id}`, { redirect: 'manual' });
    expect(permalink.status).to.equal(410);
    // an item that merely rolled off the end of the feed is left alone
    expect((await fetch(rolledOff.link)).status).to.equal(404);
    expect((await item('Hội nghị tổng kết')).flags).to.not.include('withdrawn');
    f.ministry.push(rolledOff);
  });

  it('does not withdraw an item missing from the feed whose page still answers', async () => {
    const before = f.ministry.splice(0, 1);
    f.portal.route('/bnv/tin/lich-48.html', (_q, res) => void res.writeHead(200).end('<p>still here</p>'));
    f.ministry.unshift({
      guid: 'bnv-w3',
      title: 'Bộ Nội vụ phát động phong trào thi đua',
      link: `${f.ministryUrl}tin/phong-trao.html`,
      date: 'Mon, 28 Nov 2022 02:00:00 GMT',
    });
    await poll();
    expect((await item('Lịch làm việc')).flags).to.not.include('withdrawn');
    f.ministry.splice(1, 0, ...before);
  });

  it('lets an operator withdraw an item and take it back; an edit at the source does not undo it', async () => {
    const target = await item('Bộ Nội vụ phát động');
    const res = await f.hub.api(`/api/v1/items/${target.id}/withdrawal`, { method: 'PUT' });
    expect(res.status).to.equal(200);
    expect((await res.json()).flags).to.include('withdrawn');
    expect(await rss()).to.not.contain('Bộ Nội vụ phát động phong trào thi đua');
    f.ministry[0].title = 'Bộ Nội vụ phát động phong trào thi đua (sửa)';
    await poll();
    expect((await item('Bộ Nội vụ phát động')).flags).to.include('withdrawn');
    expect(await listed()).to.not.include(target.id);
    const restored = await f.hub.api(`/api/v1/items/${target.id}/withdrawal`, { method: 'DELETE' });
    expect((await restored.json()).flags).to.not.include('withdrawn');
    expect(await listed()).to.include(target.id);
    expect(await rss()).to.contain('Bộ Nội vụ phát động phong trào thi đua (sửa)');
    const again = await f.hub.api(`/api/v1/items/${target.id}/withdrawal`, { method: 'DELETE' });
    expect(again.status).to.equal(409);
    const noKey = await f.hub.api(`/api/v1/items/${target.id}/withdrawal`, { method: 'PUT', key: null });
    expect(noKey.status).to.equal(401);
  });
});
