/** What the CLI acts on: the local store (through the Hub use cases) or a remote hub (through its API). */
import { loadConfig } from '../hub/config.ts';
import { openHub } from '../hub/main.ts';
import { HubClient } from '../hub/client.ts';
import { tombstone } from '../hub/publish/tombstone.ts';
import type { Item, ImportResult, SourceImportResult, Portal, PortalInput, RefreshResult, Source, SourceInput } from '../hub/model.ts';
import type { DirectoryFormat } from '../hub/directory/import.ts';
import type { ApiKey, ApiKeyInput, CreatedApiKey, PortalUpdate, RefreshReportPage, Scorecard, SourceUpdate } from '../hub/model.ts';
import { LOCAL_CLI } from '../hub/keys/principal.ts';
import type { AuditPage, AuditQuery } from '../hub/audit/audit-log.ts';
import type { CreatedWebhook, Webhook, WebhookDeliveryPage, WebhookInput } from '../hub/webhooks/registry.ts';

export interface Target {
  listPortals(): Promise<Portal[]>;
  createPortal(input: PortalInput): Promise<Portal>;
  updatePortal(id: string, patch: PortalUpdate): Promise<Portal>;
  importPortals(text: string, format: DirectoryFormat, options: { dryRun?: boolean }): Promise<ImportResult>;
  opml(list: 'sources' | 'portals'): Promise<string>;
  importSources(opml: string, options: { portal?: string; dryRun?: boolean }): Promise<SourceImportResult>;
  listSources(portalId?: string): Promise<Source[]>;
  createSource(input: SourceInput): Promise<Source>;
  refreshSource(id: string): Promise<RefreshResult>;
  removePortal(id: string): Promise<void>;
  getSource(id: string): Promise<Source>;
  listRefreshes(id: string, limit: number): Promise<RefreshReportPage>;
  scorecard(id: string, subtree: boolean): Promise<Scorecard>;
  updateSource(id: string, patch: SourceUpdate): Promise<Source>;
  removeSource(id: string): Promise<void>;
  verifyOwnership(id: string): Promise<Source>;
  approveOwnership(id: string): Promise<Source>;
  createKey(input: ApiKeyInput): Promise<CreatedApiKey>;
  listKeys(): Promise<ApiKey[]>;
  revokeKey(id: string): Promise<ApiKey>;
  expireKey(id: string, at?: string): Promise<ApiKey>;
  listAudit(query: AuditQuery): Promise<AuditPage>;
  listWebhooks(): Promise<Webhook[]>;
  createWebhook(input: WebhookInput): Promise<CreatedWebhook>;
  removeWebhook(id: string): Promise<void>;
  enableWebhook(id: string): Promise<Webhook>;
  listWebhookDeliveries(id: string, query: { limit?: number; cursor?: string }): Promise<WebhookDeliveryPage>;
  /** Where the commands act: the data dir or store, or the remote hub's URL. */
  readonly where: string;
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
      updatePortal: (id, patch) => client.updatePortal(id, patch),
      importPortals: (text, format, o) => client.importPortals(text, format, o),
      opml: (list) => client.opml(list),
      importSources: (text, o) => client.importSources(text, o),
      listSources: (p) => client.listSources(p),
      createSource: (i) => client.createSource(i),
      refreshSource: (id) => client.refreshSource(id),
      removePortal: (id) => client.deletePortal(id),
      getSource: (id) => client.getSource(id),
      listRefreshes: (id, limit) => client.listRefreshes(id, limit),
      scorecard: (id, subtree) => client.scorecard(id, subtree),
      updateSource: (id, patch) => client.updateSource(id, patch),
      removeSource: (id) => client.deleteSource(id),
      verifyOwnership: (id) => client.verifyOwnership(id),
      approveOwnership: (id) => client.approveOwnership(id),
      createKey: (i) => client.createKey(i),
      listKeys: () => client.listKeys(),
      revokeKey: (id) => client.revokeKey(id),
      expireKey: (id, at) => client.expireKey(id, at),
      listAudit: ({ portalId, ...rest }) => client.listAudit({ ...rest, ...(portalId ? { portal: portalId } : {}) }),
      listWebhooks: () => client.listWebhooks(),
      createWebhook: (i) => client.createWebhook(i),
      removeWebhook: (id) => client.deleteWebhook(id),
      enableWebhook: (id) => client.enableWebhook(id),
      listWebhookDeliveries: (id, q) => client.listWebhookDeliveries(id, q),
      where: env.HUB_URL,
      withdrawItem: (id) => client.withdrawItem(id),
      restoreItem: (id) => client.restoreItem(id),
      close: async () => {},
    };
  }
  const config = loadConfig(env);
  const { hub, backend } = await openHub(config);
  const { store } = backend;
  // the local CLI can open the store, so it acts as an admin; its changes are audited as `cli`
  const who = LOCAL_CLI;
  return {
    listPortals: () => hub.listPortals(),
    createPortal: (i) => hub.createPortal(who, i),
    updatePortal: (id, patch) => hub.updatePortal(who, id, patch),
    importPortals: (text, format, o) => hub.importPortals(who, text, format, o),
    opml: async (list) => (list === 'sources' ? await hub.sourcesOpml() : await hub.portalsOpml()).body,
    importSources: (text, o) => hub.importSources(who, text, o),
    listSources: (p) => hub.listSources(p ? { portalId: p } : {}),
    createSource: (i) => hub.createSource(who, i),
    refreshSource: (id) => hub.refreshSource(who, id),
    removePortal: (id) => hub.removePortal(who, id),
    getSource: (id) => hub.getSource(id),
    listRefreshes: (id, limit) => hub.listRefreshes(id, { limit }),
    scorecard: (id, subtree) => hub.scorecard(id, { subtree }),
    updateSource: (id, patch) => hub.updateSource(who, id, patch),
    removeSource: async (id) => void (await hub.removeSource(who, id)),
    verifyOwnership: (id) => hub.verifyOwnership(who, id),
    approveOwnership: (id) => hub.approveOwnership(who, id),
    createKey: (i) => hub.createKey(who, i),
    listKeys: () => hub.listKeys(who),
    revokeKey: (id) => hub.revokeKey(who, id),
    expireKey: (id, at) => hub.expireKey(who, id, at),
    listAudit: (q) => hub.listAudit(who, q),
    listWebhooks: () => hub.listWebhooks(who),
    createWebhook: (i) => hub.createWebhook(who, i),
    removeWebhook: (id) => hub.removeWebhook(who, id),
    enableWebhook: (id) => hub.enableWebhook(who, id),
    listWebhookDeliveries: (id, q) => hub.listWebhookDeliveries(who, id, q),
    where: backend.where,
    withdrawItem: async (id) => tombstone(await hub.withdrawItem(who, id)),
    restoreItem: (id) => hub.restoreItem(who, id),
    close: () => store.close(),
  };
}
