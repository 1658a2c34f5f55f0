/**
 * What the home page shows, gathered in one pass: the cached directory (no store read per
 * portal), every source once (counted by portal), the latest items as the embeds list them (one
 * entry per article, copies on other portals collapsed) and the topic taxonomy.
 */
import type { Directory } from '../directory/directory.ts';
import type { Source } from '../model.ts';
import { embedList, type EmbedEntry, type EmbedSource } from '../embed/view.ts';
import { topicTaxonomy, type Topic } from '../pipeline/normalize/topics.ts';

export const LATEST_ITEMS = 10;

export interface HomeData {
  publicUrl: string;
  timeZone: string;
  directory: Directory;
  /** Sources registered per portal id (the portal's own, not its subtree's). */
  sourceCounts: Map<string, number>;
  latest: EmbedEntry[];
  topics: Topic[];
}

/** The Hub, by shape (hub.ts calls this module: importing it back would be a cycle). */
export interface HomeSource extends EmbedSource {
  listSources(): Promise<Source[]>;
}

export async function homePageData(hub: HomeSource): Promise<HomeData> {
  const [directory, sources, latest] = await Promise.all([hub.directory(), hub.listSources(), embedList(hub, { limit: LATEST_ITEMS }, '')]);
  const sourceCounts = new Map<string, number>();
  for (const s of sources) sourceCounts.set(s.portalId, (sourceCounts.get(s.portalId) ?? 0) + 1);
  return { publicUrl: hub.config.publicUrl, timeZone: hub.config.timeZone, directory, sourceCounts, latest: latest.entries, topics: topicTaxonomy() };
}
