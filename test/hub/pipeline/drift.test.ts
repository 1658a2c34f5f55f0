import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { fixture } from '../../support/adapter.ts';
import type { ItemPage, RefreshResult, Source } from '../../../hub/model.ts';

describe('pipeline: layout drift of an html source', () => {
  let portal: TestServer;
  let hub: TestHub;
  let page = 'pages/tin-tuc.html';
  let inline: string | undefined;
  let source: Source;

  const refresh = async () => (await (await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST' })).json()) as RefreshResult;
  const current = async () => (await (await hub.api(`/api/v1/sources/${source.id}`)).json()) as Source;
  const itemCount = async () => ((await (await hub.api('/api/v1/items?limit=200')).json()) as ItemPage).items.length;

  before(async () => {
    hub = await startTestHub();
    portal = await startTestServer();
    portal.route('/tin-tuc', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(inline ?? fixture(page)));
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'stttt-mau', name: 'Sở TT&TT tỉnh Mẫu', url: portal.url, level: 'department' } });
    const res = await hub.api('/api/v1/sources', {
      method: 'POST',
      body: {
        portalId: 'stttt-mau',
        url: `${portal.url}/tin-tuc`,
        kind: 'html',
        paused: true,
        options: { itemSelector: '.news-list .news-item', title: 'h3.title a', date: '.date' },
      },
    });
    expect(res.status).to.equal(201);
    source = (await res.json()) as Source;
  });
  after(async () => {
    await portal.close();
    await hub.stop();
  });

  it('stores the items of the list page', async () => {
    const r = await refresh();
    expect(r).to.include({ new: 3, rejected: 0 });
    expect((await current()).health)
      .to.include({ state: 'ok' })
      .and.not.have.property('drift');
  });

  it('says which selector matched nothing after the layout changes, and keeps the items', async () => {
    page = 'pages/tin-tuc-doi-giao-dien.html';
    const r = await refresh();
    expect(r.error?.code).to.equal('PARSE.LAYOUT_DRIFT');
    const health = (await current()).health;
    expect(health).to.include({ state: 'failing', consecutiveFailures: 1 });
    expect(health.lastError?.code).to.equal('PARSE.LAYOUT_DRIFT');
    expect(health.drift).to.include({ field: 'itemSelector', selector: '.news-list .news-item', matched: 0 });
    expect(await itemCount()).to.equal(3);

    const since = health.drift!.since;
    await refresh();
    const again = (await current()).health;
    expect(again.consecutiveFailures).to.equal(2);
    expect(again.drift!.since).to.equal(since);
  });

  it('keeps a partial drift on a healthy source while the items still come', async () => {
    // a half-migrated theme: one headline still in h3.title, two already moved to div.headline
    inline = `<div class="news-list">
      <div class="news-item"><h3 class="title"><a href="/tin-tuc/a.html">Tin A</a></h3><span class="date">24/11/2026 08:00</span></div>
      <div class="news-item"><div class="headline"><a href="/tin-tuc/b.html">Tin B</a></div></div>
      <div class="news-item"><div class="headline"><a href="/tin-tuc/c.html">Tin C</a></div></div>
    </div>`;
    const r = await refresh();
    expect(r).to.include({ new: 1, rejected: 2 });
    const health = (await current()).health;
    expect(health).to.include({ state: 'ok' });
    expect(health.drift).to.include({ field: 'title', selector: 'h3.title a', matched: 3, missing: 2 });
    inline = undefined;
  });

  it('clears the drift when the page fits again', async () => {
    page = 'pages/tin-tuc.html';
    const r = await refresh();
    expect(r.error).to.equal(undefined);
    const health = (await current()).health;
    expect(health).to.include({ state: 'ok', consecutiveFailures: 0 });
    expect(health).to.not.have.property('drift');
    expect(health).to.not.have.property('lastError');
  });
});
