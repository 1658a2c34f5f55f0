/**
 * What an embed shows, built on the hub: one entry per article (cross-portal copies collapsed into
 * their cluster, the origin portal's copy leading), dates already in the Vietnamese form
 * dd/mm/yyyy in the hub's time zone. The widget and the iframe page render this same structure.
 */
import type { ItemFilter } from '../filter/filter.ts';
import type { Item, ItemPage } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { Directory } from '../directory/directory.ts';
import { clustersOf, type PortalLookup } from '../publish/clusters.ts';
import type { components } from '../api/openapi.gen.ts';

/** The shapes are openapi.yaml's EmbedList (generated types). */
export type EmbedList = components['schemas']['EmbedList'];
export type EmbedEntry = EmbedList['entries'][number];

export const DEFAULT_EMBED_LIMIT = 5;

/** What an embed list is read from: the Hub, named by shape rather than imported, so hub.ts may use this module without a cycle. */
export interface EmbedSource {
  listItems(filter: ItemFilter): Promise<ItemPage>;
  directory(): Promise<Directory>;
  readonly store: Store;
  readonly config: { publicUrl: string; timeZone: string };
}

/** dd/mm/yyyy, the way Vietnamese portals print dates (Intl vi-VN gives exactly that). */
export function vietnameseDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(new Date(iso));
}

export async function embedList(hub: EmbedSource, filter: ItemFilter, query: string): Promise<EmbedList> {
  const limit = filter.limit ?? DEFAULT_EMBED_LIMIT;
  // ask for more than shown: copies of one article collapse into a single entry
  const page = await hub.listItems({ ...filter, limit: Math.min(200, limit * 3) });
  const live = page.items.filter((i) => !i.flags.includes('withdrawn'));
  const portals = await hub.directory();
  const clusters = await clustersOf(live, hub.store, portals);
  const shown = new Set<string>();
  const entries: EmbedEntry[] = [];
  for (const item of live) {
    if (entries.length === limit) break;
    if (shown.has(item.clusterId)) continue;
    shown.add(item.clusterId);
    const members = clusters.get(item.clusterId) ?? [item];
    entries.push(entry(members[0], members.slice(1), portals, hub));
  }
  const publicUrl = hub.config.publicUrl;
  return { hubUrl: publicUrl, moreUrl: `${publicUrl}/embed/list${query ? `?${query}` : ''}`, entries };
}

function entry(origin: Item, copies: Item[], portals: PortalLookup, hub: EmbedSource): EmbedEntry {
  const name = (i: Item) => portals.get(i.portalId)?.name ?? i.portalId;
  return {
    id: origin.id,
    title: origin.title,
    url: origin.url,
    permalink: `${hub.config.publicUrl}/i/${origin.id}`,
    portalName: name(origin),
    publishedAt: origin.publishedAt,
    date: vietnameseDate(origin.publishedAt, hub.config.timeZone),
    ...(origin.image ? { image: origin.image } : {}),
    also: copies.filter((c) => c.portalId !== origin.portalId).map((c) => ({ portalName: name(c), url: c.url })),
  };
}
