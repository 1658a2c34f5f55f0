/**
 * "Also published by": the other members of an item's cluster (the same article carried by several
 * portals, grouped by the dedupe step), origin portal first. Computed when items are read, never
 * stored, so it is always current as copies arrive or are withdrawn.
 */
import type { Item, Portal } from '../model.ts';
import type { Store } from '../store/store.ts';

export type Publication = NonNullable<Item['alsoPublishedBy']>[number];

/** Portals by id: the hub's cached directory (hub.directory()), or any map of them. */
export interface PortalLookup {
  get(id: string): Portal | undefined;
}

/** More copies than this of one article are not listed (a cluster that large is a syndication wire). */
const MAX_MEMBERS = 50;

const host = (url: string | undefined) => {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : '';
  } catch {
    return '';
  }
};

/**
 * Origin first: the copy that lives on its own portal's site (the article URL is on that portal's
 * host), then the earliest published, then the earliest fetched.
 */
export function originOrder(items: Item[], portals: PortalLookup): Item[] {
  const home = (i: Item) => (host(i.url) !== '' && host(i.url) === host(portals.get(i.portalId)?.url) ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      home(a) - home(b) ||
      Date.parse(a.publishedAt) - Date.parse(b.publishedAt) ||
      Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt) ||
      a.id.localeCompare(b.id),
  );
}

/** The cluster of each item on the page (live members only, origin first), keyed by clusterId. */
export async function clustersOf(items: Item[], store: Store, portals: PortalLookup): Promise<Map<string, Item[]>> {
  // clusters join copies by canonical URL and by near-identical title and body, so members are
  // found through the store's cluster index, not the URL index
  const clusterIds = [...new Set(items.map((i) => i.clusterId))];
  const pages = await Promise.all(clusterIds.map((clusterId) => store.queryItems({ clusterId, limit: MAX_MEMBERS })));
  const candidates = pages.flatMap((p) => p.items);
  const byCluster = new Map<string, Item[]>();
  for (const item of [...items, ...candidates]) {
    if (item.flags.includes('withdrawn')) continue;
    const members = byCluster.get(item.clusterId) ?? [];
    if (!members.some((m) => m.id === item.id)) members.push(item);
    byCluster.set(item.clusterId, members);
  }
  for (const [id, members] of byCluster) byCluster.set(id, originOrder(members, portals));
  return byCluster;
}

export function publication(item: Item, origin: Item, portals: PortalLookup, publicUrl: string): Publication {
  return {
    itemId: item.id,
    portalId: item.portalId,
    portalName: portals.get(item.portalId)?.name ?? item.portalId,
    url: item.url,
    permalink: `${publicUrl}/i/${item.id}`,
    publishedAt: item.publishedAt,
    origin: item.id === origin.id,
  };
}

/** The items with `alsoPublishedBy` filled in where another portal carries the same article. */
export async function withAlsoPublishedBy(items: Item[], store: Store, portals: PortalLookup, publicUrl: string): Promise<Item[]> {
  if (!items.length) return items;
  const clusters = await clustersOf(items, store, portals);
  return items.map((item) => {
    const members = clusters.get(item.clusterId) ?? [];
    const others = members.filter((m) => m.id !== item.id && m.portalId !== item.portalId);
    if (!others.length) return item;
    return { ...item, alsoPublishedBy: others.map((m) => publication(m, members[0], portals, publicUrl)) };
  });
}
