/**
 * The embedded default store: everything in memory, made durable by an append-only journal
 * under HUB_DATA_DIR. A write resolves only after its journal record is fdatasync'ed, so an
 * acknowledged write survives a crash (kill -9, power loss); on open the journal is replayed, and
 * a torn last line (a crash mid-write) is dropped. Writes that arrive while a sync is under way
 * are committed together by the next one (group commit), so 10,000 sources answering 304 in one
 * poll cycle cost a few hundred syncs, not 10,000. The journal is compacted into a snapshot when
 * it outgrows the live data.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, fsyncSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Item, Portal, RefreshReport, Source } from '../model.ts';
import {
  REPORTS_KEPT,
  type ItemQuery,
  type ItemPageResult,
  type RetentionRule,
  type Store,
  type StoreDamage,
  type StoreStatus,
  type TitleCandidate,
} from './store.ts';
import { HubError } from '../errors.ts';
import { encodeCursor, memberKey, memberRange, orderKey, orderMember, timePrefix, type MemberRange } from './item-order.ts';
import { matches, prepareQuery, searchText, type PreparedQuery } from './item-match.ts';
import { Postings } from './word-postings.ts';
import { ALL, driverChoices, indexKeys, smallestChoice } from './item-keys.ts';
import { SortedList } from './sorted-list.ts';
import { titleKeys } from '../pipeline/title-keys.ts';
import { foldText } from '../pipeline/normalize/fold.ts';

type Record =
  | { t: 'portal'; v: Portal }
  | { t: 'portal-'; id: string }
  | { t: 'source'; v: Source }
  | { t: 'source-'; id: string }
  | { t: 'item'; v: Item }
  | { t: 'item-'; id: string }
  | { t: 'meta'; k: string; v: string }
  | { t: 'report'; v: RefreshReport }
  | { t: 'mentry'; m: string; f: string; v: string }
  | { t: 'mentry-'; m: string; f: string };

interface Entry {
  item: Item;
  member: string;
  keys: string[];
  /** The distinct folded words of title and summary, under which `words` holds the entry. */
  words: string[];
  titleKeys: string[];
  folded: string;
}

interface PendingWrite {
  records: Record[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** A query word that starts more item words than this is tested, not used to drive. */
const MAX_WORD_UNION = 64;
/**
 * A query word drives (its items are gathered, tested and sorted) when it has fewer items than the
 * other way to drive and at most this many, or four times fewer; otherwise the ordered lists drive
 * and the word is tested on each candidate. Gathering and sorting 5,000 takes about a millisecond.
 */
const WORD_GATHER_MAX = 5000;

/** The largest encoding buffer kept between journal writes. */
const SCRATCH_MAX = 4 << 20;

/** Items written to the snapshot per write call: big enough to be quick, small enough not to stall reads. */
const SNAPSHOT_CHUNK = 2000;

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly portals = new Map<string, Portal>();
  private readonly sources = new Map<string, Source>();
  /** Each source's last refresh reports, oldest first. */
  private readonly reports = new Map<string, RefreshReport[]>();
  private reportCount = 0;
  private readonly items = new Map<string, Entry>();
  /**
   * The same entries by order member. The lists hold the entry's own member string, whose hash V8
   * keeps once computed; looking an item up by the id sliced out of it hashed a new string each
   * time (a twentieth of a refresh, in near-duplicate lookups).
   */
  private readonly byMember = new Map<string, Entry>();
  /** Order members per index key (see item-keys.ts). */
  private readonly lists = new Map<string, SortedList>([[ALL, new SortedList()]]);
  /** The entries under each folded word of title and summary (word-postings.ts). */
  private readonly words = new Postings<Entry>((e) => this.items.get(e.item.id) === e);
  /** Every folded word of every item's title and summary, for prefix lookups of `q` words. */
  private readonly vocabulary = new SortedList();
  private readonly byUrl = new Map<string, Set<string>>();
  /** Order members per title key, for near-duplicate candidates. */
  private readonly byTitleKey = new Map<string, SortedList>();
  private readonly meta = new Map<string, string>();
  private readonly metaMaps = new Map<string, Map<string, string>>();
  private journal!: FileHandle;
  private journalBytes = 0;
  private journalRecords = 0;
  private pending: PendingWrite[] = [];
  private scratch = Buffer.alloc(0);
  private flushing: Promise<void> | null = null;
  private syncs = 0;
  private closed = false;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly lockPath: string;

  private constructor(private readonly dir: string) {
    this.journalPath = join(dir, 'journal.jsonl');
    this.snapshotPath = join(dir, 'snapshot.jsonl');
    this.lockPath = join(dir, 'hub.lock');
  }

  static async open(dir: string): Promise<EmbeddedStore> {
    mkdirSync(dir, { recursive: true });
    takeLock(join(dir, 'hub.lock'));
    const store = new EmbeddedStore(dir);
    store.replay(store.snapshotPath);
    store.journalRecords = store.replay(store.journalPath);
    store.journal = await open(store.journalPath, 'a');
    store.journalBytes = (await store.journal.stat()).size;
    return store;
  }

  /**
   * Replays a journal or snapshot. A torn final line (a crash mid-write, never acknowledged) is cut
   * off quietly. A complete line that cannot be read is damage: it is skipped, every valid record
   * after it is still replayed, the file as found is copied aside (`<file>.damaged-<time>`) before
   * anything rewrites it, and the damage is reported (status(), the start log, a metric).
   */
  private replay(path: string): number {
    if (!existsSync(path)) return 0;
    const bytes = readFileSync(path);
    // a torn final line from a crash was never acknowledged: cut it off so the next append starts clean
    const end = bytes.lastIndexOf(0x0a) + 1;
    let count = 0;
    let start = 0;
    let lineNo = 0;
    const bad: number[] = [];
    while (start < end) {
      const nl = bytes.indexOf(0x0a, start);
      const line = bytes.toString('utf8', start, nl);
      start = nl + 1;
      lineNo++;
      if (!line) continue;
      const rec = readRecord(line);
      if (!rec) {
        bad.push(lineNo);
        continue;
      }
      this.apply(rec);
      count++;
    }
    if (bad.length) this.keepDamaged(path, bytes, bad);
    if (end < bytes.length) truncateSync(path, end);
    return count;
  }

  /** Copies a damaged file aside (synced) and records what was lost where. */
  private keepDamaged(path: string, bytes: Buffer, bad: number[]): void {
    const copy = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    writeFileSync(copy, bytes, { flag: 'wx', mode: 0o600 });
    const fd = openSync(copy, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncDir(dirname(copy));
    const file = basename(path);
    const at = bad.slice(0, 20);
    this.damage.push({
      file,
      lines: bad.length,
      at,
      copy,
      message:
        `${file} in ${this.dir} has ${bad.length} damaged line(s) (line ${at.join(', ')}${bad.length > at.length ? ', …' : ''}) that could not be read: ` +
        `the records on them are lost, every valid record after them was recovered; the file as found is kept at ${copy}`,
    });
  }

  /** Damage found when the store was opened (empty when the files read cleanly). */
  readonly damage: StoreDamage[] = [];

  async status(): Promise<StoreStatus> {
    return {
      state: this.closed ? 'down' : 'up',
      ...(this.closed ? { detail: 'The store is closed' } : {}),
      ...(this.damage.length ? { damage: this.damage } : {}),
    };
  }

  private apply(rec: Record): void {
    switch (rec.t) {
      case 'portal':
        this.portals.set(rec.v.id, rec.v);
        break;
      case 'portal-':
        this.portals.delete(rec.id);
        break;
      case 'source':
        this.sources.set(rec.v.id, rec.v);
        break;
      case 'source-':
        this.sources.delete(rec.id);
        this.reportCount -= this.reports.get(rec.id)?.length ?? 0;
        this.reports.delete(rec.id);
        break;
      case 'report': {
        const kept = this.reports.get(rec.v.sourceId) ?? [];
        kept.push(rec.v);
        this.reportCount++;
        if (kept.length > REPORTS_KEPT) this.reportCount -= kept.splice(0, kept.length - REPORTS_KEPT).length;
        this.reports.set(rec.v.sourceId, kept);
        break;
      }
      case 'meta':
        this.meta.set(rec.k, rec.v);
        break;
      case 'mentry': {
        const map = this.metaMaps.get(rec.m) ?? new Map<string, string>();
        this.metaMaps.set(rec.m, map.set(rec.f, rec.v));
        break;
      }
      case 'mentry-':
        this.metaMaps.get(rec.m)?.delete(rec.f);
        break;
      case 'item':
        this.index(rec.v);
        break;
      case 'item-':
        this.unindex(rec.id);
        break;
    }
  }

  private index(item: Item): void {
    this.unindex(item.id);
    const folded = searchText(item);
    const entry: Entry = {
      item,
      member: orderMember(orderKey(item)),
      keys: indexKeys(item),
      words: distinctWords(folded),
      titleKeys: titleKeys(item.title),
      folded,
    };
    this.items.set(item.id, entry);
    this.byMember.set(entry.member, entry);
    for (const key of entry.keys) {
      let list = this.lists.get(key);
      if (!list) this.lists.set(key, (list = new SortedList()));
      list.add(entry.member);
    }
    this.words.add(entry, entry.words, (word) => this.vocabulary.add(word));
    for (const key of entry.titleKeys) {
      let list = this.byTitleKey.get(key);
      if (!list) this.byTitleKey.set(key, (list = new SortedList()));
      list.add(entry.member);
    }
    let ids = this.byUrl.get(item.url);
    if (!ids) this.byUrl.set(item.url, (ids = new Set()));
    ids.add(item.id);
  }

  private unindex(id: string): boolean {
    const old = this.items.get(id);
    if (!old) return false;
    this.items.delete(id);
    this.byMember.delete(old.member);
    for (const key of old.keys) {
      const list = this.lists.get(key)!;
      list.delete(old.member);
      if (!list.size && key !== ALL) this.lists.delete(key);
    }
    this.words.remove(old.words, (word) => this.vocabulary.delete(word));
    for (const key of old.titleKeys) {
      const list = this.byTitleKey.get(key)!;
      list.delete(old.member);
      if (!list.size) this.byTitleKey.delete(key);
    }
    const ids = this.byUrl.get(old.item.url)!;
    ids.delete(id);
    if (!ids.size) this.byUrl.delete(old.item.url);
    return true;
  }

  /** Queues records for the next group commit; resolves once they are on disk and applied. */
  private write(records: Record[]): Promise<void> {
    if (this.closed) return Promise.reject(new HubError('STORE.CLOSED', 'The store is closed'));
    if (!records.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      const records = batch.flatMap((w) => w.records);
      const bytes = this.encode(records.map((r) => JSON.stringify(r)));
      try {
        await this.journal.appendFile(bytes);
        await this.journal.datasync();
        this.syncs++;
      } catch (e) {
        // a partial append would glue the next record onto a torn line: cut back to the last good byte
        await this.journal.truncate(this.journalBytes).catch(() => undefined);
        for (const w of batch)
          w.reject(new HubError('STORE.WRITE_FAILED', `Could not write the journal in ${this.dir}: ${(e as Error).message}`, { cause: e }));
        continue;
      }
      this.journalBytes += bytes.length;
      for (const r of records) this.apply(r);
      this.journalRecords += records.length;
      for (const w of batch) w.resolve();
      if (this.journalRecords > 10_000 && this.journalRecords > 2 * (this.items.size + this.sources.size + this.portals.size + this.reportCount)) {
        await this.compact().catch(() => undefined);
      }
    }
    this.flushing = null;
  }

  /**
   * The journal lines as UTF-8, each ended by a newline, in a buffer kept between flushes (flushes
   * run one at a time, and each has appended its bytes before the next encodes). Buffer.from on
   * the joined lines allocated and encoded at a fifth of this speed, a tenth of a stored item's cost.
   */
  private encode(lines: string[]): Buffer {
    const most = lines.reduce((n, l) => n + l.length * 3 + 1, 0);
    // a bulk write beyond a few MB is encoded on its own rather than held on to
    if (most > SCRATCH_MAX) return Buffer.from(lines.join('\n') + '\n');
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(most, this.scratch.length * 2)));
    let at = 0;
    for (const line of lines) {
      at += this.scratch.write(line, at);
      this.scratch[at++] = 0x0a;
    }
    return this.scratch.subarray(0, at);
  }

  /**
   * Rewrites live state as a snapshot (write in chunks, sync, rename, sync the directory) and
   * starts an empty journal. A crash before the rename keeps the old snapshot and the journal; a
   * crash after it replays the old journal over the new snapshot, which ends in the same state
   * because every record carries a whole value.
   */
  private async compact(): Promise<void> {
    const tmp = `${this.snapshotPath}.tmp`;
    const out = await open(tmp, 'w');
    try {
      const head: string[] = [];
      for (const v of this.portals.values()) head.push(JSON.stringify({ t: 'portal', v }));
      for (const v of this.sources.values()) head.push(JSON.stringify({ t: 'source', v }));
      for (const kept of this.reports.values()) for (const v of kept) head.push(JSON.stringify({ t: 'report', v }));
      for (const [k, v] of this.meta) head.push(JSON.stringify({ t: 'meta', k, v }));
      for (const [m, map] of this.metaMaps) for (const [f, v] of map) head.push(JSON.stringify({ t: 'mentry', m, f, v }));
      if (head.length) await out.appendFile(head.join('\n') + '\n');
      // writes wait in `pending` while this runs, so the maps cannot change under the iteration
      let chunk: string[] = [];
      for (const e of this.items.values()) {
        chunk.push(JSON.stringify({ t: 'item', v: e.item }));
        if (chunk.length === SNAPSHOT_CHUNK) {
          await out.appendFile(chunk.join('\n') + '\n');
          chunk = [];
        }
      }
      if (chunk.length) await out.appendFile(chunk.join('\n') + '\n');
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.snapshotPath);
    syncDir(this.dir);
    await this.journal.truncate(0);
    await this.journal.datasync();
    this.journalBytes = 0;
    this.journalRecords = 0;
  }

  async getPortal(id: string) {
    return this.portals.get(id);
  }
  async listPortals() {
    return [...this.portals.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
  async putPortal(portal: Portal) {
    await this.write([{ t: 'portal', v: portal }]);
  }
  async deletePortal(id: string) {
    if (!this.portals.has(id)) return false;
    await this.write([{ t: 'portal-', id }]);
    return true;
  }

  async getSource(id: string) {
    return this.sources.get(id);
  }
  async listSources(filter: { portalId?: string } = {}) {
    return [...this.sources.values()]
      .filter((s) => !filter.portalId || s.portalId === filter.portalId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  async putSource(source: Source) {
    await this.write([{ t: 'source', v: source }]);
  }
  async deleteSource(id: string) {
    if (!this.sources.has(id)) return false;
    await this.write([{ t: 'source-', id }]);
    return true;
  }

  async addRefreshReport(report: RefreshReport) {
    // a report of a source removed meanwhile would outlive it
    if (!this.sources.has(report.sourceId)) return;
    await this.write([{ t: 'report', v: report }]);
  }
  async listRefreshReports(sourceId: string, options: { before?: string; limit: number }) {
    const newestFirst = [...(this.reports.get(sourceId) ?? [])].reverse();
    return newestFirst.filter((r) => !options.before || r.id < options.before).slice(0, options.limit);
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
  async findTitlesByTitleKey(keys: string[], since: string, until: string, limitPerKey = Infinity): Promise<TitleCandidate[]> {
    const range = memberRange({ since, until });
    const members = new Set<string>();
    for (const key of new Set(keys)) {
      let taken = 0;
      for (const m of this.byTitleKey.get(key)?.descending(range.before, range.from) ?? []) {
        if (taken++ >= limitPerKey) break;
        members.add(m);
      }
    }
    // the items themselves: they carry id, source and title
    return [...members].map((m) => this.byMember.get(m)!.item);
  }
  async putItems(items: Item[], source?: Source) {
    const records: Record[] = items.map((v) => ({ t: 'item' as const, v }));
    if (source) records.push({ t: 'source', v: source });
    await this.write(records);
  }
  async countItems() {
    return this.items.size;
  }
  async scanItems(options: { since?: string }, visit: (items: Item[]) => void): Promise<void> {
    // members begin with their time, so the floor is one string comparison, as in queryItems
    const from = options.since ? timePrefix(Date.parse(options.since)) : undefined;
    let page: Item[] = [];
    for (const e of this.byMember.values()) {
      if (from !== undefined && e.member < from) continue;
      page.push(e.item);
      if (page.length === SCAN_PAGE) {
        visit(page);
        page = [];
      }
    }
    if (page.length) visit(page);
  }

  async deleteItems(ids: string[]) {
    const present = [...new Set(ids)].filter((id) => this.items.has(id));
    await this.write(present.map((id) => ({ t: 'item-' as const, id })));
    return present.length;
  }

  async pruneItems(rule: RetentionRule, limit: number) {
    const doomed = new Set<string>();
    if (rule.before) {
      const floor = timePrefix(Date.parse(rule.before));
      for (const m of this.lists.get(ALL)!.ascending()) {
        if (m >= floor || doomed.size >= limit) break;
        doomed.add(memberKey(m).id);
      }
    }
    if (rule.maxPerSource !== undefined) {
      for (const [key, list] of this.lists) {
        if (!key.startsWith('s:') || list.size <= rule.maxPerSource) continue;
        let excess = list.size - rule.maxPerSource;
        for (const m of list.ascending()) {
          if (excess-- <= 0 || doomed.size >= limit) break;
          doomed.add(memberKey(m).id);
        }
      }
    }
    return this.deleteItems([...doomed].slice(0, limit));
  }

  async queryItems(query: ItemQuery): Promise<ItemPageResult> {
    if (query.portalIds && !query.portalIds.length) return { items: [], nextCursor: null };
    const prepared = prepareQuery(query);
    const range = memberRange(query);
    const size = (k: string) => this.lists.get(k)?.size ?? 0;
    const driver = smallestChoice(driverChoices(query), size);
    const driverSize = driver.reduce((n, k) => n + size(k), 0);
    const word = this.rarestWord(query);
    if (word && word.size < driverSize && (word.size <= WORD_GATHER_MAX || word.size * 4 <= driverSize))
      return this.gatheredPage(word.words, prepared, range, query.limit);
    const lists = driver.map((k) => this.lists.get(k)).filter((l) => l !== undefined);
    const page: Item[] = [];
    let last: string | undefined;
    for (const member of candidates(lists, range.before, range.from, narrowedFurther(query))) {
      const e = this.byMember.get(member)!;
      if (!matches(e.item, prepared, () => e.folded)) continue;
      if (page.length === query.limit) return { items: page, nextCursor: encodeCursor(memberKey(last!)) };
      page.push(e.item);
      last = member;
    }
    return { items: page, nextCursor: null };
  }

  /** A page from the items under some words: all of them tested, the matches sorted newest first. */
  private gatheredPage(words: string[], prepared: PreparedQuery, range: MemberRange, limit: number): ItemPageResult {
    const hits: string[] = [];
    for (const e of this.words.entries(words)) {
      const m = e.member;
      if ((range.before !== undefined && m >= range.before) || (range.from !== undefined && m < range.from)) continue;
      if (matches(e.item, prepared, () => e.folded)) hits.push(m);
    }
    hits.sort();
    const page: Item[] = [];
    let last: string | undefined;
    for (let i = hits.length - 1; i >= 0; i--) {
      // an item under two of the words is there twice
      if (hits[i] === hits[i + 1]) continue;
      if (page.length === limit) return { items: page, nextCursor: encodeCursor(memberKey(last!)) };
      page.push(this.byMember.get(hits[i])!.item);
      last = hits[i];
    }
    return { items: page, nextCursor: null };
  }

  async getMeta(key: string) {
    return this.meta.get(key);
  }
  async setMeta(key: string, value: string) {
    await this.write([{ t: 'meta', k: key, v: value }]);
  }
  async getMetaEntries(map: string) {
    return new Map(this.metaMaps.get(map));
  }
  async setMetaEntry(map: string, field: string, value: string | undefined) {
    await this.write([value === undefined ? { t: 'mentry-', m: map, f: field } : { t: 'mentry', m: map, f: field, v: value }]);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.journal.close();
    rmSync(this.lockPath, { force: true });
  }

  /**
   * The `q` word with the fewest items, as the item words it starts (query words match word
   * starts), unless it starts so many that gathering them would be slow.
   */
  private rarestWord(query: ItemQuery): { words: string[]; size: number } | undefined {
    if (!query.q) return undefined;
    let best: { words: string[]; size: number } | undefined;
    for (const w of new Set(foldText(query.q).split(' ').filter(Boolean))) {
      const words: string[] = [];
      for (const word of this.vocabulary.from(w)) {
        if (!word.startsWith(w) || words.length > MAX_WORD_UNION) break;
        words.push(word);
      }
      if (words.length > MAX_WORD_UNION) continue;
      const size = words.reduce((n, word) => n + this.words.size(word), 0);
      if (!best || size < best.size) best = { words, size };
    }
    return best;
  }

  /** Journal syncs so far (benchmarks and tests count the durable writes a refresh costs). */
  get syncCount(): number {
    return this.syncs;
  }

  /** Bytes on disk, for the start banner. */
  sizeOnDisk(): number {
    return [this.journalPath, this.snapshotPath].filter(existsSync).reduce((n, p) => n + statSync(p).size, 0);
  }
}

/** The distinct words of folded text (words are separated by single spaces). */
function distinctWords(folded: string): string[] {
  const words = new Set<string>();
  for (let start = 0; start < folded.length;) {
    let end = folded.indexOf(' ', start);
    if (end < 0) end = folded.length;
    if (end > start) words.add(folded.slice(start, end));
    start = end + 1;
  }
  return [...words];
}

/** Filters that the driver does not answer, so most candidates will be tested and dropped. */
const narrowedFurther = (q: ItemQuery) => !!(q.topics?.length || q.categories?.length || q.q || q.clusterId || q.sourceId || q.language);

/** A union no larger than this is gathered and sorted at once when most of it will be read anyway. */
const GATHER_MAX = 50_000;

/**
 * The driver's members, newest first, each once. A union read to the end (a subtree with a topic
 * and words: thousands of candidates for a few matches) is gathered and sorted in one go, which
 * costs less than merging many lists step by step; otherwise the merge stops when the page is full.
 */
/** Items handed over at once by scanItems. */
const SCAN_PAGE = 5_000;

function candidates(lists: SortedList[], before: string | undefined, from: string | undefined, narrowed: boolean): Iterable<string> {
  if (lists.length < 2 || !narrowed || lists.reduce((n, l) => n + l.size, 0) > GATHER_MAX) return mergeDescending(lists, before, from);
  const all: string[] = [];
  for (const l of lists) l.collect(all, before, from);
  all.sort();
  return (function* () {
    for (let i = all.length - 1; i >= 0; i--) if (all[i] !== all[i + 1]) yield all[i];
  })();
}

/** The members of several sorted lists, largest first, each once (an item can be in several). */
function* mergeDescending(lists: SortedList[], before?: string, from?: string): Generator<string> {
  if (lists.length === 1) return yield* lists[0].descending(before, from);
  const cursors = lists.map((l) => l.descending(before, from));
  const heads = cursors.map((c) => c.next());
  let previous: string | undefined;
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) if (!heads[i].done && (best < 0 || heads[i].value > heads[best].value)) best = i;
    if (best < 0) return;
    const value = heads[best].value as string;
    heads[best] = cursors[best].next();
    if (value !== previous) yield value;
    previous = value;
  }
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One process at a time owns a data dir: a second writer would interleave journal lines. */
function takeLock(path: string): void {
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8'));
    if (pid && pid !== process.pid && processAlive(pid))
      throw new HubError(
        'STORE.LOCKED',
        `The data dir is in use by process ${pid} (a running hub?). Stop it, or drive it through its API with HUB_URL and HUB_KEY.`,
      );
  }
  writeFileSync(path, String(process.pid));
  syncDir(dirname(path));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const RECORD_KINDS = new Set(['portal', 'portal-', 'source', 'source-', 'item', 'item-', 'meta', 'report', 'mentry', 'mentry-']);

/** A journal line as a record, or undefined when it is not one (damage: bad JSON, or a shape no writer makes). */
function readRecord(line: string): Record | undefined {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!rec || typeof rec !== 'object') return undefined;
  const r = rec as { t?: unknown; v?: unknown; id?: unknown; k?: unknown; m?: unknown; f?: unknown };
  if (typeof r.t !== 'string' || !RECORD_KINDS.has(r.t)) return undefined;
  if (r.t === 'meta') return typeof r.k === 'string' && typeof r.v === 'string' ? (rec as Record) : undefined;
  if (r.t === 'mentry' || r.t === 'mentry-')
    return typeof r.m === 'string' && typeof r.f === 'string' && (r.t === 'mentry-' || typeof r.v === 'string') ? (rec as Record) : undefined;
  if (r.t.endsWith('-')) return typeof r.id === 'string' ? (rec as Record) : undefined;
  if (r.t === 'report' && typeof (r.v as { sourceId?: unknown } | undefined)?.sourceId !== 'string') return undefined;
  return r.v && typeof r.v === 'object' && typeof (r.v as { id?: unknown }).id === 'string' ? (rec as Record) : undefined;
}
