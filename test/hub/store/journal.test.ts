/**
 * A damaged journal (finding 10): a complete line in the middle that cannot be read is reported
 * loudly — status() and /healthz (`degraded`), a start log line, a metric — the file as found is
 * kept aside, and every valid record after it is recovered. A torn last line (a crash mid-write,
 * never acknowledged) stays the quiet, normal case.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { loadConfig } from '../../../hub/config.ts';
import { startHub } from '../../../hub/main.ts';
import type { Portal } from '../../../hub/model.ts';
import { ADMIN_KEY } from '../../support/hub.ts';

const portal = (id: string): Portal => ({ id, name: `Cổng ${id}`, url: `https://${id}.gov.vn`, level: 'province', createdAt: '2026-11-24T00:00:00.000Z' });

/** A data dir whose journal holds portals a, b, c, d (one line each), closed cleanly. */
async function journalOfFour(): Promise<{ dir: string; journal: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-journal-'));
  const store = await EmbeddedStore.open(dir);
  for (const id of ['a', 'b', 'c', 'd']) await store.putPortal(portal(id));
  await store.close();
  return { dir, journal: join(dir, 'journal.jsonl') };
}

/** The journal with its line `n` (1-based) replaced. */
function replaceLine(journal: string, n: number, line: string): string {
  const lines = readFileSync(journal, 'utf8').split('\n');
  lines[n - 1] = line;
  writeFileSync(journal, lines.join('\n'));
  return lines.join('\n');
}

const damagedCopies = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('journal.jsonl.damaged-'));

describe('store/embedded: a damaged journal', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('skips a corrupted middle line loudly, keeps the file aside and recovers every valid record after it', async () => {
    const { dir, journal } = await journalOfFour();
    dirs.push(dir);
    const found = replaceLine(journal, 2, '{"t":"portal","v":{"id":"b","na\u0000me":garbage');
    const store = await EmbeddedStore.open(dir);
    try {
      expect((await store.listPortals()).map((p) => p.id)).to.deep.equal(['a', 'c', 'd']);
      const status = await store.status();
      expect(status.state).to.equal('up');
      expect(status.damage).to.have.length(1);
      const [damage] = status.damage!;
      expect(damage).to.include({ file: 'journal.jsonl', lines: 1 });
      expect(damage.at).to.deep.equal([2]);
      expect(damage.message).to.contain('line 2').and.to.contain(damage.copy);
      // the copy, named with the time, holds the file exactly as it was found
      const copies = damagedCopies(dir);
      expect(copies).to.have.length(1);
      expect(damage.copy).to.equal(join(dir, copies[0]));
      expect(copies[0]).to.match(/^journal\.jsonl\.damaged-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
      expect(readFileSync(damage.copy, 'utf8')).to.equal(found);
      // the store goes on writing after the damage
      await store.putPortal(portal('e'));
    } finally {
      await store.close();
    }
    const again = await EmbeddedStore.open(dir);
    try {
      expect((await again.listPortals()).map((p) => p.id)).to.deep.equal(['a', 'c', 'd', 'e']);
    } finally {
      await again.close();
    }
  });

  it('counts a well-formed line no writer makes as damage, without crashing', async () => {
    const { dir, journal } = await journalOfFour();
    dirs.push(dir);
    replaceLine(journal, 3, '{"t":"portal","v":null}');
    const store = await EmbeddedStore.open(dir);
    try {
      expect((await store.listPortals()).map((p) => p.id)).to.deep.equal(['a', 'b', 'd']);
      expect((await store.status()).damage?.[0]).to.include({ lines: 1 });
      expect((await store.status()).damage?.[0].at).to.deep.equal([3]);
    } finally {
      await store.close();
    }
  });

  it('cuts a torn last line quietly: no damage, no copy', async () => {
    const { dir, journal } = await journalOfFour();
    dirs.push(dir);
    const whole = readFileSync(journal, 'utf8');
    writeFileSync(journal, `${whole}{"t":"portal","v":{"id":"torn","na`);
    const store = await EmbeddedStore.open(dir);
    try {
      expect((await store.listPortals()).map((p) => p.id)).to.deep.equal(['a', 'b', 'c', 'd']);
      expect((await store.status()).damage).to.equal(undefined);
      expect(damagedCopies(dir)).to.deep.equal([]);
      expect(readFileSync(journal, 'utf8')).to.equal(whole);
    } finally {
      await store.close();
    }
  });

  it('says so at start, in /healthz (degraded) and in /metrics', async () => {
    const { dir, journal } = await journalOfFour();
    dirs.push(dir);
    replaceLine(journal, 2, 'not json at all');
    const lines: string[] = [];
    const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir: dir, demo: false, schedule: false, adminKey: ADMIN_KEY, extractWorkers: 0 });
    const running = await startHub(config, { log: (l) => lines.push(l) });
    try {
      const logged = lines.filter((l) => l.includes('STORE DAMAGED'));
      expect(logged, lines.join('\n')).to.have.length(1);
      expect(logged[0]).to.contain('journal.jsonl').and.to.contain('line 2').and.to.contain('damaged-');
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).to.equal(200);
      const body = await health.json();
      expect(body.status).to.equal('degraded');
      expect(body.store.damage[0]).to.include({ file: 'journal.jsonl', lines: 1 });
      expect(existsSync(body.store.damage[0].copy)).to.equal(true);
      const metrics = await (await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
      expect(metrics).to.match(/^hub_store_damaged_lines 1$/m);
      expect(metrics).to.match(/^hub_store_up 1$/m);
      expect((await (await fetch(`${running.url}/api/v1/portals`)).json()).portals.map((p: Portal) => p.id)).to.have.members(['a', 'c', 'd']);
    } finally {
      await running.close();
    }
  });
});
