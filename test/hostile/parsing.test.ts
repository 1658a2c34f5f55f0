/**
 * Hostile parsing, from an outside probe: bodies that made the hub's parsing quadratic, sent
 * through a preview, must get a normal answer, and the hub must answer /healthz while the preview
 * is under way. Previews are read on the extract workers: here the hub's one worker is held by a
 * gate (a job that waits on a SharedArrayBuffer, test/support/gated-extract-worker.ts), so the
 * preview provably waits on the worker while /healthz is answered, and is answered once the gate
 * opens. A preview whose reading never ends is stopped with PARSE.TIMEOUT. A page of many links
 * stores at most maxItemsPerFetch items.
 */
import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExtractPool } from '../../hub/pipeline/extract-pool.ts';
import type { Fetched } from '../../hub/pipeline/fetch.ts';
import type { Preview } from '../../hub/model.ts';
import type { PreviewTask } from '../../hub/preview.ts';
import type { DiscoverTask } from '../../hub/discovery/discover.ts';
import { startTestServer, type TestServer } from '../support/http.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { gate } from '../support/gated-extract-worker.ts';

const GATED_WORKER = new URL('../support/gated-extract-worker.ts', import.meta.url).href;

/** The hub's extract workers, telling the test when a preview or a discovery is handed to them. */
class WatchedPool extends ExtractPool {
  onHandedOver?: () => void;
  override preview(task: PreviewTask) {
    this.onHandedOver?.();
    return super.preview(task);
  }
  override discover(task: DiscoverTask) {
    this.onHandedOver?.();
    return super.discover(task);
  }
}

const ONE_ITEM: Fetched = {
  url: 'https://a.gov.vn/rss',
  finalUrl: 'https://a.gov.vn/rss',
  status: 200,
  notModified: false,
  headers: {},
  body: Buffer.from('<rss version="2.0"><channel><title>T</title></channel></rss>'),
};

/** A list page of `n` links in <li>s, each with a date when `dated`. */
const listPage = (n: number, dated = false) =>
  `<!doctype html><html><head><title>Tin tức</title></head><body><ul class="news">${Array.from(
    { length: n },
    (_, i) => `<li><a href="/tin/${i}.html">Tin tức thứ ${i} của cổng</a>${dated ? ` <span>${String((i % 28) + 1).padStart(2, '0')}/11/2026</span>` : ''}</li>`,
  ).join('')}</ul></body></html>`;

/** An RSS feed of items published on the given days of November 2026. */
const feedOf = (days: number[]) =>
  `<rss version="2.0"><channel><title>Tin</title><link>https://a.gov.vn/</link>${days
    .map(
      (d, i) =>
        `<item><title>Tin thứ ${i} của cổng</title><link>https://a.gov.vn/tin/${i}</link><guid>tin-${i}</guid><pubDate>${String(d).padStart(2, '0')} Nov 2026 08:00:00 +0700</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

describe('hostile parsing: read off the main thread, in linear time', function () {
  this.timeout(30_000);
  let site: TestServer;
  let hub: TestHub;
  let pool: WatchedPool;

  before(async () => {
    site = await startTestServer();
    hub = await startTestHub();
    // the hub's extract workers: one, which the gate can hold (the hub closes it when it stops)
    pool = new WatchedPool(hub.hub.config, 1, GATED_WORKER);
    Object.assign(hub.hub, { extract: pool });
  });
  after(async () => {
    await hub?.stop();
    await site?.close();
  });

  /**
   * Holds the worker, serves `body` at `path`, sends `request` (a preview or a discovery of it),
   * and once the portal has sent the whole body and the hub has handed what it fetched to its
   * worker (a hub that reads on its main thread never does: the test then fails on its timeout),
   * asks for /healthz: it must be answered while the request still waits on the worker, its answer
   * not yet written by the hub (its server says when it writes one). Then opens the gate and gives
   * the request's answer.
   */
  async function whileHeld(path: string, body: string, contentType: string, request: () => Promise<Response>): Promise<unknown> {
    const held = gate();
    const holding = pool.run(undefined, { id: 'gate', portalId: 'p', kind: 'feed', options: { gate: held.buffer } }, ONE_ITEM, new Date());
    const sent = new Promise<void>((resolve) =>
      site.route(path, (_req, res) => void res.writeHead(200, { 'content-type': contentType }).end(body, () => resolve())),
    );
    let written = false;
    const watch = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST') res.on('finish', () => (written = true));
    };
    hub.server.on('request', watch);
    const handedOver = new Promise<void>((resolve) => (pool.onHandedOver = resolve));
    const answer = request();
    try {
      await sent;
      await handedOver;
      const health = await hub.api('/healthz', { key: null });
      expect(health.status).to.equal(200);
      expect(written, 'the answer waits on the worker, which is held').to.equal(false);
    } finally {
      held.open();
      hub.server.off('request', watch);
      pool.onHandedOver = undefined;
    }
    await holding;
    const res = await answer;
    expect(res.status).to.equal(200);
    return res.json();
  }

  const previewWhileHeld = (path: string, body: string, contentType: string) =>
    whileHeld(path, body, contentType, () =>
      hub.api('/api/v1/sources/preview?limit=3', { method: 'POST', body: { url: `${site.url}${path}` } }),
    ) as Promise<Preview>;

  it('"<!DOCTYPE[" repeated (1 MB) inside a feed: /healthz answers meanwhile, the preview says what is wrong', async () => {
    const body = `<rss version="2.0"><channel><title>Tin</title>${'<!DOCTYPE['.repeat(100_000)}</channel></rss>`;
    const preview = await previewWhileHeld('/doctype.rss', body, 'application/rss+xml');
    // the probe's body reaches the XML reader: the feed is refused for what it is
    expect(preview.ok).to.equal(false);
    expect(preview.kind).to.equal('feed');
    expect(preview.problems.map((p) => p.code)).to.have.length.greaterThan(0);
    expect(preview.problems.every((p) => p.code.startsWith('PARSE.') || p.code === 'SOURCE.NO_ITEMS')).to.equal(true);
  });

  it('unclosed "<!--" repeated (400 KB): /healthz answers meanwhile, the preview says the content is not recognised', async () => {
    const preview = await previewWhileHeld('/comments', '<!--'.repeat(100_000), 'text/plain');
    expect(preview.ok).to.equal(false);
    expect(preview.problems.map((p) => p.code)).to.deep.equal(['PARSE.UNKNOWN_KIND']);
  });

  it('a list page of 100,000 links: /healthz answers meanwhile, the preview guesses the options and shows items', async function () {
    // a 100,000-link page is parsed twice on the worker (the guess at options, then the items); the old code took minutes
    this.timeout(120_000);
    const preview = await previewWhileHeld('/links.html', listPage(100_000), 'text/html; charset=utf-8');
    expect(preview.suggestedOptions).to.deep.include({ itemSelector: 'ul.news > li', title: 'a', link: 'a' });
    expect(preview.problems.map((p) => p.code)).to.deep.equal(['SOURCE.OPTIONS_REQUIRED']);
    expect(preview.itemCount).to.equal(1000);
    expect(preview.items).to.have.length(3);
    expect(preview.warnings[0]).to.equal(
      'Read 1000 of the 100000 items in the response (the first in the document, as not every item has a date); 99000 dropped (maxItemsPerFetch is 1000)',
    );
  });

  it('unclosed "<!--" repeated (400 KB) as a home page to discover from: /healthz answers meanwhile, nothing is found', async () => {
    const discovery = (await whileHeld('/d/comments', '<!--'.repeat(100_000), 'text/html', () =>
      hub.api('/api/v1/discover', { method: 'POST', body: { url: `${site.url}/d/comments` } }),
    )) as { candidates: unknown[] };
    expect(discovery.candidates).to.deep.equal([]);
  });

  it('a preview whose reading never ends is stopped with PARSE.TIMEOUT, and the hub goes on answering', async () => {
    // a pool of its own with a small timeout: a job's time counts from the worker's `ready`, after its warm-up
    const TIMEOUT_MS = 300;
    const stuck = new ExtractPool(hub.hub.config, 1, GATED_WORKER, TIMEOUT_MS);
    Object.assign(hub.hub, { extract: stuck });
    try {
      site.route('/hang', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(ONE_ITEM.body));
      const res = await hub.api('/api/v1/sources/preview', { method: 'POST', body: { url: `${site.url}/hang` } });
      expect(res.status).to.equal(200);
      const preview = (await res.json()) as Preview;
      expect(preview.ok).to.equal(false);
      expect(preview.problems).to.deep.equal([
        {
          code: 'PARSE.TIMEOUT',
          field: '/url',
          message: `Reading the fetched content took longer than ${TIMEOUT_MS / 1000} s; its extract worker was stopped`,
        },
      ]);
      expect((await hub.api('/healthz', { key: null })).status).to.equal(200);
      // the next preview gets a new worker, and its answer
      site.route('/fine.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedOf([1, 2])));
      const next = (await (await hub.api('/api/v1/sources/preview', { method: 'POST', body: { url: `${site.url}/fine.rss` } })).json()) as Preview;
      expect(next).to.include({ ok: true, itemCount: 2 });
    } finally {
      Object.assign(hub.hub, { extract: pool });
      await stuck.close();
    }
  });
});

describe('hostile parsing: items per fetch', function () {
  this.timeout(60_000);
  let site: TestServer;
  before(async () => (site = await startTestServer()));
  after(() => site?.close());

  /** A hub with a portal on the test site; registers a source and refreshes it once. */
  async function refreshOn(hub: TestHub, source: Record<string, unknown>) {
    expect(
      (await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: `${site.url}/`, level: 'province' } })).status,
    ).to.equal(201);
    const created = await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', ...source } });
    expect(created.status).to.equal(201);
    const { id } = (await created.json()) as { id: string };
    const refreshed = (await (await hub.api(`/api/v1/sources/${id}/refresh`, { method: 'POST' })).json()) as { new: number; warnings: string[] };
    const stored = (await (await hub.api(`/api/v1/sources/${id}`)).json()) as { health: { warnings?: string[] } };
    return { refreshed, stored };
  }

  it('a page of 1,001 links stores 1,000 items (the default cap), with a warning on the source', async () => {
    site.route('/list.html', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(1001)));
    const hub = await startTestHub();
    try {
      const { refreshed, stored } = await refreshOn(hub, {
        url: `${site.url}/list.html`,
        kind: 'html',
        options: { itemSelector: 'ul.news > li', title: 'a', link: 'a' },
      });
      expect(refreshed.new).to.equal(1000);
      const warning =
        'Read 1000 of the 1001 items in the response (the first in the document, as not every item has a date); 1 dropped (maxItemsPerFetch is 1000)';
      expect(refreshed.warnings[0]).to.equal(warning);
      expect(stored.health.warnings?.[0]).to.equal(warning);
      expect(await hub.hub.store.countItems()).to.equal(1000);
    } finally {
      await hub.stop();
    }
  });

  it('with maxItemsPerFetch 5, a feed of 8 dated items stores the 5 newest', async () => {
    site.route('/eight.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedOf([3, 20, 7, 25, 1, 22, 9, 28])));
    const hub = await startTestHub({ maxItemsPerFetch: 5 });
    try {
      const { refreshed } = await refreshOn(hub, { url: `${site.url}/eight.rss` });
      expect(refreshed.new).to.equal(5);
      expect(await hub.hub.store.countItems()).to.equal(5);
      expect(refreshed.warnings[0]).to.equal('Read 5 of the 8 items in the response (the newest); 3 dropped (maxItemsPerFetch is 5)');
      const items = (await (await hub.api('/api/v1/items?portal=tinh-a&limit=50', { key: null })).json()) as { items: { title: string }[] };
      // published on the 28th, 25th, 22nd, 20th and 9th
      expect(items.items.map((i) => i.title).sort()).to.deep.equal([
        'Tin thứ 1 của cổng',
        'Tin thứ 3 của cổng',
        'Tin thứ 5 của cổng',
        'Tin thứ 6 của cổng',
        'Tin thứ 7 của cổng',
      ]);
    } finally {
      await hub.stop();
    }
  });
});
