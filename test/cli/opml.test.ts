/** `hub opml export|import` and `hub sources import` as an operator runs them (main() in process). */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import { startTestHub, ADMIN_KEY, type TestHub } from '../support/hub.ts';
import { hubCli } from '../support/cli.ts';

const LIST = `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0" xmlns:hub="https://portal-hub.example/ns/opml"><head><title>Nguồn</title></head><body>
  <outline text="Quảng Trị" hub:portal="quangtri">
    <outline type="rss" text="Tin tức" xmlUrl="https://quangtri.gov.vn/rss/tin-tuc.rss"/>
    <outline type="rss" text="Thông báo" xmlUrl="https://quangtri.gov.vn/rss/thong-bao.rss" hub:interval="3600"/>
  </outline>
</body></opml>`;

describe('hub opml (CLI)', () => {
  let dir: string;
  let hub: TestHub;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-opml-'));
    writeFileSync(join(dir, 'list.opml'), LIST);
    hub = await startTestHub();
    await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'quangtri', name: 'Cổng thông tin điện tử tỉnh Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province', adminCode: '44' },
    });
  });
  after(async () => {
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports with `sources import`, then exports what it registered', async () => {
    const env = { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY };
    const dry = await hubCli(['sources', 'import', join(dir, 'list.opml'), '--dry-run'], env);
    expect(dry.stdout.trim()).to.equal('would register: 2 new, 0 already registered');
    const run = await hubCli(['opml', 'import', join(dir, 'list.opml')], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('registered: 2 new, 0 already registered');
    const out = join(dir, 'export.opml');
    const exported = await hubCli(['opml', 'export', '-o', out], env);
    expect(exported.code, exported.stderr).to.equal(0);
    const opml = (await parseStringPromise(readFileSync(out, 'utf8'))).opml;
    const feeds = opml.body[0].outline[0].outline.map((o: { $: Record<string, string> }) => [o.$.xmlUrl, o.$['hub:interval']]);
    expect(feeds).to.have.deep.members([
      ['https://quangtri.gov.vn/rss/tin-tuc.rss', '900'],
      ['https://quangtri.gov.vn/rss/thong-bao.rss', '3600'],
    ]);
    const portals = await hubCli(['opml', 'export', '--portals'], env);
    expect(portals.stdout).to.contain('/feeds/portals/quangtri.rss');
  });

  it('names the outlines it cannot place and exits 2', async () => {
    writeFileSync(join(dir, 'bad.opml'), LIST.replace('hub:portal="quangtri"', 'hub:portal="nowhere"'));
    const bad = await hubCli(['sources', 'import', join(dir, 'bad.opml')], { HUB_URL: hub.url, HUB_KEY: ADMIN_KEY });
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('error OPML.IMPORT_INVALID: 2 of 2 feeds cannot be imported; nothing was imported');
    expect(bad.stderr).to.contain('/outlines/0/portal: "Tin tức": "nowhere" is not a registered portal');
  });
});
