/**
 * The audit log's filters by action (or a family of actions), by the thing changed and by time, on
 * both implementations; then through the API, the CLI and the console's form (days in the hub's
 * time zone).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog, RedisAuditLog, type AuditLog } from '../../../hub/audit/audit-log.ts';
import { openTestRedisStore } from '../../support/redis.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { ConsoleClient } from '../../support/console.ts';
import { ADMIN_KEY } from '../../support/hub.ts';
import { hubCli } from '../../support/cli.ts';
import { dayStart } from '../../../hub/console/parts.ts';

const T0 = Date.parse('2026-12-01T16:30:00Z'); // 23:30 on 1 December in Viet Nam
const ACTIONS = ['portal.create', 'source.create', 'source.update', 'source.delete', 'key.revoke', 'source.update'];

function filters(name: string, open: () => Promise<{ log: AuditLog; close: () => Promise<void> }>) {
  describe(name, () => {
    let env: Awaited<ReturnType<typeof open>>;
    before(async () => {
      env = await open();
      // one entry an hour from 23:30 on 1 December (Viet Nam)
      for (const [i, action] of ACTIONS.entries())
        await env.log.append(
          { actor: { keyId: 'admin', role: 'admin' }, action, target: { type: action.split('.')[0] as 'source', id: `t${i % 3}` } },
          new Date(T0 + i * 3_600_000),
        );
    });
    after(() => env.close());

    const ids = async (q: Parameters<AuditLog['list']>[0]) => (await env.log.list(q)).entries.map((e) => `${e.action}@${e.at.slice(11, 16)}`);

    it('filters by one action, or by a family ending with a dot', async () => {
      expect(await ids({ limit: 10, action: 'source.update' })).to.deep.equal(['source.update@21:30', 'source.update@18:30']);
      expect(await ids({ limit: 10, action: 'source.' })).to.deep.equal([
        'source.update@21:30',
        'source.delete@19:30',
        'source.update@18:30',
        'source.create@17:30',
      ]);
      // a family is named with its dot: "source" alone is no action
      expect(await ids({ limit: 10, action: 'source' })).to.deep.equal([]);
    });

    it('filters by the thing changed', async () => {
      expect(await ids({ limit: 10, target: 't1' })).to.deep.equal(['key.revoke@20:30', 'source.create@17:30']);
    });

    it('filters by time: since included, until excluded, and pages within them', async () => {
      const since = new Date(T0 + 3_600_000).toISOString();
      const until = new Date(T0 + 4 * 3_600_000).toISOString();
      expect(await ids({ limit: 10, since, until })).to.deep.equal(['source.delete@19:30', 'source.update@18:30', 'source.create@17:30']);
      const first = await env.log.list({ limit: 2, since, until });
      expect(first.nextBefore).to.be.a('string');
      expect(await ids({ limit: 2, since, until, before: first.nextBefore! })).to.deep.equal(['source.create@17:30']);
    });
  });
}

describe('audit log filters', () => {
  filters('file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-audit-filters-'));
    return { log: new FileAuditLog(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
  });
  filters('redis', async () => {
    const store = await openTestRedisStore('hubtest-audit-filters');
    return { log: new RedisAuditLog(store), close: () => store.close() };
  });

  it('knows where a day starts in a time zone', () => {
    expect(dayStart('2026-12-02', 'Asia/Ho_Chi_Minh').toISOString()).to.equal('2026-12-01T17:00:00.000Z');
    expect(dayStart('2026-12-02', 'Asia/Ho_Chi_Minh', 1).toISOString()).to.equal('2026-12-02T17:00:00.000Z');
    expect(dayStart('2026-07-01', 'Europe/Paris').toISOString()).to.equal('2026-06-30T22:00:00.000Z');
    expect(dayStart('2026-12-02', 'UTC').toISOString()).to.equal('2026-12-02T00:00:00.000Z');
  });
});

describe('audit log filters through the API, the CLI and the console', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    for (const id of ['tinh-a', 'tinh-b'])
      expect((await hub.api('/api/v1/portals', { method: 'POST', body: { id, name: id, url: `https://${id}.gov.vn`, level: 'province' } })).status).to.equal(
        201,
      );
    const src = await (
      await hub.api('/api/v1/sources', { method: 'POST', body: { portalId: 'tinh-a', url: 'https://tinh-a.gov.vn/rss', check: false, paused: true } })
    ).json();
    expect((await hub.api(`/api/v1/sources/${src.id}`, { method: 'PATCH', body: { intervalSeconds: 600 } })).status).to.equal(200);
  });
  after(() => hub.stop());

  it('answers action, target, since and until on GET /api/v1/audit', async () => {
    const family = await (await hub.api('/api/v1/audit?action=source.')).json();
    expect(family.entries.map((e: { action: string }) => e.action)).to.deep.equal(['source.update', 'source.create']);
    const target = await (await hub.api('/api/v1/audit?target=tinh-b')).json();
    expect(target.entries.map((e: { action: string }) => e.action)).to.deep.equal(['portal.create']);
    const future = await (await hub.api(`/api/v1/audit?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json();
    expect(future.entries).to.deep.equal([]);
    const past = await (await hub.api(`/api/v1/audit?until=${encodeURIComponent('2020-01-01T00:00:00Z')}`)).json();
    expect(past.entries).to.deep.equal([]);
    const bad = await hub.api('/api/v1/audit?since=yesterday');
    expect(bad.status).to.equal(400);
    expect((await bad.json()).errors[0].field).to.match(/since/);
  });

  it('takes the same filters in `hub audit`', async () => {
    const env = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
    const out = await hubCli(['--json', 'audit', '--action', 'portal.create', '--target', 'tinh-a'], env);
    expect(out.code, out.stderr).to.equal(0);
    expect(JSON.parse(out.stdout).entries.map((e: { target: { id: string } }) => e.target.id)).to.deep.equal(['tinh-a']);
  });

  it("filters the console's audit page by action family and by days, keeping them in the form", async () => {
    const c = new ConsoleClient(hub.url);
    await c.signIn(ADMIN_KEY);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: hub.hub.config.timeZone }).format(new Date());
    const page = await c.get(`/console/audit?action=source.&from=${today}&to=${today}`);
    expect(page.status).to.equal(200);
    const actions = [...page.html.matchAll(/<td><code>([a-z.-]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(actions).to.deep.equal(['source.update', 'source.create']);
    expect(page.html).to.include('id="f-action"').and.include('value="source."').and.include(`value="${today}"`);
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: hub.hub.config.timeZone }).format(new Date(Date.now() - 2 * 86_400_000));
    const none = await c.get(`/console/audit?to=${yesterday}`);
    expect([...none.html.matchAll(/<td><code>([a-z.-]+)<\/code><\/td>/g)]).to.have.length(0);
  });
});
