/** `hub portals scorecard <id> [--subtree] [--json]` against a running hub (HUB_URL), and on the local store. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubCli } from '../support/cli.ts';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { makeItem } from '../hub/store/contract.ts';
import { EmbeddedStore } from '../../hub/store/embedded.ts';

describe('hub portals scorecard', () => {
  let hub: TestHub;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  before(async () => {
    hub = await startTestHub();
    await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'hue', name: 'Thành phố Huế', url: 'https://hue.gov.vn', level: 'province' } });
    await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'hue-phuxuan', name: 'Phường Phú Xuân', url: 'https://phuxuan.hue.gov.vn', level: 'commune', parentId: 'hue' },
    });
    await hub.hub.store.putItems([
      // delay 1800 s
      makeItem(1, { portalId: 'hue', publishedAt: hoursAgo(2), updatedAt: hoursAgo(2), fetchedAt: hoursAgo(1.5) }),
      makeItem(2, { portalId: 'hue-phuxuan', publishedAt: hoursAgo(3), updatedAt: hoursAgo(3), fetchedAt: hoursAgo(2) }),
    ]);
  });
  after(async () => hub?.stop());
  const env = () => ({ HUB_URL: hub.url, HUB_KEY: ADMIN_KEY });

  it('prints the figures and the grade rule, or the JSON', async () => {
    const run = await hubCli(['portals', 'scorecard', 'hue'], env());
    expect(run.code, run.text).to.equal(0);
    expect(run.stdout).to.contain('Thành phố Huế (hue): grade C');
    expect(run.stdout).to.contain('median delay before the hub has an item: 1800 s');
    expect(run.stdout).to.contain('grade rule: Weekly norm');
    const json = await hubCli(['portals', 'scorecard', 'hue', '--subtree', '--json'], env());
    expect(json.code, json.text).to.equal(0);
    expect(JSON.parse(json.stdout)).to.include({ portalId: 'hue', subtree: true, portals: 2, itemsInWindow: 2 });
  });

  it('exits 5 for a portal that is not registered', async () => {
    const run = await hubCli(['portals', 'scorecard', 'nope'], env());
    expect(run.code).to.equal(5);
    expect(run.stderr).to.contain('nope');
  });

  it('reads the local store without a hub', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-scorecard-'));
    try {
      const store = await EmbeddedStore.open(dir);
      await store.putPortal({ id: 'danang', name: 'Thành phố Đà Nẵng', url: 'https://danang.gov.vn', level: 'province', createdAt: hoursAgo(10) });
      await store.putItems([makeItem(3, { portalId: 'danang', publishedAt: hoursAgo(1), updatedAt: hoursAgo(1), fetchedAt: hoursAgo(0.5) })]);
      await store.close();
      const run = await hubCli(['portals', 'scorecard', 'danang', '--json'], { HUB_DATA_DIR: dir, HUB_DEMO: 'false' });
      expect(run.code, run.text).to.equal(0);
      expect(JSON.parse(run.stdout)).to.include({ portalId: 'danang', itemsInWindow: 1, medianDelaySeconds: 1800 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
