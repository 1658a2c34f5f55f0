/**
 * A source's console page, as data: the source (already in the caller's scope, see
 * Hub.consoleSource), its portal from the cached directory, one page of its refresh reports and
 * one page of its latest items (withdrawn ones too, flagged: those who manage the source see
 * them). Two bounded store reads, whatever the number of sources or items.
 */
import type { Directory } from '../directory/directory.ts';
import type { Item, Portal, RefreshReport, Source } from '../model.ts';
import type { Store } from '../store/store.ts';

export const CONSOLE_REPORTS_SHOWN = 10;
export const CONSOLE_ITEMS_SHOWN = 20;

export interface ConsoleSourcePages {
  /** The `nextCursor` of the previous page of refresh reports. */
  refreshCursor?: string;
  /** The `nextCursor` of the previous page of items. */
  itemCursor?: string;
}

export interface ConsoleSource {
  source: Source;
  portal?: Portal;
  refreshes: { reports: RefreshReport[]; nextCursor: string | null };
  items: { items: Item[]; nextCursor: string | null };
}

export async function consoleSource(
  store: Store,
  directory: Directory,
  source: Source,
  pages: ConsoleSourcePages,
  listRefreshes: (options: { cursor?: string; limit: number }) => Promise<ConsoleSource['refreshes']>,
): Promise<ConsoleSource> {
  const [refreshes, items] = await Promise.all([
    listRefreshes({ limit: CONSOLE_REPORTS_SHOWN, ...(pages.refreshCursor ? { cursor: pages.refreshCursor } : {}) }),
    store.queryItems({ sourceId: source.id, limit: CONSOLE_ITEMS_SHOWN, ...(pages.itemCursor ? { cursor: pages.itemCursor } : {}) }),
  ]);
  const portal = directory.get(source.portalId);
  return { source, ...(portal ? { portal } : {}), refreshes, items };
}
