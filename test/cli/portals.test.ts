/** `hub portals import` as an operator runs it, local and remote (the CLI's main() in process). */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { hubCli } from '../support/cli.ts';

const GOOD = [
  'id,name,nameEn,url,level,parentId,adminCode',
  'quangtri,Cổng thông tin điện tử tỉnh Quảng Trị,Quang Tri Province Portal,https://quangtri.gov.vn,province,,44',
  'quangtri-dongha,Phường Đông Hà,,https://dongha.quangtri.gov.vn,commune,quangtri,',
].join('\n');
const BAD = ['id,name,url,level,parentId', 'hue,Cổng Huế,https://hue.gov.vn,province,', 'xa,Xã,https://xa.gov.vn,commune,nope'].join('\n');

describe('hub portals import (CLI)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    writeFileSync(join(dir, 'good.csv'), GOOD);
    writeFileSync(join(dir, 'bad.csv'), BAD);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CSV file into the local data dir, and lists it', async () => {
    const env = { HUB_DATA_DIR: join(dir, 'data'), HUB_DEMO: '0' };
    const dry = await hubCli(['portals', 'import', join(dir, 'good.csv'), '--dry-run'], env);
    expect(dry.stdout.trim()).to.equal('would import: 2 new, 0 updated, 0 unchanged');
    const run = await hubCli(['portals', 'import', join(dir, 'good.csv')], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.equal('imported: 2 new, 0 updated, 0 unchanged');
    const list = await hubCli(['--json', 'portals', 'list'], env);
    expect(JSON.parse(list.stdout).map((p: { id: string }) => p.id)).to.deep.equal(['quangtri', 'quangtri-dongha']);
  });

  it('names each bad row, exits 2 and imports nothing, against a remote hub too', async () => {
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub();
      const bad = await hubCli(['portals', 'import', join(dir, 'bad.csv')], { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY });
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain('error DIRECTORY.IMPORT_INVALID: 1 of 2 rows are invalid; nothing was imported');
      expect(bad.stderr).to.contain('/line/3/parentId: "nope" is not a registered portal');
      expect((await (await hub.api('/api/v1/portals')).json()).portals).to.deep.equal([]);
      const good = await hubCli(['--json', 'portals', 'import', join(dir, 'good.csv')], { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY });
      expect(JSON.parse(good.stdout).created).to.deep.equal(['quangtri', 'quangtri-dongha']);
    } finally {
      await hub?.stop();
    }
  });

  it('hub portals edit changes the fields given, local and remote, and names a refused field', async () => {
    const env = { HUB_DATA_DIR: join(dir, 'data'), HUB_DEMO: '0' };
    const local = await hubCli(['--json', 'portals', 'edit', 'quangtri-dongha', '--name', 'Phường Đông Hà (mới)', '--name-en', 'Dong Ha Ward'], env);
    expect(local.code, local.stderr).to.equal(0);
    expect(JSON.parse(local.stdout)[0]).to.include({ id: 'quangtri-dongha', name: 'Phường Đông Hà (mới)' });
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub();
      const remote = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
      expect((await hubCli(['portals', 'import', join(dir, 'good.csv')], remote)).code).to.equal(0);
      const recoded = await hubCli(['portals', 'edit', 'quangtri', '--code', '45'], remote);
      expect(recoded.code, recoded.stderr).to.equal(0);
      expect((await (await hub.api('/api/v1/portals/quangtri')).json()).adminCode).to.equal('45');
      const unset = await hubCli(['portals', 'edit', 'quangtri', '--unset', 'adminCode'], remote);
      expect(unset.code, unset.stderr).to.equal(0);
      expect(await (await hub.api('/api/v1/portals/quangtri')).json()).not.to.have.property('adminCode');
      const refused = await hubCli(['portals', 'edit', 'quangtri-dongha', '--level', 'province'], remote);
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.contain('PORTAL.MISPLACED').and.contain('/parentId');
      expect((await (await hub.api('/api/v1/portals/quangtri-dongha')).json()).level).to.equal('commune');
    } finally {
      await hub?.stop();
    }
  });
});
