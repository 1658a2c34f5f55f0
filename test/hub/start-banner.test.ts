/**
 * The start banner as a first-time operator reads it: after "listening" it says where the docs and
 * the items API are, how to register a portal and how to embed the news box; and each of those
 * lines works as printed (the URLs answer, the command registers a portal, the script serves).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../hub/config.ts';
import { startHub, type RunningHub } from '../../hub/main.ts';
import { hubCli } from '../support/cli.ts';
import { ConsoleClient } from '../support/console.ts';

/** Splits a command line as a POSIX shell does for plain words and "double quoted" ones. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

describe('the start banner', () => {
  let running: RunningHub;
  let dataDir: string;
  const lines: string[] = [];
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-banner-'));
    // no HUB_ADMIN_KEY: the key is generated into the data dir, as on a first start
    const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, demo: true, schedule: false, extractWorkers: 0 });
    running = await startHub(config, { log: (line) => lines.push(line) });
  });
  after(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const after_ = (prefix: string) => {
    const line = lines.find((l) => l.trimStart().startsWith(prefix));
    expect(line, `a banner line "${prefix}" in:\n${lines.join('\n')}`).to.be.a('string');
    return line!.trimStart().slice(prefix.length).trim();
  };

  it('names the console and the file with the key to sign in with, and signing in with it works', async () => {
    const line = after_('console:');
    const url = line.match(/https?:\/\/\S+/)![0];
    expect(url).to.equal(`${running.url}/console`);
    const file = /in (\S+admin\.key)/.exec(line)?.[1];
    expect(file).to.equal(join(dataDir, 'admin.key'));
    const client = new ConsoleClient(running.url);
    const signed = await client.signIn(readFileSync(file!, 'utf8').trim());
    expect(signed.status).to.equal(303);
    expect((await client.get('/console')).status).to.equal(200);
  });

  it('names the docs and the items API, and both answer', async () => {
    const line = after_('API:');
    const urls = line.match(/https?:\/\/\S+/g)!;
    expect(urls).to.deep.equal([`${running.url}/api/v1/items`, `${running.url}/docs`]);
    for (const url of urls) expect((await fetch(url)).status, url).to.equal(200);
  });

  it('shows one command that registers a portal, and it does', async () => {
    // the key as a shell reads it: from the file the banner names
    const line = after_('register a portal:').replace(/\$\(cat ([^)\s]+)\)/, (_m, file: string) => readFileSync(file, 'utf8').trim());
    const command = words(line);
    const env = Object.fromEntries(command.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.split('=')[0], w.slice(w.indexOf('=') + 1)]));
    expect(env).to.deep.equal({ HUB_URL: running.url, HUB_KEY: readFileSync(join(dataDir, 'admin.key'), 'utf8').trim() });
    const args = command.filter((w) => !/^[A-Z_]+=/.test(w));
    expect(args.slice(0, 2)).to.deep.equal(['npx', 'hub']);
    const run = await hubCli(args.slice(2), env);
    expect(run.code, run.stderr).to.equal(0);
    const id = args[args.indexOf('--id') + 1];
    expect((await fetch(`${running.url}/api/v1/portals/${id}`)).status).to.equal(200);
  });

  it('shows the one <script> line that embeds the news box, pointing at this hub', async () => {
    const line = after_('embed the news on a page:');
    expect(line).to.match(/^<script src="[^"]+\/embed\/v1\.js"[^>]*async><\/script>$/);
    const src = /src="([^"]+)"/.exec(line)![1];
    expect(src).to.equal(`${running.hub.config.publicUrl}/embed/v1.js`);
    const res = await fetch(src);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('javascript');
  });

  it('stays short: the first line says where it listens, and the banner is a screenful at most', () => {
    expect(lines.find((l) => l.startsWith('Portal hub listening on'))).to.contain(running.url);
    const banner = lines.slice(lines.findIndex((l) => l.startsWith('Portal hub listening on')));
    expect(banner.length).to.be.at.most(10);
  });
});
