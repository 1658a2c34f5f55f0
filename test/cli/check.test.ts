import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubCli, hubProcess } from '../support/cli.ts';
import { serveBody, startTestServer, type TestServer } from '../support/http.ts';
import { fixture } from '../support/adapter.ts';
import { ADMIN_KEY, startTestHub } from '../support/hub.ts';

/** Runs `hub …` in process, with the environment given, and captures what it prints (both streams, in order). */
async function hub(args: string[], env: Record<string, string>) {
  const { code, text } = await hubCli(args, env);
  return { code, text };
}

describe('cli: hub check', () => {
  let portal: TestServer;
  let dir: string;
  const env = { HUB_ALLOW_PRIVATE_FETCH: '1', HUB_DATA_DIR: '' };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-check-'));
    env.HUB_DATA_DIR = dir;
    portal = await startTestServer();
    portal.route('/', serveBody(fixture('pages/trang-chu.html'), 'text/html; charset=utf-8'));
    portal.route('/tin-tuc', serveBody(fixture('pages/tin-tuc.html'), 'text/html; charset=utf-8'));
    portal.route('/rss/tin-tuc.rss', serveBody(fixture('feeds/ministry.rss'), 'application/rss+xml'));
    portal.route('/doi-giao-dien', serveBody(fixture('pages/tin-tuc-doi-giao-dien.html'), 'text/html; charset=utf-8'));
    writeFileSync(join(dir, 'html.json'), JSON.stringify({ itemSelector: '.news-list .news-item', title: 'h3.title a', date: '.date' }));
  });
  after(async () => {
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the kind and the first items of a feed and exits 0', async () => {
    const { code, text } = await hub(['check', `${portal.url}/rss/tin-tuc.rss`], env);
    expect(code).to.equal(0);
    expect(text).to.match(/^kind\s+feed$/m);
    expect(text).to.contain('Bộ Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã');
    expect(text).to.match(/^published\s+title\s+url/m);
  });

  it('reads an html list page with --config (the options alone)', async () => {
    const { code, text } = await hub(['check', `${portal.url}/tin-tuc`, '--config', join(dir, 'html.json')], env);
    expect(code).to.equal(0);
    expect(text).to.match(/^kind\s+html$/m);
    expect(text).to.contain('2026-11-23 08:30  Hội nghị chuyển đổi số tỉnh năm 2026');
    expect(text).to.match(/^items\s+3 valid, 0 rejected$/m);
  });

  it('exits 1 with the problems (and the feeds discovery finds) when nothing is usable', async () => {
    const bare = await hub(['check', `${portal.url}/`], env);
    expect(bare.code).to.equal(1);
    expect(bare.text).to.contain('NOTHING USABLE');
    expect(bare.text).to.match(/SOURCE\.OPTIONS_REQUIRED\s+\/options\/itemSelector/);
    expect(bare.text).to.contain('Sources found on this portal');
    expect(bare.text).to.match(/feed\s+rss\s+3\s+link-alternate/);

    const guessed = await hub(['check', `${portal.url}/tin-tuc`], env);
    expect(guessed.code).to.equal(1);
    expect(guessed.text).to.contain('Suggested options').and.to.contain('"itemSelector": "div.news-list > div.news-item"');
    expect(guessed.text).to.contain('Hội nghị chuyển đổi số tỉnh năm 2026');

    const drifted = await hub(['check', `${portal.url}/doi-giao-dien`, '--config', join(dir, 'html.json')], env);
    expect(drifted.code).to.equal(1);
    expect(drifted.text).to.match(/PARSE\.LAYOUT_DRIFT\s+\/options\/itemSelector/);
  });

  it('prints JSON with --json', async () => {
    const { code, text } = await hub(['--json', 'check', `${portal.url}/rss/tin-tuc.rss`, '--limit', '1'], env);
    expect(code).to.equal(0);
    const out = JSON.parse(text);
    expect(out).to.include({ ok: true, kind: 'feed' });
    expect(out.items).to.have.length(1);
  });

  // the suite's one run of the real `hub` executable (cli/hub.mjs): the rest call main() in process
  it('runs as the real `hub` executable: the exit code, and stdout and stderr apart', async function () {
    this.timeout(60_000); // a fresh Node process that compiles the CLI with tsx
    const r = await hubProcess(['check', `${portal.url}/doi-giao-dien`, '--config', join(dir, 'html.json'), '--portal', 'stttt-mau', '--add'], env);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/PARSE\.LAYOUT_DRIFT\s+\/options\/itemSelector/);
    expect(r.stdout).to.not.contain('not registered');
    expect(r.stderr).to.contain('not registered: nothing usable was found');
  });

  it('asks a running hub when HUB_URL is set', async () => {
    const running = await startTestHub();
    try {
      const remote = { HUB_URL: running.url, HUB_KEY: ADMIN_KEY };
      const ok = await hub(['check', `${portal.url}/tin-tuc`, '--config', join(dir, 'html.json')], remote);
      expect(ok.code).to.equal(0);
      expect(ok.text).to.match(/^items\s+3 valid, 0 rejected$/m);
      const bare = await hub(['check', `${portal.url}/`], remote);
      expect(bare.code).to.equal(1);
      expect(bare.text).to.match(/feed\s+rss\s+3\s+link-alternate/);
      // --add registers what was checked, only when it is usable
      await running.api('/api/v1/portals', { method: 'POST', body: { id: 'stttt-mau', name: 'Sở TT&TT tỉnh Mẫu', url: portal.url, level: 'department' } });
      const refused = await hub(['check', `${portal.url}/doi-giao-dien`, '--config', join(dir, 'html.json'), '--portal', 'stttt-mau', '--add'], remote);
      expect(refused.code).to.equal(1);
      expect(refused.text).to.contain('not registered');
      const added = await hub(['check', `${portal.url}/tin-tuc`, '--config', join(dir, 'html.json'), '--portal', 'stttt-mau', '--add'], remote);
      expect(added.code).to.equal(0);
      expect(added.text).to.match(/registered as stttt-mau-[0-9a-f]+ \(html/);
      const { sources } = (await (await running.api('/api/v1/sources')).json()) as {
        sources: { kind: string; url: string; options: { itemSelector: string } }[];
      };
      expect(sources.map((x) => [x.kind, x.url, x.options.itemSelector])).to.deep.equal([['html', `${portal.url}/tin-tuc`, '.news-list .news-item']]);
      const noKey = await hub(['check', `${portal.url}/tin-tuc`], { HUB_URL: running.url, HUB_KEY: '' });
      expect(noKey.code).to.not.equal(0);
      expect(noKey.text).to.contain('error AUTH');
    } finally {
      await running.stop();
    }
  });

  it('says what is wrong with an unreadable --config file', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ itemSelector: ');
    const { code, text } = await hub(['check', `${portal.url}/tin-tuc`, '--config', join(dir, 'broken.json')], env);
    expect(code).to.equal(2);
    expect(text).to.contain('CLI.BAD_CONFIG');
  });
});
