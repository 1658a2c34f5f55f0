/**
 * At least once, even when the hub process is killed outright: a real hub process (tsx, embedded
 * store) stores an item, writes the webhook job and starts POSTing it; the receiver holds that
 * first request open, and the test kills the process with SIGKILL while it is in flight. A new
 * process on the same data dir delivers the event, with the same webhook-id and body, exactly once.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { startPortals, post, type Portals } from './fixture.ts';
import type { TestHub } from '../../support/hub.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KEY = 'sigkill-test-admin-key-0123456789';

interface HubProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  hub: TestHub;
}

async function startHubProcess(dataDir: string): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
    cwd: ROOT,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUB_'))),
      PORT: '0',
      HOST: '127.0.0.1',
      HUB_DEMO: '0',
      HUB_SCHEDULE: '0',
      HUB_ALLOW_PRIVATE_FETCH: '1',
      HUB_ADMIN_KEY: KEY,
      HUB_DATA_DIR: dataDir,
      HUB_EXTRACT_WORKERS: '0',
      // a retry soon after a failed attempt; the window long enough never to give up here
      HUB_WEBHOOK_RETRY_DELAYS_MS: '100',
      HUB_WEBHOOK_RETRY_WINDOW_MS: '600000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', look);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => reject(new Error(`the hub exited before listening:\n${out}`)));
  });
  // ready: /healthz answers 200 once the hub is built (it listens first, answering 503)
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const hub = {
    url,
    api(path: string, init: { method?: string; body?: unknown } = {}) {
      return fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${KEY}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    },
  } as unknown as TestHub;
  return { child, exited, hub };
}

describe('webhooks: a hub killed with SIGKILL mid-delivery delivers after restart', function () {
  this.timeout(60_000);
  let dataDir: string;
  let receiver: TestServer;
  let portals: Portals | undefined;
  let running: HubProcess | undefined;
  const received: { id: string; body: string }[] = [];
  const held: ServerResponse[] = [];
  let arrivedListener: (() => void) | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-sigkill-'));
    receiver = await startTestServer();
    receiver.route('/hook', async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ id: String(req.headers['webhook-id']), body });
      // the first request is held open: the hub is killed while it waits for the answer
      if (received.length === 1) held.push(res);
      else res.writeHead(200).end();
      arrivedListener?.();
    });
  });
  after(async () => {
    running?.child.kill('SIGKILL');
    for (const res of held) res.destroy();
    await portals?.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const arrived = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (received.length >= n) {
          arrivedListener = undefined;
          resolve();
        }
      };
      arrivedListener = check;
      check();
    });

  it('delivers the event once, with the same webhook-id and body', async () => {
    running = await startHubProcess(dataDir);
    portals = await startPortals(running.hub);
    const hook = await post(running.hub, '/api/v1/webhooks', { url: `${receiver.url}/hook`, events: ['item.created'] });
    await portals.publish(running.hub, 'a', 'a-1', 'Tỉnh A khởi công cầu vượt sông');
    await arrived(1);
    // in flight: the receiver holds the request; the process dies without a chance to clean up
    running.child.kill('SIGKILL');
    expect(await running.exited).to.equal(null);
    for (const res of held.splice(0)) res.destroy();

    running = await startHubProcess(dataDir);
    await arrived(2);
    expect(received[1].id, 'the same message').to.equal(received[0].id);
    expect(received[1].body).to.equal(received[0].body);
    expect(JSON.parse(received[1].body).data.item.title).to.equal('Tỉnh A khởi công cầu vượt sông');
    // exactly once: the restarted hub's log has one delivered attempt and nothing waiting
    let log: { result: string; messageId: string }[];
    for (;;) {
      log = (await (await running.hub.api(`/api/v1/webhooks/${hook.id}/deliveries`)).json()).deliveries;
      if (log.some((d) => d.result === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(log.filter((d) => d.result === 'delivered').map((d) => d.messageId)).to.deep.equal([received[0].id]);
    // a sentinel event after it: the receiver gets it next, so nothing else was sent in between
    await portals.publish(running.hub, 'a', 'a-2', 'Tỉnh A công bố quy hoạch');
    await arrived(3);
    expect(JSON.parse(received[2].body).data.item.title).to.equal('Tỉnh A công bố quy hoạch');
    expect(received).to.have.length(3);
  });
});
