/**
 * What anyone can reach without a key stays bounded (findings of an outside probe): the WebSub hub
 * endpoint and our callbacks are rate-limited per address, subscriptions are capped and each costs
 * one store record, a push for no subscription is refused before its body is read, live streams
 * are capped per address and per key, and the log is JSON lines that no input can forge.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '../support/http.ts';
import { ADMIN_KEY, startTestHub, type TestHub } from '../support/hub.ts';
import { loadConfig } from '../../hub/config.ts';
import { startHub } from '../../hub/main.ts';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One HTTP request from a given loopback address (127.0.0.0/8 all reach the hub on 127.0.0.1). */
function send(url: string, init: { method?: string; from?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.from, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('bounded unauthenticated endpoints', function () {
  this.timeout(20_000);
  let site: TestServer;
  /** Verification requests each callback path received. */
  const verified = new Map<string, number>();

  before(async () => {
    site = await startTestServer();
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      site.route(`/cb/${name}`, (req, res) => {
        const url = new URL(req.url!, site.url);
        verified.set(name, (verified.get(name) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(url.searchParams.get('hub.challenge'));
      });
  });
  after(() => site.close());

  describe('POST /websub and the callbacks: the write rate limit per address', () => {
    const LIMIT = 4;
    let hub: TestHub;
    before(async () => (hub = await startTestHub({ rateWritePerMinute: LIMIT })));
    after(() => hub.stop());

    it(`answers 429 with Retry-After to the request after ${LIMIT} from one address, while another address goes on`, async () => {
      const subscribe = form({ 'hub.mode': 'subscribe', 'hub.topic': `${hub.url}/feeds/all.rss`, 'hub.callback': `${site.url}/cb/none` });
      const answers: Answer[] = [];
      for (let n = 0; n <= LIMIT; n++) answers.push(await send(`${hub.url}/websub`, { ...subscribe, from: '127.0.0.3' }));
      expect(answers.slice(0, LIMIT).map((a) => a.status)).to.deep.equal(Array(LIMIT).fill(202));
      const over = answers[LIMIT];
      expect(over.status).to.equal(429);
      expect(over.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(JSON.parse(over.body).code).to.equal('RATE.LIMITED');
      expect(Number(over.headers['retry-after'])).to.be.greaterThan(0);
      expect((await send(`${hub.url}/websub`, { ...subscribe, from: '127.0.0.4' })).status).to.equal(202);
      await hub.websub.idle();
    });

    it('limits the callbacks the same way (verifications and pushes to unknown subscriptions)', async () => {
      const statuses: number[] = [];
      for (let n = 0; n <= LIMIT; n++)
        statuses.push((await send(`${hub.url}/websub/callback/src/${n % 2 ? 'tok' : 'x'}?hub.mode=subscribe`, { from: '127.0.0.5' })).status);
      expect(statuses).to.deep.equal([...Array(LIMIT).fill(404), 429]);
      const push = await send(`${hub.url}/websub/callback/src/tok`, { method: 'POST', from: '127.0.0.5', body: '<rss/>' });
      expect(push.status).to.equal(429);
      expect(push.headers['retry-after']).to.match(/^\d+$/);
    });

    it('lets a publishing hub push to a subscription we hold as often as it needs', async () => {
      const now = Date.now();
      const held = { sourceId: 'src-live', hub: `${site.url}/hub`, topic: `${site.url}/feed`, token: 'live-token', secret: 'live-secret' };
      const subscription = {
        ...held,
        state: 'active',
        requestedAt: new Date(now).toISOString(),
        leaseSeconds: 86400,
        expiresAt: new Date(now + 86400_000).toISOString(),
      };
      await hub.hub.store.setMetaEntry('websub:inbound', held.sourceId, JSON.stringify(subscription));
      const statuses: number[] = [];
      // unsigned: acknowledged and ignored (§8), which is all this needs
      for (let n = 0; n <= LIMIT; n++)
        statuses.push((await send(`${hub.url}/websub/callback/${held.sourceId}/${held.token}`, { method: 'POST', from: '127.0.0.8', body: '<rss/>' })).status);
      expect(statuses).to.deep.equal(Array(LIMIT + 1).fill(202));
    });
  });

  describe('subscription caps and what a subscription costs in the store', () => {
    const TOTAL = 3;
    const PER_TOPIC = 2;
    let hub: TestHub;
    before(async () => (hub = await startTestHub({ websubMaxSubscriptions: TOTAL, websubMaxPerTopic: PER_TOPIC })));
    after(() => hub.stop());

    const journal = () => statSync(join(hub.dataDir, 'journal.jsonl')).size;
    const subscribe = async (name: string, topic: string) => {
      const answer = await send(
        `${hub.url}/websub`,
        form({ 'hub.mode': 'subscribe', 'hub.topic': `${hub.url}${topic}`, 'hub.callback': `${site.url}/cb/${name}` }),
      );
      await hub.websub.idle();
      return answer;
    };
    /** The journal record of one subscription, as the embedded store writes it (one meta map entry). */
    const recordBytes = async (name: string) => {
      const s = (await hub.websub.publisher.list()).find((x) => x.callback === `${site.url}/cb/${name}`)!;
      return Buffer.byteLength(JSON.stringify({ t: 'mentry', m: 'websub:subscriptions', f: `${s.topic}\n${s.callback}`, v: JSON.stringify(s) })) + 1;
    };

    it('refuses a subscription beyond the cap per topic and in all, without a verification request; each verified one writes one record', async () => {
      const accept = async (name: string, topic: string) => {
        const before = journal();
        expect((await subscribe(name, topic)).status).to.equal(202);
        expect(verified.get(name)).to.equal(1);
        // the store grew by this subscription's record, not by the whole list again
        expect(journal() - before).to.be.at.most(await recordBytes(name));
      };
      await accept('a', '/feeds/all.rss');
      await accept('b', '/feeds/all.rss');
      const perTopic = await subscribe('d', '/feeds/all.rss');
      expect(perTopic.status).to.equal(429);
      expect(JSON.parse(perTopic.body).code).to.equal('WEBSUB.TOO_MANY_SUBSCRIPTIONS');
      expect(JSON.parse(perTopic.body).detail).to.contain(`(${PER_TOPIC})`);

      await accept('c', '/feeds/all.atom');
      expect(await hub.websub.publisher.list()).to.have.length(TOTAL);
      const total = await subscribe('e', '/feeds/all.json');
      expect(total.status).to.equal(429);
      expect(JSON.parse(total.body).code).to.equal('WEBSUB.TOO_MANY_SUBSCRIPTIONS');
      expect(JSON.parse(total.body).detail).to.contain(`(${TOTAL})`);
      // the refused callbacks were never asked to verify
      expect(verified.has('d')).to.equal(false);
      expect(verified.has('e')).to.equal(false);

      // a renewal of a subscription held is no new subscription: accepted at the cap
      const before = journal();
      expect((await subscribe('a', '/feeds/all.rss')).status).to.equal(202);
      expect(verified.get('a')).to.equal(2);
      expect(journal() - before).to.be.at.most(await recordBytes('a'));
      expect(await hub.websub.publisher.list()).to.have.length(TOTAL);
    });
  });

  describe('POST /websub/callback/{source}/{token} for no subscription', () => {
    let hub: TestHub;
    before(async () => (hub = await startTestHub()));
    after(() => hub.stop());

    it('is refused before its body is read: the answer comes while the client has sent none of it', async () => {
      const declared = 8 * 1024 * 1024;
      const url = new URL(`${hub.url}/websub/callback/no-source/no-token`);
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = httpRequest(
          url,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/rss+xml', 'content-length': String(declared) } },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        // the headers go out; not one byte of the declared body follows until the hub has answered
        req.flushHeaders();
      });
      expect(answer.status).to.equal(404);
      expect(JSON.parse(answer.body).code).to.equal('WEBSUB.UNKNOWN_SUBSCRIPTION');
      // and the connection is not kept for the rest of the body
      expect(answer.headers.connection).to.equal('close');
    });
  });

  describe('GET /api/v1/stream: caps per address and per key', () => {
    const PER_ADDRESS = 2;
    const PER_KEY = 3;
    let hub: TestHub;
    const open: { close(): void }[] = [];
    const serverSockets = new Map<number, Socket>();
    before(async () => {
      hub = await startTestHub({ streamMaxPerAddress: PER_ADDRESS, streamMaxPerKey: PER_KEY, streamMaxClients: 20 });
      hub.server.on('connection', (s: Socket) => serverSockets.set(s.remotePort!, s));
    });
    after(async () => {
      for (const s of open) s.close();
      await hub.stop();
    });

    /** Opens a stream; resolves with its status (and keeps a 200 open), the body of a refusal, and a close. */
    const stream = (from: string, key?: string) =>
      new Promise<Answer & { close(): Promise<void> }>((resolve, reject) => {
        const req = httpRequest(
          `${hub.url}/api/v1/stream`,
          { localAddress: from, agent: false, headers: { accept: 'text/event-stream', ...(key ? { authorization: `Bearer ${key}` } : {}) } },
          (res) => {
            const port = req.socket!.localPort!;
            const close = async () => {
              const server = serverSockets.get(port)!;
              const gone = new Promise((r) => server.once('close', r));
              req.destroy();
              await gone;
              // the hub's close handler runs on the request's close, queued behind the socket's
              await new Promise((r) => setImmediate(r));
            };
            if (res.statusCode === 200) {
              open.push({ close: () => req.destroy() });
              // the first bytes of the stream: it is open
              res.once('data', () => resolve({ status: 200, headers: res.headers, body: '', close }));
              return;
            }
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, close }));
          },
        );
        req.on('error', reject);
        req.end();
      });

    it(`refuses the stream after ${PER_ADDRESS} from one address with a code and Retry-After; another address still connects`, async () => {
      const first = [];
      for (let n = 0; n < PER_ADDRESS; n++) first.push(await stream('127.0.0.6'));
      expect(first.map((s) => s.status)).to.deep.equal(Array(PER_ADDRESS).fill(200));
      const over = await stream('127.0.0.6');
      expect(over.status).to.equal(429);
      expect(JSON.parse(over.body).code).to.equal('STREAM.TOO_MANY_FOR_CALLER');
      expect(Number(over.headers['retry-after'])).to.be.greaterThan(0);
      expect((await stream('127.0.0.7')).status).to.equal(200);
      // a stream closed gives its place back
      await first[0].close();
      expect((await stream('127.0.0.6')).status).to.equal(200);
    });

    it(`counts a key's streams under the key (${PER_KEY}), from any address`, async () => {
      const statuses = [];
      for (let n = 0; n <= PER_KEY; n++) statuses.push((await stream(`127.0.1.${n + 1}`, ADMIN_KEY)).status);
      expect(statuses).to.deep.equal([...Array(PER_KEY).fill(200), 429]);
    });
  });

  describe('the log', () => {
    it('is JSON lines: a hub.callback with CR/LF cannot forge a line', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hub-test-'));
      let out = '';
      const capture = new Writable({
        write(chunk, _encoding, done) {
          out += chunk;
          done();
        },
      });
      const config = loadConfig(
        {},
        { port: 0, host: '127.0.0.1', dataDir, demo: false, schedule: false, allowPrivateFetch: true, adminKey: ADMIN_KEY, extractWorkers: 0 },
      );
      const running = await startHub(config, { logTo: capture, banner: () => {} });
      try {
        const forged = '\r\n{"level":50,"msg":"forged"}\r\n';
        // port 1: nothing listens, so the verification fails and the hub logs the callback
        const callback = `http://127.0.0.1:1/cb?x=${forged}`;
        const answer = await send(
          `${running.url}/websub`,
          form({ 'hub.mode': 'subscribe', 'hub.topic': `${running.url}/feeds/all.rss`, 'hub.callback': callback }),
        );
        expect(answer.status).to.equal(202);
        await running.websub.idle();
        const lines = out.split('\n').filter(Boolean);
        const records = lines.map((l) => JSON.parse(l) as { msg: string });
        expect(
          records.some((r) => r.msg.includes(callback)),
          out,
        ).to.equal(true);
        expect(records.some((r) => r.msg === 'forged')).to.equal(false);

        // a request id per request: a sane incoming one is kept, anything else replaced
        const kept = await send(`${running.url}/healthz`, { headers: { 'x-request-id': 'probe-42.a' } });
        expect(kept.headers['x-request-id']).to.equal('probe-42.a');
        const replaced = await send(`${running.url}/healthz`, { headers: { 'x-request-id': 'x'.repeat(500) } });
        expect(replaced.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      } finally {
        await running.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
