/** GET /api/v1/stream over real HTTP: live items, filters, corrections and Last-Event-ID resume. */
import { expect } from 'chai';
import { startEmbedFixture, type EmbedFixture } from '../embed/fixture.ts';
import { openSse, type SseClient, type SseEvent } from '../../support/sse.ts';

describe('live stream (SSE)', () => {
  let f: EmbedFixture;
  const open: SseClient[] = [];
  before(async () => {
    f = await startEmbedFixture();
  });
  after(async () => {
    for (const c of open) c.close();
    await f.stop();
  });

  const connect = async (query = '', headers: Record<string, string> = {}) => {
    const c = await openSse(`${f.hub.url}/api/v1/stream${query}`, headers);
    open.push(c);
    return c;
  };
  const refresh = (source: string) => f.hub.api(`/api/v1/sources/${source}/refresh`, { method: 'POST', body: {} });
  const titled = (title: string) => (e: SseEvent) => JSON.parse(e.data).title === title;

  it('pushes a new item of the filtered portal as it is stored, and nothing of other portals', async () => {
    const hue = await connect('?portal=tinh-hue');
    const all = await connect();
    expect(hue.status).to.equal(200);
    f.ministry.unshift({
      guid: 'bnv-s1',
      title: 'Bộ Nội vụ công bố chỉ số cải cách hành chính',
      link: `${f.ministryUrl}tin/par-index.html`,
      date: 'Fri, 25 Nov 2022 04:00:00 GMT',
    });
    f.province.unshift({
      guid: 'hue-s1',
      title: 'Huế đón nhận danh hiệu thành phố văn hóa ASEAN',
      link: `${f.provinceUrl}tin/asean.html`,
      date: 'Fri, 25 Nov 2022 05:00:00 GMT',
    });
    await refresh(f.sources.ministry);
    await refresh(f.sources.province);
    const event = await hue.next(titled('Huế đón nhận danh hiệu thành phố văn hóa ASEAN'));
    expect(event.event).to.equal('item');
    expect(event.id).to.match(/^\d+-\d+$/);
    expect(JSON.parse(event.data)).to.include({ portalId: 'tinh-hue', url: `${f.provinceUrl}tin/asean.html` });
    await all.next(titled('Bộ Nội vụ công bố chỉ số cải cách hành chính'));
    await all.next(titled('Huế đón nhận danh hiệu thành phố văn hóa ASEAN'));
    expect(hue.received.map((e) => JSON.parse(e.data).portalId)).to.deep.equal(['tinh-hue']);
  });

  it('sends a correction as an update event', async () => {
    const c = await connect('?portal=bo-noi-vu');
    f.ministry[0].title = 'Bộ Nội vụ công bố chỉ số cải cách hành chính năm 2022';
    await refresh(f.sources.ministry);
    const e = await c.next(titled('Bộ Nội vụ công bố chỉ số cải cách hành chính năm 2022'));
    expect(e.event).to.equal('update');
    expect(JSON.parse(e.data).id).to.be.a('string');
  });

  it('resumes after Last-Event-ID with exactly the events missed', async () => {
    const first = await connect();
    f.province.unshift({
      guid: 'hue-s2',
      title: 'Huế khởi công cầu vượt sông Hương',
      link: `${f.provinceUrl}tin/cau.html`,
      date: 'Fri, 25 Nov 2022 06:00:00 GMT',
    });
    await refresh(f.sources.province);
    const seen = await first.next(titled('Huế khởi công cầu vượt sông Hương'));
    first.close();
    // while disconnected, two more items arrive
    f.province.unshift({
      guid: 'hue-s3',
      title: 'Huế mở rộng không gian đi bộ',
      link: `${f.provinceUrl}tin/di-bo.html`,
      date: 'Fri, 25 Nov 2022 07:00:00 GMT',
    });
    f.ministry.unshift({
      guid: 'bnv-s2',
      title: 'Bộ Nội vụ sắp xếp đơn vị hành chính cấp xã',
      link: `${f.ministryUrl}tin/sap-xep.html`,
      date: 'Fri, 25 Nov 2022 07:30:00 GMT',
    });
    await refresh(f.sources.province);
    await refresh(f.sources.ministry);
    const resumed = await connect('?portal=tinh-hue', { 'last-event-id': seen.id! });
    const missed = await resumed.next(titled('Huế mở rộng không gian đi bộ'));
    expect(missed.event).to.equal('item');
    expect(resumed.received.map((e) => JSON.parse(e.data).title)).to.deep.equal(['Huế mở rộng không gian đi bộ']);
    // the same through the query parameter, for clients that cannot set the header
    const viaQuery = await connect(`?portal=tinh-hue&lastEventId=${seen.id}`);
    await viaQuery.next(titled('Huế mở rộng không gian đi bộ'));
  });

  it('catches up from the store when the id is older than what it keeps', async () => {
    const c = await connect('?portal=tinh-hue', { 'last-event-id': '1000-0' });
    const e = await c.next(titled('Huế mở rộng không gian đi bộ'));
    expect(['item', 'update']).to.include(e.event);
  });

  it('refuses an unknown filter with problem+json', async () => {
    const res = await f.hub.api('/api/v1/stream?colour=red');
    expect(res.status).to.equal(400);
    expect((await res.json()).errors[0].field).to.equal('colour');
  });
});
