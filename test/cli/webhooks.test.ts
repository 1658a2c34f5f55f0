/** `hub webhooks list|add|remove|deliveries`, against a running hub (HUB_URL) and on a data dir. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubCli } from '../support/cli.ts';
import { ADMIN_KEY, startTestHub, type TestHub } from '../support/hub.ts';

describe('CLI: hub webhooks', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province' } });
  });
  after(() => hub.stop());

  it('adds, lists, shows deliveries of and removes a webhook on a remote hub', async () => {
    const env = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
    const add = await hubCli(['webhooks', 'add', 'http://127.0.0.1:9/hook', '--events', 'item.created,source.failing', '--within', 'tinh-a'], env);
    expect(add.code, add.text).to.equal(0);
    const secret = add.stdout.trim().split('\n').at(-1)!;
    expect(secret).to.match(/^whsec_/);
    const id = /Created webhook (wh_[a-f0-9]+)/.exec(add.stdout)![1];
    const listed = await hubCli(['webhooks', 'list'], env);
    expect(listed.stdout).to.contain(id).and.contain('item.created,source.failing').and.not.contain(secret);
    const deliveries = await hubCli(['--json', 'webhooks', 'deliveries', id], env);
    expect(JSON.parse(deliveries.stdout)).to.deep.equal({ deliveries: [], nextCursor: null });
    const bad = await hubCli(['webhooks', 'add', 'ftp://x/hook', '--events', 'item.created'], env);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('http(s)');
    const enable = await hubCli(['webhooks', 'enable', id], env);
    expect(enable.stdout).to.contain(`Webhook ${id} is active.`);
    expect((await hubCli(['webhooks', 'remove', id], env)).code).to.equal(0);
    const gone = await hubCli(['webhooks', 'remove', id], env);
    expect(gone.code).to.equal(5);
  });

  it('works on a data dir without a running hub', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-cli-wh-'));
    try {
      const env = { HUB_DATA_DIR: dataDir };
      const add = await hubCli(['webhooks', 'add', 'https://bot.example.vn/hook', '--events', 'item.created'], env);
      expect(add.code, add.text).to.equal(0);
      const listed = await hubCli(['--json', 'webhooks', 'list'], env);
      expect(JSON.parse(listed.stdout)).to.have.length(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
