/**
 * The Redis store, selected by REDIS_URL: the shared state of several hub instances. Every key
 * starts with the store's prefix (HUB_REDIS_PREFIX, default `hub:`), so hubs — and test runs —
 * share one Redis without touching each other's keys.
 *
 *   {prefix}portals, sources, meta   hashes of id → JSON
 *   {prefix}items                    hash of item id → item JSON
 *   {prefix}f                        hash of item id → filter record (redis-query.ts)
 *   {prefix}o:<index key>            sorted sets of order members (item-keys.ts), all scores 0,
 *                                    read newest first with ZRANGE … BYLEX REV
 *   {prefix}u:<url>                  set of item ids with that canonical url
 *   {prefix}srcs                     set of source ids that have items (for retention)
 *   {prefix}n:<title key>            sorted sets of order members by title key (pipeline/title-keys.ts)
 *   {prefix}tk                       hash of item id → its title keys, space-separated (to unindex)
 *   {prefix}tt                       hash of item id → source id US title (near-duplicate title checks
 *                                    without reading whole items)
 *
 * Item writes and deletes are Lua scripts (redis-write.ts): atomic, so a reader never sees an index
 * entry without its item, and concurrent writers of one item cannot leave stale entries behind.
 *
 * Client version, by measurement (bench/redis-client.ts, this machine, 2026-11-24): MULTI
 * pipelines ran at 266k–357k commands/s with redis 5.12 and 417k–446k with 6.3 (RESP2 or 3 alike),
 * but auto-pipelined single commands — what concurrent refreshes, source updates and scheduler
 * claims issue — ran at 254k/s with 5.12 and 101k–108k/s with 6.3 (×0.40–0.42), whatever the
 * protocol. The protocol is not the cause, the 6.x command path is; we stay on redis ^5 with its
 * default RESP2, and batch bulk item writes in MULTI blocks.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Item, Portal, RefreshReport, Source } from '../model.ts';
import { REPORTS_KEPT, type ItemPageResult, type ItemQuery, type RetentionRule, type Store, type StoreStatus, type TitleCandidate } from './store.ts';
import { HubError } from '../errors.ts';
import { encodeCursor, memberId, memberKey, memberRange, timePrefix } from './item-order.ts';
import { ALL, driverChoices } from './item-keys.ts';
import { filterArguments, QUERY_SCRIPT } from './redis-query.ts';
import { DELETE_ITEMS, PUT_ITEMS, putArguments } from './redis-write.ts';
import { runScript } from './redis-script.ts';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisStoreOptions {
  /** Prepended to every key; one prefix per hub deployment (and per test run). */
  prefix?: string;
  /** Candidates one query script call may read before it yields Redis to other clients. */
  scanBudget?: number;
}

/** Largest driver (in entries) the query builds scratch sets from. */
const ALGEBRA_MAX = 50_000;

/** Items per MULTI block: large enough to amortize round trips, small enough to keep EXEC short. */
const WRITE_BATCH = 200;
/** Items read per call by scanItems. */
const SCAN_PAGE = 1_000;

/**
 * A read of the store gives up after this long without an answer (Redis alive but not answering):
 * the request then fails with 503 STORE.UNAVAILABLE rather than hang. A lost connection fails
 * every call at once (the client keeps no offline queue); writes are not timed out, as a big
 * write of a busy hub may legitimately take longer and Redis may still apply it.
 */
export const READ_TIMEOUT_MS = 5_000;
/** The longest wait between two attempts to reconnect to a Redis that went away. */
export const RECONNECT_MAX_MS = 5_000;
/** The readiness probe's PING waits this long before it calls Redis down. */
export const PING_TIMEOUT_MS = 1_000;

/** The store calls that fail with STORE.UNAVAILABLE when Redis cannot answer (the reads also after READ_TIMEOUT_MS). */
const READS = [
  'getPortal',
  'listPortals',
  'getSource',
  'listSources',
  'getItems',
  'findItemsByUrl',
  'findTitlesByTitleKey',
  'queryItems',
  'countItems',
  'getMeta',
] as const;
const WRITES = ['putPortal', 'deletePortal', 'putSource', 'deleteSource', 'putItems', 'deleteItems', 'pruneItems', 'setMeta'] as const;

/** What node-redis throws when the connection is gone or never answers (anything else, e.g. a script error, is a fault of ours). */
const CONNECTION_ERRORS = new Set([
  'ClientOfflineError',
  'ClientClosedError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
  'DisconnectsClientError',
  'TimeoutError',
]);

export const storeUnavailable = (cause?: unknown) =>
  new HubError('STORE.UNAVAILABLE', 'The hub cannot reach its store (Redis) right now; retry shortly (GET /healthz says when it is back)', {
    cause,
    headers: { 'retry-after': '5' },
  });

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly prefix: string;
  private readonly scanBudget: number;

  private constructor(
    readonly client: RedisClient,
    readonly url: string,
    options: RedisStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'hub:';
    this.scanBudget = options.scanBudget ?? 4000;
    const self = this as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const name of [...READS, ...WRITES]) {
      const call = self[name].bind(this);
      const timeout = (READS as readonly string[]).includes(name) ? READ_TIMEOUT_MS : undefined;
      self[name] = (...a: unknown[]) => this.guarded(call(...a), timeout);
    }
  }

  /** A store call whose connection failure (or, for a read, silence) becomes 503 STORE.UNAVAILABLE. */
  private async guarded<T>(call: Promise<T>, timeoutMs?: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!timeoutMs) return await call;
      const late = new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(storeUnavailable(new Error(`no answer in ${timeoutMs} ms`))), timeoutMs)),
      );
      return await Promise.race([call, late]);
    } catch (e) {
      if (e instanceof HubError) throw e;
      if (CONNECTION_ERRORS.has((e as Error)?.constructor?.name) || !this.client.isReady) throw storeUnavailable(e);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether Redis answers now: down at once when the connection is lost, or when a PING gets no answer in PING_TIMEOUT_MS. */
  async status(): Promise<StoreStatus> {
    if (!this.client.isReady) return { state: 'down', detail: `Redis at ${redactUrl(this.url)} is not connected` };
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no PONG in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)));
      await Promise.race([this.client.ping(), late]);
      return { state: 'up' };
    } catch (e) {
      return { state: 'down', detail: `Redis at ${redactUrl(this.url)} does not answer: ${(e as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    let connected = false;
    // the first connect fails fast with the reason; once up, a lost connection is retried with backoff
    const client = createClient({
      url,
      // while the connection is down, commands fail at once (503 STORE.UNAVAILABLE) instead of waiting for it
      disableOfflineQueue: true,
      socket: { connectTimeout: 5000, reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, RECONNECT_MAX_MS) : cause) },
    });
    // without a listener a lost connection is an uncaught 'error' that ends the process; the client reconnects by itself
    client.on('error', () => undefined);
    try {
      await client.connect();
      connected = true;
    } catch (e) {
      if (client.isOpen) client.destroy();
      throw new HubError('STORE.REDIS_UNAVAILABLE', `Cannot connect to Redis at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
    }
    return new RedisStore(client, url, options);
  }

  /** A key of this store. */
  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** A second connection to the same Redis (pub/sub needs its own). */
  async duplicate(): Promise<RedisClient> {
    const sub = this.client.duplicate();
    sub.on('error', () => undefined);
    await sub.connect();
    return sub;
  }

  // --- portals, sources, meta: hashes of JSON

  async getPortal(id: string) {
    return parse<Portal>(await this.client.hGet(this.key('portals'), id));
  }
  async listPortals() {
    return Object.values(await this.client.hGetAll(this.key('portals')))
      .map((v) => JSON.parse(v) as Portal)
      .sort((a, b) => a.id.localeCompare(b.id));
  }
  async putPortal(portal: Portal) {
    await this.client.hSet(this.key('portals'), portal.id, JSON.stringify(portal));
  }
  async deletePortal(id: string) {
    return (await this.client.hDel(this.key('portals'), id)) > 0;
  }

  async getSource(id: string) {
    return parse<Source>(await this.client.hGet(this.key('sources'), id));
  }
  async listSources(filter: { portalId?: string } = {}) {
    return Object.values(await this.client.hGetAll(this.key('sources')))
      .map((v) => JSON.parse(v) as Source)
      .filter((s) => !filter.portalId || s.portalId === filter.portalId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  async putSource(source: Source) {
    await this.client.hSet(this.key('sources'), source.id, JSON.stringify(source));
  }
  async deleteSource(id: string) {
    const [removed] = await this.client
      .multi()
      .hDel(this.key('sources'), id)
      .del(this.key(`rr:${id}`))
      .exec();
    return Number(removed) > 0;
  }

  // --- refresh reports: a list per source, newest first, trimmed to the last REPORTS_KEPT

  async addRefreshReport(report: RefreshReport) {
    if (!(await this.client.hExists(this.key('sources'), report.sourceId))) return;
    const key = this.key(`rr:${report.sourceId}`);
    await this.client
      .multi()
      .lPush(key, JSON.stringify(report))
      .lTrim(key, 0, REPORTS_KEPT - 1)
      .exec();
  }
  async listRefreshReports(sourceId: string, options: { before?: string; limit: number }) {
    const all = (await this.client.lRange(this.key(`rr:${sourceId}`), 0, REPORTS_KEPT - 1)).map((text) => JSON.parse(text) as RefreshReport);
    return all.filter((r) => !options.before || r.id < options.before).slice(0, options.limit);
  }

  async getMeta(key: string) {
    return (await this.client.hGet(this.key('meta'), key)) ?? undefined;
  }
  async setMeta(key: string, value: string) {
    await this.client.hSet(this.key('meta'), key, value);
  }
  async getMetaEntries(map: string) {
    return new Map(Object.entries(await this.client.hGetAll(this.key(`meta:${map}`))));
  }
  async setMetaEntry(map: string, field: string, value: string | undefined) {
    if (value === undefined) await this.client.hDel(this.key(`meta:${map}`), field);
    else await this.client.hSet(this.key(`meta:${map}`), field, value);
  }

  // --- items

  async getItems(ids: string[]) {
    const out = new Map<string, Item>();
    if (!ids.length) return out;
    const values = await this.client.hmGet(this.key('items'), ids);
    values.forEach((v, i) => v && out.set(ids[i], JSON.parse(v)));
    return out;
  }

  async findItemsByUrl(urls: string[]) {
    if (!urls.length) return [];
    const sets = await Promise.all(urls.map((u) => this.client.sMembers(this.key(`u:${u}`))));
    return [...(await this.getItems([...new Set(sets.flat())])).values()];
  }

  async findTitlesByTitleKey(keys: string[], since: string, until: string, limitPerKey?: number): Promise<TitleCandidate[]> {
    const range = memberRange({ since, until });
    const max = range.before ? `(${range.before}` : '+';
    const min = range.from ? `[${range.from}` : '-';
    const limit = limitPerKey === undefined ? [] : ['LIMIT', '0', String(limitPerKey)];
    const lists = await Promise.all(
      [...new Set(keys)].map((k) => this.client.sendCommand(['ZRANGE', this.key(`n:${k}`), max, min, 'BYLEX', 'REV', ...limit]) as Promise<string[]>),
    );
    const ids = [...new Set(lists.flat().map(memberId))];
    if (!ids.length) return [];
    const records = await this.client.hmGet(this.key('tt'), ids);
    const out: TitleCandidate[] = [];
    const unrecorded: string[] = [];
    ids.forEach((id, n) => {
      const rec = records[n];
      if (rec === null || rec === undefined) return void unrecorded.push(id);
      const cut = rec.indexOf('\x1f');
      out.push({ id, sourceId: rec.slice(0, cut), title: rec.slice(cut + 1) });
    });
    // items written before the title hash existed are read whole
    if (unrecorded.length) for (const item of (await this.getItems(unrecorded)).values()) out.push(item);
    return out;
  }

  async putItems(items: Item[], source?: Source) {
    for (let i = 0; i < items.length; i += WRITE_BATCH) await this.writeBatch(items.slice(i, i + WRITE_BATCH));
    if (source) await this.putSource(source);
  }

  private async writeBatch(items: Item[]): Promise<void> {
    // the last version of an id in the batch wins, as it would written one by one
    const latest = [...new Map(items.map((item) => [item.id, item])).values()];
    await runScript(this.client, PUT_ITEMS, [], [this.prefix, ...putArguments(latest)]);
  }

  async deleteItems(ids: string[]) {
    const unique = [...new Set(ids)];
    if (!unique.length) return 0;
    return runScript<number>(this.client, DELETE_ITEMS, [], [this.prefix, ...unique]);
  }

  async pruneItems(rule: RetentionRule, limit: number) {
    const doomed = new Set<string>();
    if (rule.before) {
      const members = await this.zrangeLex(ALL, '-', `(${timePrefix(Date.parse(rule.before))}`, limit);
      for (const m of members) doomed.add(memberId(m));
    }
    if (rule.maxPerSource !== undefined) {
      for (const sourceId of await this.client.sMembers(this.key('srcs'))) {
        if (doomed.size >= limit) break;
        const size = await this.client.zCard(this.key(`o:s:${sourceId}`));
        if (!size) await this.client.sRem(this.key('srcs'), sourceId);
        if (size <= rule.maxPerSource) continue;
        for (const m of await this.zrangeLex(`s:${sourceId}`, '-', '+', Math.min(size - rule.maxPerSource, limit - doomed.size))) doomed.add(memberId(m));
      }
    }
    return this.deleteItems([...doomed].slice(0, limit));
  }

  private zrangeLex(index: string, min: string, max: string, count: number): Promise<string[]> {
    return this.client.sendCommand(['ZRANGE', this.key(`o:${index}`), min, max, 'BYLEX', 'LIMIT', '0', String(count)]);
  }

  async countItems() {
    return this.client.hLen(this.key('items'));
  }

  /** Through the time-ordered index a page at a time, as queryItems reads it. */
  async scanItems(options: { since?: string }, visit: (items: Item[]) => void): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.queryItems({ limit: SCAN_PAGE, ...(options.since ? { since: options.since } : {}), ...(cursor ? { cursor } : {}) });
      if (page.items.length) visit(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async queryItems(query: ItemQuery): Promise<ItemPageResult> {
    if (query.portalIds && !query.portalIds.length) return { items: [], nextCursor: null };
    const choices = driverChoices(query);
    const keys = [...new Set(choices.flat())];
    const cards = await Promise.all(keys.map((k) => this.client.zCard(this.key(`o:${k}`))));
    const sizes = new Map(keys.map((k, i) => [k, cards[i]]));
    const size = (choice: string[]) => choice.reduce((n, k) => n + (sizes.get(k) ?? 0), 0);
    const ranked = [...choices].sort((a, b) => size(a) - size(b));
    const driver = ranked[0];
    // set algebra only while the sets it builds stay small: it runs to completion inside Redis
    const algebra = size(driver) <= ALGEBRA_MAX;
    const partner = algebra ? ranked.find((c) => c !== driver && c.length === 1 && c[0] !== ALL) : undefined;
    const scratch = `${this.prefix}tmp:${randomBytes(6).toString('hex')}`;
    const scriptKeys = [
      this.key('f'),
      `${scratch}:u`,
      `${scratch}:i`,
      ...driver.map((k) => this.key(`o:${k}`)),
      ...(partner ? [this.key(`o:${partner[0]}`)] : []),
    ];
    const range = memberRange(query);
    let max = range.before ? `(${range.before}` : '+';
    const min = range.from ? `[${range.from}` : '-';
    const filters = filterArguments(query);
    const members: string[] = [];
    let more: boolean;
    for (;;) {
      const [got, state] = await runScript<[string[], string]>(this.client, QUERY_SCRIPT, scriptKeys, [
        max,
        min,
        String(query.limit - members.length),
        String(this.scanBudget),
        ...filters,
        String(driver.length),
        partner ? '1' : '0',
      ]);
      members.push(...got);
      if (state === '' || state === 'more') {
        more = state === 'more';
        break;
      }
      max = `(${state}`;
    }
    const items = await this.getItems(members.map(memberId));
    // an item deleted between the two calls is skipped rather than failing the page
    const page = members
      .map(memberId)
      .filter((id) => items.has(id))
      .map((id) => items.get(id)!);
    return { items: page, nextCursor: more && members.length ? encodeCursor(memberKey(members[members.length - 1])) : null };
  }

  /** Deletes every key under this store's prefix (tests, and `hub` tooling that drops a namespace). */
  async clear(): Promise<void> {
    for await (const batch of this.client.scanIterator({ MATCH: `${escapeGlob(this.prefix)}*`, COUNT: 1000 })) {
      const keys = Array.isArray(batch) ? batch : [batch];
      if (keys.length) await this.client.unlink(keys);
    }
  }

  async close() {
    if (this.client.isOpen) await this.client.quit().catch(() => undefined);
  }
}

const parse = <T>(v: string | null | undefined): T | undefined => (v ? (JSON.parse(v) as T) : undefined);

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return 'redis://…';
  }
}

/** A fresh random key prefix, e.g. for a test run sharing a Redis. */
export const randomPrefix = (name: string) => `${name}:${randomBytes(6).toString('hex')}:`;
