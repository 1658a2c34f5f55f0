/** The audit log contract, on both implementations: the fsync'ed file and the Redis stream. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog, RedisAuditLog, type AuditLog } from '../../../hub/audit/audit-log.ts';
import type { RedisStore } from '../../../hub/store/redis.ts';
import { openTestRedisStore } from '../../support/redis.ts';

function contract(name: string, open: () => Promise<{ log: AuditLog; reopen: () => AuditLog; close: () => Promise<void> }>) {
  describe(name, () => {
    let env: Awaited<ReturnType<typeof open>>;
    before(async () => {
      env = await open();
      const t0 = Date.parse('2026-11-24T01:00:00Z');
      for (let i = 0; i < 12; i++)
        await env.log.append(
          {
            actor: { keyId: i % 2 ? 'op1' : 'admin', role: i % 2 ? 'operator' : 'admin' },
            action: 'source.update',
            target: { type: 'source', id: `s${i}` },
            portalId: i % 3 ? 'tinh-a' : 'tinh-b',
            before: { n: i },
            after: { n: i + 1 },
          },
          new Date(t0 + i * 1000),
        );
    });
    after(() => env.close());

    it('lists newest first, with before and after kept', async () => {
      const { entries, nextBefore } = await env.log.list({ limit: 5 });
      expect(entries.map((e) => e.target.id)).to.deep.equal(['s11', 's10', 's9', 's8', 's7']);
      expect(entries[0]).to.deep.include({ before: { n: 11 }, after: { n: 12 }, at: '2026-11-24T01:00:11.000Z' });
      expect(nextBefore).to.equal(entries[4].id);
    });

    it('pages with before, and filters by portal and actor', async () => {
      const first = await env.log.list({ limit: 5 });
      const second = await env.log.list({ limit: 5, before: first.nextBefore! });
      expect(second.entries.map((e) => e.target.id)).to.deep.equal(['s6', 's5', 's4', 's3', 's2']);
      const last = await env.log.list({ limit: 5, before: second.nextBefore! });
      expect(last.entries.map((e) => e.target.id)).to.deep.equal(['s1', 's0']);
      expect(last.nextBefore).to.equal(null);
      const b = await env.log.list({ limit: 100, portalId: 'tinh-b' });
      expect(b.entries.map((e) => e.target.id)).to.deep.equal(['s9', 's6', 's3', 's0']);
      const op = await env.log.list({ limit: 100, actor: 'op1', portalId: 'tinh-a' });
      expect(op.entries.map((e) => e.target.id)).to.deep.equal(['s11', 's7', 's5', 's1']);
    });

    it('keeps everything for a new reader (a restart)', async () => {
      expect((await env.reopen().list({ limit: 100 })).entries).to.have.length(12);
    });
  });
}

describe('audit log', () => {
  let dir: string;
  contract('file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-audit-'));
    return { log: new FileAuditLog(dir), reopen: () => new FileAuditLog(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
  });

  let store: RedisStore;
  contract('redis', async () => {
    store = await openTestRedisStore('hubtest-audit');
    return {
      log: new RedisAuditLog(store),
      reopen: () => new RedisAuditLog(store),
      close: async () => {
        await store.clear();
        await store.close();
      },
    };
  });

  it('skips a line torn by a crash and keeps the rest', async () => {
    const torn = mkdtempSync(join(tmpdir(), 'hub-audit-torn-'));
    const log = new FileAuditLog(torn);
    await log.append({ actor: { keyId: 'admin', role: 'admin' }, action: 'portal.create', target: { type: 'portal', id: 'a' } });
    appendFileSync(join(torn, 'audit.jsonl'), '{"id":"zzz","at":');
    await log.append({ actor: { keyId: 'admin', role: 'admin' }, action: 'portal.create', target: { type: 'portal', id: 'b' } });
    expect((await log.list({ limit: 10 })).entries.map((e) => e.target.id)).to.deep.equal(['b', 'a']);
    rmSync(torn, { recursive: true, force: true });
  });
});
