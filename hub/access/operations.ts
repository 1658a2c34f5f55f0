/**
 * The directory's write use cases as performed by someone: each checks the caller's role and
 * portal scope, settles proof of ownership for sources, and writes the change to the audit log
 * (who, what, when, before/after). The API routes and the CLI both call these; the CLI acts as
 * LOCAL_CLI (an admin), a remote CLI as the holder of HUB_KEY.
 */
import { fieldErrors, validatorFor } from '../../schemas/index.ts';
import { assertOptions, getAdapter } from '../../adapters/registry.ts';
import type { Hub } from '../hub.ts';
import { HubError, invalidRequest } from '../errors.ts';
import type { DirectoryFormat } from '../directory/import.ts';
import { restoreItem, withdrawItem } from '../publish/withdrawals.ts';
import type { ApiKey, ApiKeyInput, CreatedApiKey, ImportResult, Item, SourceImportResult, Portal, PortalInput, RefreshResult, Source, SourceInput, SourceUpdate } from '../model.ts';
import { KeyRing } from '../keys/keyring.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly, assertCanManagePortal, assertCoversPortal } from '../keys/scope.ts';
import type { AuditLog, AuditPage, AuditQuery, AuditRecord } from '../audit/audit-log.ts';
import { checkOwnership, hostUnder, initialOwnership, registeredDomain } from '../ownership/ownership.ts';
import { fetchPolicy } from '../pipeline/fetch.ts';

/** Items removed per store call when a source goes, so reads are not held up long. */
const DELETE_BATCH = 500;

export class Operations {
  readonly keys: KeyRing;
  readonly audit: AuditLog;
  private readonly now: () => Date;

  constructor(readonly hub: Hub, options: { audit?: AuditLog; now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
    this.keys = new KeyRing(hub.store, this.now);
    this.audit = options.audit ?? hub.audit;
  }

  private get store() {
    return this.hub.store;
  }

  private record(who: Principal, entry: Omit<AuditRecord, 'actor'>) {
    return this.audit.append({ actor: who, ...entry }, this.now());
  }

  // --- portals

  async createPortal(who: Principal, input: PortalInput): Promise<Portal> {
    if (who.role !== 'admin' && !input.parentId) throw adminOnly('register a top-level portal; an operator registers portals below their own (set parentId)');
    await assertCanManagePortal(this.store, who, input.id, input.parentId ?? undefined);
    const portal = await this.hub.createPortal(input);
    await this.record(who, { action: 'portal.create', target: { type: 'portal', id: portal.id }, portalId: portal.id, after: portal });
    return portal;
  }

  async removePortal(who: Principal, id: string): Promise<void> {
    const portal = await this.hub.getPortal(id);
    await assertCanManagePortal(this.store, who, id);
    const children = (await this.store.listPortals()).filter((p) => p.parentId === id).map((p) => p.id);
    const sources = await this.store.listSources({ portalId: id });
    if (children.length || sources.length)
      throw new HubError('PORTAL.NOT_EMPTY', `The portal "${id}" still has ${[children.length ? `child portals (${children.join(', ')})` : '', sources.length ? `${sources.length} source(s)` : ''].filter(Boolean).join(' and ')}; remove those first`);
    await this.hub.deletePortal(id);
    await this.record(who, { action: 'portal.delete', target: { type: 'portal', id }, portalId: id, before: portal });
  }

  // --- sources

  async createSource(who: Principal, input: SourceInput): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    const portal = await this.store.getPortal(input.portalId);
    if (!portal) throw new HubError('SOURCE.UNKNOWN_PORTAL', `The portal "${input.portalId}" is not registered`, { errors: [{ field: '/portalId', message: 'is not a registered portal' }] });
    await assertCoversPortal(this.store, who, input.portalId);
    const source = await this.hub.createSource(input, { ownership: initialOwnership(input.url, portal, who, this.now()) });
    await this.record(who, { action: 'source.create', target: { type: 'source', id: source.id }, portalId: source.portalId, after: source });
    return source;
  }

  /** A source in the caller's scope (404 before 403, so ids outside it are not probed by status alone). */
  private async scopedSource(who: Principal, id: string): Promise<Source> {
    const source = await this.hub.getSource(id);
    await assertCoversPortal(this.store, who, source.portalId, 'the source belongs to portal');
    return source;
  }

  async updateSource(who: Principal, id: string, patch: SourceUpdate): Promise<Source> {
    checkInput(patch, 'common.schema.json#/$defs/sourceUpdate');
    const before = await this.scopedSource(who, id);
    const next: Source = { ...before, ...patch };
    if (patch.options) assertOptions(getAdapter(before.kind), patch.options);
    if (patch.url && patch.url !== before.url) {
      const portal = await this.hub.getPortal(before.portalId);
      const host = new URL(patch.url).hostname.toLowerCase();
      // a new host is a new claim: prove it again (unless it is under the portal's domain, or an admin moves it)
      if (host !== before.ownership?.host || before.ownership?.state === 'pending') next.ownership = initialOwnership(patch.url, portal, who, this.now());
      // validators belong to the old URL
      next.health = { ...before.health, state: 'new', consecutiveFailures: 0 };
      delete next.health.etag;
      delete next.health.lastModified;
      delete next.health.lastError;
    }
    await this.store.putSource(next);
    await this.record(who, { action: 'source.update', target: { type: 'source', id }, portalId: next.portalId, before, after: next });
    return next;
  }

  async removeSource(who: Principal, id: string): Promise<{ items: number }> {
    const source = await this.scopedSource(who, id);
    let items = 0;
    for (;;) {
      const page = await this.store.queryItems({ sourceId: id, limit: DELETE_BATCH });
      if (!page.items.length) break;
      items += await this.store.deleteItems(page.items.map((i) => i.id));
    }
    await this.store.deleteSource(id);
    if (items) this.hub.feeds.clear();
    await this.record(who, { action: 'source.delete', target: { type: 'source', id }, portalId: source.portalId, before: source });
    return { items };
  }

  async refreshSource(who: Principal, id: string): Promise<RefreshResult> {
    await this.scopedSource(who, id);
    return this.hub.refreshSource(id);
  }

  /** Looks for the ownership token now; a found token makes the source verified and polled. */
  async verifyOwnership(who: Principal, id: string): Promise<Source> {
    const before = await this.scopedSource(who, id);
    if (before.ownership?.state !== 'pending') return before;
    const ownership = await checkOwnership(before, fetchPolicy(this.hub.config), this.now());
    const after: Source = { ...before, ownership };
    await this.store.putSource(after);
    if (ownership.state !== 'pending') await this.record(who, { action: 'ownership.verify', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  async approveOwnership(who: Principal, id: string): Promise<Source> {
    if (who.role !== 'admin') throw adminOnly('approve the ownership of a source');
    const before = await this.hub.getSource(id);
    if (before.ownership?.state !== 'pending') return before;
    const { token: _t, lastCheck: _l, ...rest } = before.ownership;
    const after: Source = { ...before, ownership: { ...rest, state: 'approved', method: 'admin', settledAt: this.now().toISOString(), settledBy: who.keyId } };
    await this.store.putSource(after);
    await this.record(who, { action: 'ownership.approve', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  /** Whether a source's host is under its portal's domain (for listings that explain `pending`). */
  async underPortalDomain(source: Source): Promise<boolean> {
    const portal = await this.store.getPortal(source.portalId);
    return !!portal && hostUnder(new URL(source.url).hostname, registeredDomain(portal));
  }

  // --- bulk imports (admin) and withdrawals

  async importPortals(who: Principal, text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    if (who.role !== 'admin') throw adminOnly('import a portal directory');
    const result = await this.hub.importPortals(text, format, options);
    if (!result.dryRun && (result.created.length || result.updated.length)) await this.record(who, { action: 'portal.import', target: { type: 'directory', id: 'portals' }, after: result });
    return result;
  }

  async importSources(who: Principal, text: string, options: { portal?: string; dryRun?: boolean } = {}): Promise<SourceImportResult> {
    if (who.role !== 'admin') throw adminOnly('import sources in bulk');
    const result = await this.hub.importSources(text, options);
    if (!result.dryRun && result.created.length) await this.record(who, { action: 'source.import', target: { type: 'directory', id: 'sources' }, ...(options.portal ? { portalId: options.portal } : {}), after: { created: result.created.map((s) => s.id) } });
    return result;
  }

  /** An operator takes an item of their subtree out of the feeds (a tombstone stays in the API). */
  async withdrawItem(who: Principal, id: string): Promise<Item> {
    const before = await this.hub.getItem(id);
    await assertCoversPortal(this.store, who, before.portalId, 'the item belongs to portal');
    const after = await withdrawItem(this.hub, id, this.now());
    if (!before.flags.includes('withdrawn')) await this.record(who, { action: 'item.withdraw', target: { type: 'item', id }, portalId: after.portalId, before: { flags: before.flags }, after: { flags: after.flags } });
    return after;
  }

  async restoreItem(who: Principal, id: string): Promise<Item> {
    const before = await this.hub.getItem(id);
    await assertCoversPortal(this.store, who, before.portalId, 'the item belongs to portal');
    const after = await restoreItem(this.hub, id, this.now());
    await this.record(who, { action: 'item.restore', target: { type: 'item', id }, portalId: after.portalId, before: { flags: before.flags }, after: { flags: after.flags } });
    return after;
  }

  // --- keys and audit (admin)

  async createKey(who: Principal, input: ApiKeyInput): Promise<CreatedApiKey> {
    if (who.role !== 'admin') throw adminOnly('create keys');
    checkInput(input, 'access.schema.json#/$defs/apiKeyInput');
    const created = await this.keys.create(input, who);
    const { secret: _secret, ...listed } = created;
    await this.record(who, { action: 'key.create', target: { type: 'key', id: created.id }, ...(created.portalId ? { portalId: created.portalId } : {}), after: listed });
    return created;
  }

  async listKeys(who: Principal): Promise<ApiKey[]> {
    if (who.role !== 'admin') throw adminOnly('list keys');
    return this.keys.list();
  }

  async revokeKey(who: Principal, id: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('revoke keys');
    const { before, after } = await this.keys.revoke(id, who);
    if (before.state !== 'revoked') await this.record(who, { action: 'key.revoke', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }

  /** Moves a key's expiry (to now by default): the key stops working at that time. */
  async expireKey(who: Principal, id: string, at?: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('expire keys');
    const { before, after } = await this.keys.expire(id, at ? new Date(at) : this.now());
    await this.record(who, { action: 'key.expire', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }

  async listAudit(who: Principal, query: AuditQuery): Promise<AuditPage> {
    if (who.role !== 'admin') throw adminOnly('read the audit log');
    return this.audit.list(query);
  }
}

function checkInput(input: unknown, schema: string): void {
  const validate = validatorFor(schema);
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
}

const byHub = new WeakMap<Hub, Operations>();

/** The one Operations of a hub (routes and the CLI share it, and so its audit log writer). */
export function operationsOf(hub: Hub): Operations {
  let ops = byHub.get(hub);
  if (!ops) byHub.set(hub, (ops = new Operations(hub)));
  return ops;
}


