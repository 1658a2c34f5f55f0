/**
 * Step 5: decide, for each valid item, whether it is new, an update of what is stored, or
 * unchanged; and group cross-portal duplicates into one cluster: the same canonical article URL
 * from another source, or a near-identical title AND body (similarity.ts) published within a
 * week of it. Candidates come from the store's title-key index (title-keys.ts), which finds every
 * near-identical title without scanning, whatever the size of the store.
 * Only new and updated items are written.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Item } from '../model.ts';
import type { Store } from '../store/store.ts';
import { jaccard, sameArticle, shingles, TITLE_LIKENESS } from './similarity.ts';
import { titleKeys, titleWordSet } from './title-keys.ts';

/**
 * How far apart two publications of one article may be: portals republish within a day or two.
 * The window also keeps a yearly notice with the same wording out of last year's cluster.
 */
const WINDOW_MS = 3 * 24 * 3600_000;

/**
 * How many items, newest first, are compared under each title key. Templated titles ("Lịch công
 * tác tuần 47", "Tin 1234 về …") put hundreds of items under the same word pair within a window;
 * comparing each new one with all of them made a poll cycle quadratic (bench:poll went from 7 s
 * to 68 s). A republication follows its original within hours, so it is among the newest.
 */
export const CANDIDATES_PER_KEY = 100;

export interface Reconciled {
  created: Item[];
  updated: Item[];
  unchanged: number;
  /** What to write: created and updated items. */
  toWrite: Item[];
}

/** The fields whose change makes a re-fetched item an update. */
const CONTENT_FIELDS = ['url', 'title', 'summary', 'contentHtml', 'image', 'authors', 'categories', 'topics', 'media', 'language'] as const;

/** Compared in place (no serialization): most re-fetched items are unchanged, so this runs for nearly every one. */
function sameContent(a: Item, b: Item): boolean {
  return CONTENT_FIELDS.every((f) => a[f] === b[f] || isDeepStrictEqual(a[f], b[f])) && (a.flags.includes('date-missing') || a.publishedAt === b.publishedAt);
}

export async function reconcile(candidates: Item[], store: Store): Promise<Reconciled> {
  // the same guid twice in one feed: the first (newest, in feed order) wins
  const byId = new Map<string, Item>();
  for (const c of candidates) if (!byId.has(c.id)) byId.set(c.id, c);
  const existing = await store.getItems([...byId.keys()]);
  const created: Item[] = [];
  const updated: Item[] = [];
  let unchanged = 0;

  const fresh = [...byId.values()].filter((c) => !existing.has(c.id));
  const clusters = await clustersByUrl(fresh, store);
  // the lookups are independent (new items of one batch are not stored yet), so they go at once:
  // one round of pipelined commands on Redis rather than one round trip per new item
  const nearDuplicates = await Promise.all(fresh.map((item) => (clusters.has(item.url) ? undefined : nearDuplicateCluster(item, store))));
  const nearDuplicateOf = new Map(fresh.map((item, n) => [item.id, nearDuplicates[n]]));

  for (const item of byId.values()) {
    const old = existing.get(item.id);
    if (!old) {
      const clusterId = clusters.get(item.url) ?? nearDuplicateOf.get(item.id);
      created.push(clusterId && clusterId !== item.clusterId ? { ...item, clusterId } : item);
      continue;
    }
    if (sameContent(old, item)) {
      unchanged++;
      continue;
    }
    // keep what identifies the item over time: first-seen dates for undated items, its cluster
    const publishedAt = item.flags.includes('date-missing') ? old.publishedAt : item.publishedAt;
    const updatedAt = item.updatedAt > old.updatedAt && item.updatedAt !== item.publishedAt ? item.updatedAt : item.fetchedAt;
    // a withdrawal outlives an edit at the source (hub/publish/withdrawals.ts decides when it ends)
    const flags = old.flags.includes('withdrawn') ? [...new Set([...item.flags, 'withdrawn' as const])] : item.flags;
    updated.push({ ...item, publishedAt, updatedAt, clusterId: old.clusterId, flags });
  }
  return { created, updated, unchanged, toWrite: [...created, ...updated] };
}

/** For new items, the cluster of the first-fetched item of another source with the same canonical URL. */
async function clustersByUrl(items: Item[], store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!items.length) return out;
  const others = await store.findItemsByUrl([...new Set(items.map((i) => i.url))]);
  for (const o of others.sort((a, b) => a.fetchedAt.localeCompare(b.fetchedAt))) {
    if (!out.has(o.url) && items.some((i) => i.url === o.url && i.sourceId !== o.sourceId)) out.set(o.url, o.clusterId);
  }
  return out;
}

/** The cluster of an item of another source that is the same article by its title and body, if any. */
async function nearDuplicateCluster(item: Item, store: Store): Promise<string | undefined> {
  const keys = titleKeys(item.title);
  if (!keys.length || !(item.contentHtml || item.summary)) return undefined;
  const at = Date.parse(item.publishedAt);
  const candidates = await store.findTitlesByTitleKey(keys, new Date(at - WINDOW_MS).toISOString(), new Date(at + WINDOW_MS).toISOString(), CANDIDATES_PER_KEY);
  const titleWords = titleWordSet(item.title);
  // titles first: cheap to compare, they rule out nearly every candidate, and only those that
  // pass are read whole; sizes first of all, since two sets can be no more alike than the
  // smaller's share of the larger
  const alike = new Map<string, number>();
  for (const c of candidates) {
    if (c.sourceId === item.sourceId) continue;
    const otherWords = titleWordSet(c.title);
    if (Math.min(titleWords.size, otherWords.size) < TITLE_LIKENESS * Math.max(titleWords.size, otherWords.size) - 1e-9) continue;
    const likeness = jaccard(titleWords, otherWords);
    if (likeness >= TITLE_LIKENESS) alike.set(c.id, likeness);
  }
  if (!alike.size) return undefined;
  const body = shingles(item.contentHtml || item.summary);
  let best: { clusterId: string; score: number; fetchedAt: string } | undefined;
  for (const c of (await store.getItems([...alike.keys()])).values()) {
    const other = shingles(c.contentHtml || c.summary);
    const l = { title: alike.get(c.id)!, body: jaccard(body, other) };
    if (!sameArticle(l, body, other)) continue;
    const score = l.title + l.body;
    // the most alike wins; among equals, the earliest cluster, so a cluster keeps its first id
    if (!best || score > best.score || (score === best.score && c.fetchedAt < best.fetchedAt)) best = { clusterId: c.clusterId, score, fetchedAt: c.fetchedAt };
  }
  return best?.clusterId;
}
