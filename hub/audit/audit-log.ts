/**
 * The audit log: every change (who, what, when, before/after), append-only, readable by admins.
 * A small port of its own with two implementations, chosen with the store (hub/backend.ts): an
 * fsync'ed JSON-lines file next to the embedded store, or a Redis stream under the Redis store's prefix.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '../model.ts';
import type { RedisStore } from '../store/redis.ts';

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditQuery {
  portalId?: string;
  actor?: string;
  /** An action (`source.update`), or a family of them ending with a dot (`source.`). */
  action?: string;
  /** The id of the thing changed (a source, a portal, a key …). */
  target?: string;
  /** Entries at or after this time (ISO 8601). */
  since?: string;
  /** Entries before this time (ISO 8601). */
  until?: string;
  /** Entries older than this id. */
  before?: string;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}

export interface AuditLog {
  /** Appends an entry; resolves once it is durable. */
  append(record: AuditRecord, at?: Date): Promise<AuditEntry>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditPage>;
}

const matches = (e: AuditEntry, q: AuditQuery) =>
  (!q.portalId || e.portalId === q.portalId) &&
  (!q.actor || e.actor.keyId === q.actor) &&
  (!q.action || (q.action.endsWith('.') ? e.action.startsWith(q.action) : e.action === q.action)) &&
  (!q.target || e.target.id === q.target) &&
  (!q.until || Date.parse(e.at) < Date.parse(q.until));

/** Read newest first, an entry older than `since` ends the reading: every later one is older still. */
const pastSince = (e: AuditEntry, q: AuditQuery) => !!q.since && Date.parse(e.at) < Date.parse(q.since);

/** Ids sort like time: milliseconds in base 36, fixed width, then a random tail against ties. */
const entryId = (at: Date) => `${at.getTime().toString(36).padStart(10, '0')}-${randomBytes(3).toString('hex')}`;

export class FileAuditLog implements AuditLog {
  private readonly file: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'audit.jsonl');
  }

  append(record: AuditRecord, at = new Date()): Promise<AuditEntry> {
    const entry: AuditEntry = { id: entryId(at), at: at.toISOString(), ...record };
    // one writer at a time keeps lines whole; fsync because an audit entry that vanishes in a crash is no audit
    const write = this.tail.then(async () => {
      const handle = await open(this.file, 'a+', 0o600);
      try {
        // a crash mid-write can leave a torn last line: start on a fresh line so this entry stays whole
        const { size } = await handle.stat();
        const last = Buffer.alloc(1);
        const torn = size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
        await handle.write(`${torn ? '\n' : ''}${JSON.stringify(entry)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return entry;
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    await this.tail;
    const text = existsSync(this.file) ? await readFile(this.file, 'utf8') : '';
    const lines = text.split('\n');
    const entries: AuditEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && entries.length <= query.limit; i--) {
      if (!lines[i]) continue;
      let e: AuditEntry;
      try {
        e = JSON.parse(lines[i]) as AuditEntry;
      } catch {
        continue; // a line torn by a crash mid-write; the rest of the log stands
      }
      if (query.before && e.id >= query.before) continue;
      if (pastSince(e, query)) break;
      if (matches(e, query)) entries.push(e);
    }
    return page(entries, query.limit);
  }
}

export class RedisAuditLog implements AuditLog {
  constructor(private readonly store: RedisStore) {}

  private get key() {
    return this.store.key('audit');
  }

  async append(record: AuditRecord, at = new Date()): Promise<AuditEntry> {
    const entry: AuditEntry = { id: entryId(at), at: at.toISOString(), ...record };
    await this.store.client.xAdd(this.key, '*', { e: JSON.stringify(entry) });
    return entry;
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const entries: AuditEntry[] = [];
    let end = '+';
    // read back in pages until enough entries pass the filter (bounded, so a filter that matches nothing stays cheap)
    let done = false;
    for (let scanned = 0; !done && entries.length <= query.limit && scanned < 20_000;) {
      const batch = await this.store.client.xRevRange(this.key, end, '-', { COUNT: 500 });
      if (!batch.length) break;
      scanned += batch.length;
      for (const { message } of batch) {
        const e = JSON.parse(message.e) as AuditEntry;
        if (query.before && e.id >= query.before) continue;
        if ((done = pastSince(e, query))) break;
        if (matches(e, query)) entries.push(e);
      }
      end = `(${batch[batch.length - 1].id}`;
    }
    return page(entries, query.limit);
  }
}

function page(entries: AuditEntry[], limit: number): AuditPage {
  const shown = entries.slice(0, limit);
  return { entries: shown, nextBefore: entries.length > limit ? shown[shown.length - 1].id : null };
}
