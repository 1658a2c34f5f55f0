/**
 * What the CLI says and how it exits on the mistakes of a first session: no HUB_KEY for a write on
 * a remote hub, a wrong HUB_KEY, a portal that is not registered (exit 5, as README and
 * docs/errors.md say), a source whose ownership is not yet proven (409 with its own title).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { startTestServer, type TestServer } from '../support/http.ts';
import { hubCli } from '../support/cli.ts';
import { EXIT } from '../../cli/context.ts';
import { ERROR_CATALOGUE } from '../../hub/error-catalogue.ts';

const ADD_PORTAL = ['portals', 'add', '--id', 'tinh-moi', '--name', 'Tỉnh mới', '--url', 'https://tinhmoi.gov.vn', '--level', 'province'];

describe('CLI messages and exit codes (CLI)', () => {
  let hub: TestHub;
  let feeds: TestServer;
  let dir: string;
  before(async () => {
    hub = await startTestHub();
    feeds = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-msg-'));
    const ok = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: 'https://tinh-a.gov.vn', level: 'province' } });
    expect(ok.status).to.equal(201);
  });
  after(async () => {
    await hub?.stop();
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write with HUB_URL but no HUB_KEY says to set HUB_KEY, and exits 4', async () => {
    const run = await hubCli(ADD_PORTAL, { HUB_URL: hub.url });
    expect(run.code).to.equal(EXIT.denied);
    expect(run.stderr).to.contain('error AUTH.MISSING_KEY:');
    expect(run.stderr).to.contain('set HUB_KEY');
    expect(run.stderr).to.not.contain('Authorization: Bearer');
    // reads need no key
    expect((await hubCli(['portals', 'list'], { HUB_URL: hub.url })).code).to.equal(EXIT.ok);
  });

  it('a wrong HUB_KEY is named as HUB_KEY, and exits 4', async () => {
    const run = await hubCli(ADD_PORTAL, { HUB_URL: hub.url, HUB_KEY: 'not-a-key' });
    expect(run.code).to.equal(EXIT.denied);
    expect(run.stderr).to.contain('error AUTH.INVALID_KEY: The key in HUB_KEY is not valid on the hub at');
  });

  for (const where of ['remote', 'local'] as const) {
    it(`an unknown portal exits 5 wherever it is named (${where})`, async () => {
      const env: Record<string, string> = where === 'remote' ? { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY } : { HUB_DATA_DIR: join(dir, 'data'), HUB_DEMO: '0' };
      const runs = {
        'portals remove': await hubCli(['portals', 'remove', 'khong-co'], env),
        'sources add': await hubCli(['sources', 'add', '--portal', 'khong-co', '--url', 'https://khongco.gov.vn/rss', '--paused'], env),
        'keys create': await hubCli(['keys', 'create', '--role', 'operator', '--portal', 'khong-co'], env),
        'portals add --parent': await hubCli([...ADD_PORTAL, '--parent', 'khong-co'], env),
        'sources list --portal': await hubCli(['sources', 'list', '--portal', 'khong-co'], env),
        'fetch --portal': await hubCli(['fetch', '--portal', 'khong-co'], env),
      };
      const codes = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, r.code]));
      expect(codes, JSON.stringify(Object.values(runs).map((r) => r.stderr))).to.deep.equal({
        'portals remove': EXIT.notFound,
        'sources add': EXIT.notFound,
        'keys create': EXIT.notFound,
        'portals add --parent': EXIT.notFound,
        'sources list --portal': EXIT.notFound,
        'fetch --portal': EXIT.notFound,
      });
      for (const r of Object.values(runs)) expect(r.stderr).to.contain('khong-co');
    });
  }

  it('the API answers the same unknown portals with 422 and a code of their own', async () => {
    const list = await hub.api('/api/v1/sources?portal=khong-co');
    expect(list.status).to.equal(422);
    expect(await list.json()).to.include({ code: 'SOURCE.UNKNOWN_PORTAL', title: 'Unknown portal' });
    const child = await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'xa-moi', name: 'Xã mới', url: 'https://xamoi.gov.vn', level: 'commune', parentId: 'khong-co' },
    });
    expect(child.status).to.equal(422);
    const problem = await child.json();
    expect(problem).to.include({ code: 'PORTAL.UNKNOWN_PARENT', title: 'Unknown parent portal' });
    expect(problem.errors).to.deep.equal([{ field: '/parentId', message: '"khong-co" is not a registered portal' }]);
    expect((await hub.api('/api/v1/sources?portal=tinh-a')).status).to.equal(200);
  });

  it('409 SOURCE.OWNERSHIP_PENDING has its own title over HTTP, and the CLI exits 6 saying what to do', async () => {
    const titles = Object.entries(ERROR_CATALOGUE).filter(([, e]) => e.title === ERROR_CATALOGUE['SOURCE.OWNERSHIP_PENDING'].title);
    expect(titles.map(([code]) => code)).to.deep.equal(['SOURCE.OWNERSHIP_PENDING']);
    const created = await (await hub.api('/api/v1/keys', { method: 'POST', body: { role: 'operator', portalId: 'tinh-a' } })).json();
    // a feed on another host than the portal's: pending until the portal proves control of it (unchecked: ownership is the case)
    const source = await (
      await hub.api('/api/v1/sources', {
        method: 'POST',
        key: created.secret,
        body: { portalId: 'tinh-a', url: `${feeds.url}/rss`, paused: true, check: false },
      })
    ).json();
    expect(source.ownership.state).to.equal('pending');
    const res = await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', key: created.secret });
    expect(res.status).to.equal(409);
    const problem = await res.json();
    expect(problem).to.include({ code: 'SOURCE.OWNERSHIP_PENDING', title: 'Ownership not yet proven', status: 409 });
    const run = await hubCli(['sources', 'refresh', source.id], { HUB_URL: hub.url, HUB_KEY: created.secret });
    expect(run.code).to.equal(EXIT.conflict);
    expect(run.stderr).to.contain(`error SOURCE.OWNERSHIP_PENDING: The source ${source.id} is not fetched until control of`);
  });
});
