/**
 * Webhook tests' world: a mock portal server with two provinces' feeds (tinh-a, tinh-b) and a
 * receiver on loopback that records each POST and answers what the test queued (200 by default).
 */
import { EventEmitter } from 'node:events';
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startTestServer, type TestServer } from '../../support/http.ts';
import type { TestHub } from '../../support/hub.ts';
import { servePortalFeed, type FeedEntry } from '../../support/portal-feed.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: { item?: { title: string; portalId: string } } };
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses to answer, in order; 200 once they are used up (or `always` when set). */
  answers: number[];
  always?: number;
  /** Resolves once `n` requests have arrived in all. */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const server = await startTestServer();
  const events = new EventEmitter();
  const r: Receiver = {
    url: `${server.url}/hook`,
    received: [],
    answers: [],
    arrived: (n) =>
      new Promise((resolve) => {
        const check = () => {
          if (r.received.length < n) return;
          events.off('hit', check);
          resolve();
        };
        events.on('hit', check);
        check();
      }),
    close: () => server.close(),
  };
  server.route('/hook', async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const status = r.answers.shift() ?? r.always ?? 200;
    res.writeHead(status).end();
    r.received.push({ headers: req.headers, body, json: JSON.parse(body), at: performance.now() });
    events.emit('hit');
  });
  return r;
}

/** Standard Webhooks, computed here from the specification and not with the hub's code. */
export function expectedSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface Portals {
  server: TestServer;
  feeds: { a: FeedEntry[]; b: FeedEntry[] };
  sources: { a: string; b: string };
  /** Adds an item to a province's feed and refreshes its source through `hub`. */
  publish(hub: TestHub, which: 'a' | 'b', guid: string, title: string): Promise<void>;
  close(): Promise<void>;
}

export async function post(hub: TestHub, path: string, body: unknown, key?: string): Promise<Record<string, unknown> & { id: string }> {
  const res = await hub.api(path, { method: 'POST', body, ...(key ? { key } : {}) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Registers tinh-a and tinh-b with one source each on `hub` (only once for hubs sharing a store). */
export async function startPortals(hub: TestHub): Promise<Portals> {
  const server = await startTestServer();
  const feeds = { a: [] as FeedEntry[], b: [] as FeedEntry[] };
  servePortalFeed(server, '/a/rss', 'Tỉnh A', feeds.a);
  servePortalFeed(server, '/b/rss', 'Tỉnh B', feeds.b);
  await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province' });
  await post(hub, '/api/v1/portals', { id: 'tinh-b', name: 'Tỉnh B', url: 'http://tinh-b.gov.vn/', level: 'province' });
  // unchecked: both feeds start empty (publish() fills them)
  const a = await post(hub, '/api/v1/sources', { portalId: 'tinh-a', url: `${server.url}/a/rss`, check: false });
  const b = await post(hub, '/api/v1/sources', { portalId: 'tinh-b', url: `${server.url}/b/rss`, check: false });
  return {
    server,
    feeds,
    sources: { a: a.id, b: b.id },
    async publish(on, which, guid, title) {
      feeds[which].unshift({ guid, title, link: `http://tinh-${which}.gov.vn/tin/${guid}.html`, date: new Date().toUTCString() });
      await post(on, `/api/v1/sources/${which === 'a' ? a.id : b.id}/refresh`, {});
    },
    close: () => server.close(),
  };
}
