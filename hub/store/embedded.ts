/**
 * The embedded default store: everything in memory, made durable by an append-only journal
 * under HUB_DATA_DIR. A write resolves only after its journal record is fsync'ed, so an
 * acknowledged write survives a crash; on open the journal is replayed, and a torn last line
 * (a crash mid-write) is dropped. The journal is compacted into a snapshot when it outgrows
 * the live data.
 */
import { mkdirSync, openSync, readFileSync, writeSync, fsyncSync, closeSync, existsSync, renameSync, writeFileSync, statSync, truncateSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Item, Portal, Source } from '../model.ts';
import type { ItemQuery, ItemPageResult, Store } from './store.ts';
import { HubError } from '../errors.ts';
import { compareOrder, decodeCursor, encodeCursor, orderKey, type OrderKey } from './item-order.ts';
import { matches, prepareQuery, searchText } from './item-match.ts';

type Record =
  | { t: 'portal'; v: Portal }
  | { t: 'portal-'; id: string }
  | { t: 'source'; v: Source }
  | { t: 'source-'; id: string }
  | { t: 'item'; v: Item }
  | { t: 'meta'; k: string; v: string };

interface Entry {
  item: Item;
  key: OrderKey;
  folded: string;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly portals = new Map<string, Portal>();
  private readonly sources = new Map<string, Source>();
  private readonly items = new Map<string, Entry>();
  /** Entries in item order (newest first). */
  private ordered: Entry[] = [];
  private readonly byUrl = new Map<string, Set<string>>();
  private readonly meta = new Map<string, string>();
  private fd: number;
  private journalRecords = 0;
  private readonly journalPath: string;
  private readonly snapshotPath: string;

  private constructor(dir: string) {
    this.journalPath = join(dir, 'journal.jsonl');
    this.snapshotPath = join(dir, 'snapshot.jsonl');
    this.fd = -1;
  }

  static async open(dir: string): Promise<EmbeddedStore> {
    mkdirSync(dir, { recursive: true });
    takeLock(join(dir, 'hub.lock'));
    const store = new EmbeddedStore(dir);
    store.replay(store.snapshotPath);
    store.journalRecords = store.replay(store.journalPath);
    store.fd = openSync(store.journalPath, 'a');
    return store;
  }

  private replay(path: string): number {
    if (!existsSync(path)) return 0;
    const bytes = readFileSync(path);
    // a torn final line from a crash was never acknowledged: cut it off so the next append starts clean
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end < bytes.length) truncateSync(path, end);
    let count = 0;
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      if (!line) continue;
      let rec: Record;
      try {
        rec = JSON.parse(line);
      } catch {
        continue;
      }
      this.apply(rec);
      count++;
    }
    return count;
  }

  private apply(rec: Record): void {
    switch (rec.t) {
      case 'portal': this.portals.set(rec.v.id, rec.v); break;
      case 'portal-': this.portals.delete(rec.id); break;
      case 'source': this.sources.set(rec.v.id, rec.v); break;
      case 'source-': this.sources.delete(rec.id); break;
      case 'meta': this.meta.set(rec.k, rec.v); break;
      case 'item': this.index(rec.v); break;
    }
  }

  private index(item: Item): void {
    const old = this.items.get(item.id);
    if (old) {
      this.byUrl.get(old.item.url)?.delete(item.id);
      const at = this.position(old.key);
      if (this.ordered[at] === old) this.ordered.splice(at, 1);
    }
    const entry: Entry = { item, key: orderKey(item), folded: searchText(item) };
    this.items.set(item.id, entry);
    let ids = this.byUrl.get(item.url);
    if (!ids) this.byUrl.set(item.url, (ids = new Set()));
    ids.add(item.id);
    this.ordered.splice(this.position(entry.key), 0, entry);
  }

  /** Index of the first entry not newer than key (binary search). */
  private position(key: OrderKey): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOrder(this.ordered[mid].key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private write(records: Record[]): void {
    if (!records.length) return;
    writeSync(this.fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    fsyncSync(this.fd);
    for (const r of records) this.apply(r);
    this.journalRecords += records.length;
    if (this.journalRecords > 10_000 && this.journalRecords > 2 * (this.items.size + this.sources.size + this.portals.size)) this.compact();
  }

  /** Rewrites live state as a snapshot (write, fsync, rename) and starts an empty journal. */
  private compact(): void {
    const tmp = `${this.snapshotPath}.tmp`;
    const lines: string[] = [];
    for (const v of this.portals.values()) lines.push(JSON.stringify({ t: 'portal', v }));
    for (const v of this.sources.values()) lines.push(JSON.stringify({ t: 'source', v }));
    for (const [k, v] of this.meta) lines.push(JSON.stringify({ t: 'meta', k, v }));
    for (const e of this.items.values()) lines.push(JSON.stringify({ t: 'item', v: e.item }));
    const fd = openSync(tmp, 'w');
    writeSync(fd, lines.join('\n') + '\n');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.snapshotPath);
    closeSync(this.fd);
    writeFileSync(this.journalPath, '');
    this.fd = openSync(this.journalPath, 'a');
    this.journalRecords = 0;
  }

  async getPortal(id: string) { return this.portals.get(id); }
  async listPortals() { return [...this.portals.values()].sort((a, b) => a.id.localeCompare(b.id)); }
  async putPortal(portal: Portal) { this.write([{ t: 'portal', v: portal }]); }
  async deletePortal(id: string) {
    if (!this.portals.has(id)) return false;
    this.write([{ t: 'portal-', id }]);
    return true;
  }

  async getSource(id: string) { return this.sources.get(id); }
  async listSources(filter: { portalId?: string } = {}) {
    return [...this.sources.values()]
      .filter((s) => !filter.portalId || s.portalId === filter.portalId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  async putSource(source: Source) { this.write([{ t: 'source', v: source }]); }
  async deleteSource(id: string) {
    if (!this.sources.has(id)) return false;
    this.write([{ t: 'source-', id }]);
    return true;
  }

  async getItems(ids: string[]) {
    const out = new Map<string, Item>();
    for (const id of ids) {
      const e = this.items.get(id);
      if (e) out.set(id, e.item);
    }
    return out;
  }
  async findItemsByUrl(urls: string[]) {
    const out: Item[] = [];
    for (const url of urls) for (const id of this.byUrl.get(url) ?? []) out.push(this.items.get(id)!.item);
    return out;
  }
  async putItems(items: Item[]) { this.write(items.map((v) => ({ t: 'item' as const, v }))); }
  async countItems() { return this.items.size; }

  async queryItems(query: ItemQuery): Promise<ItemPageResult> {
    const prepared = prepareQuery(query);
    const start = query.cursor ? this.afterPosition(decodeCursor(query.cursor)) : 0;
    const page: Item[] = [];
    let last: OrderKey | undefined;
    for (let i = start; i < this.ordered.length; i++) {
      const e = this.ordered[i];
      if (!matches(e.item, prepared, () => e.folded)) continue;
      if (page.length === query.limit) return { items: page, nextCursor: encodeCursor(last!) };
      page.push(e.item);
      last = e.key;
    }
    return { items: page, nextCursor: null };
  }

  /** Index of the first entry strictly after the cursor key. */
  private afterPosition(key: OrderKey): number {
    let i = this.position(key);
    while (i < this.ordered.length && compareOrder(this.ordered[i].key, key) <= 0) i++;
    return i;
  }

  async getMeta(key: string) { return this.meta.get(key); }
  async setMeta(key: string, value: string) { this.write([{ t: 'meta', k: key, v: value }]); }

  async close() {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(join(this.journalPath, '..', 'hub.lock'), { force: true });
  }

  /** Bytes on disk, for the start banner. */
  sizeOnDisk(): number {
    return [this.journalPath, this.snapshotPath].filter(existsSync).reduce((n, p) => n + statSync(p).size, 0);
  }
}

/** One process at a time owns a data dir: a second writer would interleave journal lines. */
function takeLock(path: string): void {
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8'));
    if (pid && pid !== process.pid && processAlive(pid))
      throw new HubError('conflict', 'STORE.LOCKED', `The data dir is in use by process ${pid} (a running hub?). Stop it, or drive it through its API with HUB_URL and HUB_KEY.`, { status: 423 });
  }
  writeFileSync(path, String(process.pid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
