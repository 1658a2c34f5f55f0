/** The alert settings from the command line: a portal's alert addresses, muting a source's alert e-mail (the same use cases as the API). */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubCli } from '../support/cli.ts';

describe('hub portals add/edit --alert-email, hub sources edit --mute-alerts (CLI)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'hub-cli-alerts-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sets the addresses and mutes and unmutes a source', async () => {
    const env = { HUB_DATA_DIR: join(dir, 'data'), HUB_DEMO: '0' };
    const add = await hubCli(
      [
        '--json',
        'portals',
        'add',
        '--id',
        'tinh-a',
        '--name',
        'Tỉnh A',
        '--url',
        'https://tinh-a.gov.vn',
        '--level',
        'province',
        '--alert-email',
        'a@tinh-a.gov.vn',
        'b@tinh-a.gov.vn',
      ],
      env,
    );
    expect(add.code, add.stderr).to.equal(0);
    expect(JSON.parse(add.stdout)[0].alertEmails).to.deep.equal(['a@tinh-a.gov.vn', 'b@tinh-a.gov.vn']);
    const edited = await hubCli(['--json', 'portals', 'edit', 'tinh-a', '--alert-email', 'c@tinh-a.gov.vn'], env);
    expect(edited.code, edited.stderr).to.equal(0);
    expect(JSON.parse(edited.stdout)[0].alertEmails).to.equal('c@tinh-a.gov.vn');
    const inherit = await hubCli(['--json', 'portals', 'edit', 'tinh-a', '--alert-emails-inherit'], env);
    expect(JSON.parse(inherit.stdout)[0].alertEmails).to.equal('(inherited)');
    expect((await hubCli(['portals', 'edit', 'tinh-a'], env)).code).to.equal(2);
    const bad = await hubCli(
      ['portals', 'add', '--id', 'tinh-b', '--name', 'Tỉnh B', '--url', 'https://tinh-b.gov.vn', '--level', 'province', '--alert-email', 'nobody'],
      env,
    );
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('alertEmails');
    const source = await hubCli(['--json', 'sources', 'add', '--portal', 'tinh-a', '--url', 'https://tinh-a.gov.vn/rss', '--paused', '--no-check'], env);
    expect(source.code, source.stderr).to.equal(0);
    const id = JSON.parse(source.stdout)[0].id as string;
    const muted = await hubCli(['--json', 'sources', 'edit', id, '--mute-alerts'], env);
    expect(muted.code, muted.stderr).to.equal(0);
    const shown = async () => JSON.parse((await hubCli(['--json', 'sources', 'show', id], env)).stdout);
    expect(JSON.stringify(await shown())).to.include('"alertsMuted":true');
    expect((await hubCli(['sources', 'edit', id, '--unmute-alerts'], env)).code).to.equal(0);
    expect(JSON.stringify(await shown())).to.include('"alertsMuted":false');
    const both = await hubCli(['sources', 'edit', id, '--mute-alerts', '--unmute-alerts'], env);
    expect(both.code).to.equal(2);
  });
});
