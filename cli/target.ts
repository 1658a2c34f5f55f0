/** What the CLI acts on: the local store (through the Hub use cases) or a remote hub (through its API). */
import { loadConfig } from '../hub/config.ts';
import { openStore } from '../hub/store/open.ts';
import { Hub } from '../hub/hub.ts';
import { HubClient } from '../hub/client.ts';
import { restoreItem, tombstone, withdrawItem } from '../hub/publish/withdrawals.ts';
import type { Item, ImportResult, SourceImportResult, Portal, PortalInput, RefreshResult, Source, SourceInput } from '../hub/model.ts';
import type { DirectoryFormat } from '../hub/directory/import.ts';

export interface Target {
  listPortals(): Promise<Portal[]>;
  createPortal(input: PortalInput): Promise<Portal>;
  importPortals(text: string, format: DirectoryFormat, options: { dryRun?: boolean }): Promise<ImportResult>;
  opml(list: 'sources' | 'portals'): Promise<string>;
  importSources(opml: string, options: { portal?: string; dryRun?: boolean }): Promise<SourceImportResult>;
  listSources(portalId?: string): Promise<Source[]>;
  createSource(input: SourceInput): Promise<Source>;
  refreshSource(id: string): Promise<RefreshResult>;
  withdrawItem(id: string): Promise<Item>;
  restoreItem(id: string): Promise<Item>;
  close(): Promise<void>;
}

export async function openTarget(env: NodeJS.ProcessEnv): Promise<Target> {
  if (env.HUB_URL) {
    const client = new HubClient(env.HUB_URL, env.HUB_KEY);
    return {
      listPortals: () => client.listPortals(),
      createPortal: (i) => client.createPortal(i),
      importPortals: (text, format, o) => client.importPortals(text, format, o),
      opml: (list) => client.opml(list),
      importSources: (text, o) => client.importSources(text, o),
      listSources: (p) => client.listSources(p),
      createSource: (i) => client.createSource(i),
      refreshSource: (id) => client.refreshSource(id),
      withdrawItem: (id) => client.withdrawItem(id),
      restoreItem: (id) => client.restoreItem(id),
      close: async () => {},
    };
  }
  const config = loadConfig(env);
  const store = await openStore(config);
  const hub = new Hub(config, store);
  return {
    listPortals: () => hub.listPortals(),
    createPortal: (i) => hub.createPortal(i),
    importPortals: (text, format, o) => hub.importPortals(text, format, o),
    opml: async (list) => (list === 'sources' ? await hub.sourcesOpml() : await hub.portalsOpml()).body,
    importSources: (text, o) => hub.importSources(text, o),
    listSources: (p) => hub.listSources(p ? { portalId: p } : {}),
    createSource: (i) => hub.createSource(i),
    refreshSource: (id) => hub.refreshSource(id),
    withdrawItem: async (id) => tombstone(await withdrawItem(hub, id)),
    restoreItem: (id) => restoreItem(hub, id),
    close: () => store.close(),
  };
}
