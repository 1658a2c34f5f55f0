/**
 * The operator's CLI (its main() in process, with its own environment and streams): keys made locally, then a remote hub
 * driven with HUB_URL + HUB_KEY; scopes, ownership, `fetch` with its summary, JSON listings and
 * exit codes.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { hubCli } from '../support/cli.ts';
import { startTestServer, serveBody, type TestServer } from '../support/http.ts';

const RSS = (n: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x/</link><description>d</description>
${Array.from({ length: n }, (_, i) => `<item><title>Tin ${i}</title><link>http://x/${i}</link><guid>g${i}</guid><pubDate>Tue, 24 Nov 2026 08:0${i}:00 +0700</pubDate></item>`).join('')}</channel></rss>`;

describe('hub keys, sources, fetch (CLI)', () => {
  let dir: string;
  let site: TestServer;
  let hub: TestHub | undefined;
  let opKey: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-ops-'));
    site = await startTestServer();
    site.route('/a.rss', serveBody(RSS(2), 'application/rss+xml'));
    site.route('/b.rss', serveBody(RSS(3), 'application/rss+xml'));
    site.route('/broken.rss', serveBody('<html>not a feed', 'text/html'));
  });
  after(async () => {
    await hub?.stop();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const local = () => ({ HUB_DATA_DIR: join(dir, 'data'), HUB_DEMO: '0' });

  it('creates an operator key locally and prints it as the last word', async function () {
    this.timeout(60_000);
    const port = new URL(site.url).port;
    for (const args of [
      ['portals', 'add', '--id', 'tinh-a', '--name', 'Tỉnh A', '--url', `http://127.0.0.1:${port}/`, '--level', 'province'],
      ['portals', 'add', '--id', 'tinh-b', '--name', 'Tỉnh B', '--url', 'https://tinhb.gov.vn', '--level', 'province'],
    ])
      expect((await hubCli(args, local())).code).to.equal(0);
    const created = await hubCli(['keys', 'create', '--role', 'operator', '--portal', 'tinh-a', '--label', 'Sở TT&TT', '--expires', '30d'], local());
    expect(created.code, created.stderr).to.equal(0);
    opKey = created.stdout.trim().split(/\s+/).at(-1)!;
    expect(opKey).to.match(/^phk_[a-z0-9]{12}_[A-Za-z0-9_-]{32}$/);
    const usage = await hubCli(['keys', 'create', '--role', 'operator'], local());
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.contain('CLI.PORTAL_REQUIRED');
    const list = JSON.parse((await hubCli(['keys', 'list', '--json'], local())).stdout);
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ role: 'operator', portalId: 'tinh-a', state: 'active', createdBy: 'cli' });
    expect(JSON.stringify(list)).not.to.contain(opKey.slice(-20));
  });

  it('drives a remote hub with the operator key: scope, ownership, fetch, exit codes', async function () {
    this.timeout(60_000); // some twenty CLI runs against a hub
    hub = await startTestHub({}, join(dir, 'data'));
    const port = new URL(site.url).port;
    const op = { HUB_URL: hub.url, HUB_KEY: opKey };
    const admin = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
    const add = (url: string, env = op, portal = 'tinh-a') => hubCli(['sources', 'add', '--portal', portal, '--url', url], env);

    expect((await add(`http://127.0.0.1:${port}/a.rss`)).code).to.equal(0);
    // the check refuses a web page given as a feed (exit 2, the reason in words); --no-check registers it, for `hub fetch` below to report
    const broken = await add(`http://127.0.0.1:${port}/broken.rss`);
    expect(broken.code, broken.stderr).to.equal(2);
    expect(broken.stderr).to.contain('SOURCE.CHECK_NOT_A_FEED').and.contain('is a web page, not a feed');
    expect((await hubCli(['sources', 'add', '--portal', 'tinh-a', '--url', `http://127.0.0.1:${port}/broken.rss`, '--no-check'], op)).code).to.equal(0);
    const pending = await add(`http://localhost:${port}/b.rss`);
    expect(pending.code).to.equal(0);
    expect(pending.stdout).to.match(/portal-hub-[A-Za-z0-9_-]+\s+at http:\/\/localhost:\d+\/\.well-known\/portal-hub\.txt/);

    const denied = await add('https://tinhb.gov.vn/rss', op, 'tinh-b');
    expect(denied.code).to.equal(4);
    expect(denied.stderr).to.contain('AUTH.SCOPE');
    const noKey = await add('https://x.gov.vn/rss', { HUB_URL: hub.url, HUB_KEY: '' });
    expect(noKey.code).to.equal(4);
    expect(noKey.stderr).to.contain('AUTH.MISSING_KEY');
    expect((await hubCli(['keys', 'list'], op)).code).to.equal(4);

    const fetch = await hubCli(['fetch'], op);
    expect(fetch.code, fetch.stderr).to.equal(1); // the broken source failed
    expect(fetch.stderr).to.match(/\[#+\] 2\/2/);
    expect(fetch.stdout).to.match(/2 fetched: 1 ok, 1 failed; 2 new, 0 updated, 0 rejected items; 1 skipped/);
    expect(fetch.stdout).to.contain('PARSE.');

    const fetchJson = JSON.parse((await hubCli(['fetch', '--json'], admin)).stdout);
    expect(fetchJson.totals).to.include({ sources: 2, failed: 1, skipped: 1 });

    const sources = JSON.parse((await hubCli(['--json', 'sources', 'list'], op)).stdout);
    const good = sources.find((s: { url: string }) => s.url.endsWith('/a.rss'));
    const check = await hubCli(['sources', 'check', good.id], op);
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stdout).to.match(/items\s+2 valid, 0 rejected/);
    expect(sources.map((s: { ownership: string }) => s.ownership).sort()).to.deep.equal(['pending', 'verified', 'verified']);
    const pend = sources.find((s: { ownership: string }) => s.ownership === 'pending');
    expect((await hubCli(['sources', 'refresh', pend.id], op)).code).to.equal(6);
    expect((await hubCli(['sources', 'approve', pend.id], op)).code).to.equal(4);
    expect((await hubCli(['sources', 'approve', pend.id], admin)).code).to.equal(0);
    const refreshed = await hubCli(['sources', 'refresh', pend.id], op);
    expect(refreshed.code, refreshed.stderr).to.equal(0);
    expect(refreshed.stdout).to.match(/\b3\b/);
    expect((await hubCli(['sources', 'remove', 'no-such-source'], op)).code).to.equal(5);
    const edited = await hubCli(['sources', 'edit', pend.id, '--interval', '3600', '--json'], op);
    expect(JSON.parse(edited.stdout)[0].intervalSeconds).to.equal(3600);
    expect((await hubCli(['sources', 'remove', pend.id], op)).code).to.equal(0);
    expect((await hubCli(['portals', 'remove', 'tinh-a'], admin)).code).to.equal(6); // still has sources

    const audit = JSON.parse((await hubCli(['audit', '--json', '--limit', '100'], admin)).stdout);
    const actions = audit.entries.map((e: { action: string }) => e.action);
    expect(actions).to.include.members(['source.create', 'ownership.approve', 'source.update', 'source.delete', 'key.create', 'portal.create']);
    const keyId = opKey.slice(4, 16);
    expect((await hubCli(['keys', 'revoke', keyId], admin)).code).to.equal(0);
    const after = await hubCli(['sources', 'list'], op); // reads need no key, but a revoked key is refused
    expect(after.code).to.equal(4);
    expect(after.stderr).to.contain('AUTH.INVALID_KEY');
  });

  it('has help everywhere and exits 2 on a usage error', async function () {
    this.timeout(60_000);
    for (const args of [
      ['--help'],
      ['keys', 'create', '--help'],
      ['sources', 'edit', '--help'],
      ['fetch', '--help'],
      ['portals', 'remove', '--help'],
      ['audit', '--help'],
    ]) {
      const r = await hubCli(args, local());
      expect(r.code, args.join(' ')).to.equal(0);
      expect(r.stdout).to.contain('Usage: hub');
    }
    expect((await hubCli(['sources', 'frobnicate'], local())).code).to.equal(2);
  });
});
