/**
 * The store port. Every implementation (embedded, Redis) passes the same contract suite in
 * test/hub/store/contract.ts. The store keeps what it is given: ids, clusters, normalization and
 * the resolution of `within`/`level` filters to portal ids all happen before it is called.
 */
import type { Item, Portal, RefreshReport, Source } from '../model.ts';

/** An item as the near-duplicate title check sees it. */
export interface TitleCandidate {
  id: string;
  sourceId: string;
  title: string;
}

export interface ItemQuery {
  /** Only items of these portals (already expanded from `within`/`level` by the hub). Empty array: nothing matches. */
  portalIds?: string[];
  sourceId?: string;
  /** Any of these topic ids. */
  topics?: string[];
  /** Any of these source categories (compared folded). */
  categories?: string[];
  clusterId?: string;
  /** Folded search text (see normalize/fold.ts); every word must occur in title or summary. */
  q?: string;
  /** ISO 8601 bounds on publishedAt, inclusive. */
  since?: string;
  until?: string;
  language?: string;
  limit: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
}

export interface ItemPageResult {
  items: Item[];
  nextCursor: string | null;
}

/** What retention keeps (see hub/store/retention.ts). */
export interface RetentionRule {
  /** ISO 8601: items published before this go. */
  before?: string;
  /** Keep at most this many items per source, the newest. */
  maxPerSource?: number;
}

/** Refresh reports kept per source, the newest. */
export const REPORTS_KEPT = 100;

/** How the store is doing, for the readiness view of /healthz and the metrics. */
export interface StoreStatus {
  /** `down`: the store cannot be used now (data routes answer 503 STORE.UNAVAILABLE). */
  state: 'up' | 'down';
  detail?: string;
  /** Damage found when the store was opened (a corrupted journal line), kept aside for an operator. */
  damage?: StoreDamage[];
}

export interface StoreDamage {
  /** The damaged file (journal.jsonl or snapshot.jsonl). */
  file: string;
  /** How many complete lines could not be read (and were skipped; every valid record after them was replayed). */
  lines: number;
  /** Their line numbers (1-based), the first few. */
  at: number[];
  /** The copy of the file as found, kept next to it. */
  copy: string;
  message: string;
}

export interface Store {
  readonly kind: 'embedded' | 'redis';

  /** Whether the store can be used now, and any damage found on opening it. */
  status(): Promise<StoreStatus>;

  getPortal(id: string): Promise<Portal | undefined>;
  listPortals(): Promise<Portal[]>;
  putPortal(portal: Portal): Promise<void>;
  deletePortal(id: string): Promise<boolean>;

  getSource(id: string): Promise<Source | undefined>;
  listSources(filter?: { portalId?: string }): Promise<Source[]>;
  putSource(source: Source): Promise<void>;
  deleteSource(id: string): Promise<boolean>;

  /** Items by id; missing ids are absent from the map. */
  getItems(ids: string[]): Promise<Map<string, Item>>;
  /** Items whose canonical url is one of these, from any portal (for cross-portal clusters). */
  findItemsByUrl(urls: string[]): Promise<Item[]>;
  /**
   * Items published within [since, until] (ISO 8601, inclusive) that are indexed under any of
   * these title keys (hub/pipeline/title-keys.ts), from any portal, each once: the candidates for
   * a near-duplicate cluster, found through an index rather than a scan. Only what the title check
   * needs (id, source, title): the few candidates that pass are read whole with getItems. With
   * `limitPerKey`, only that many of the newest under each key.
   */
  findTitlesByTitleKey(keys: string[], since: string, until: string, limitPerKey?: number): Promise<TitleCandidate[]>;
  /**
   * Writes (inserts or replaces) items; resolves once they are durable. With `source`, also
   * writes that source (a refresh's outcome, its health and etag) — never before the items, so a
   * stored etag always means its items are stored — in the same durable write where the store can.
   */
  putItems(items: Item[], source?: Source): Promise<void>;
  queryItems(query: ItemQuery): Promise<ItemPageResult>;
  countItems(): Promise<number>;
  /**
   * Every item published at or after `since` (ISO 8601; every item without it), each once, handed
   * to `visit` a page at a time in no particular order: for passes over many items at once (the
   * portal scorecards), which a query's order and cursors would only slow down. `visit` must not
   * write to the store.
   */
  scanItems(options: { since?: string }, visit: (items: Item[]) => void): Promise<void>;
  /** Removes items by id; resolves with how many existed, once the removal is durable. */
  deleteItems(ids: string[]): Promise<number>;
  /**
   * Removes at most `limit` items the rule no longer keeps, oldest first, and says how many.
   * Retention calls it in small batches until it answers 0, so reads are never held up long.
   */
  pruneItems(rule: RetentionRule, limit: number): Promise<number>;

  /**
   * Keeps the report of one refresh of a source (and only the last REPORTS_KEPT of each source);
   * a source's reports go with the source.
   */
  addRefreshReport(report: RefreshReport): Promise<void>;
  /** A source's reports, newest first; `before`: only reports older than that report id. */
  listRefreshReports(sourceId: string, options: { before?: string; limit: number }): Promise<RefreshReport[]>;

  /** Small named values the hub keeps (key hashes, leases …). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * Named maps of small values written one entry at a time (WebSub subscriptions): a write costs
   * one entry, not the whole map. `undefined` removes the entry.
   */
  getMetaEntries(map: string): Promise<Map<string, string>>;
  setMetaEntry(map: string, field: string, value: string | undefined): Promise<void>;

  close(): Promise<void>;
}
