/** The portal directory's use cases: registering, changing, removing and importing portals, and reading the directory. */
import { HubError, notFound } from '../errors.ts';
import type { ImportResult, Portal, PortalInput, PortalStats, PortalTree, PortalUpdate } from '../model.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly, assertCanManagePortal } from '../keys/scope.ts';
import { byLevelThenName, Directory } from '../directory/directory.ts';
import { lookupOver, placementErrors } from '../directory/placement.ts';
import { planImport, readDirectory, writeOrder, type DirectoryFormat } from '../directory/import.ts';
import { patchedPortal } from '../directory/update.ts';
import { portalStats } from '../stats/portal-stats.ts';
import { portalAsSeenBy, treeAsSeenBy } from '../alerts/visibility.ts';
import { checkInput, type UseCaseContext } from './context.ts';
import type { PortalQuery } from './types.ts';

/** How long a directory read from the store is trusted; other instances may have changed it. */
const DIRECTORY_TTL_MS = 5_000;

export class PortalUseCases {
  private directoryCache?: { at: number; directory: Promise<Directory> };

  constructor(private readonly ctx: UseCaseContext) {}

  async createPortal(who: Principal, input: PortalInput): Promise<Portal> {
    checkInput(input, 'common.schema.json#/$defs/portalInput');
    if (who.role !== 'admin' && !input.parentId) throw adminOnly('register a top-level portal; an operator registers portals below their own (set parentId)');
    await assertCanManagePortal(this.ctx.store, who, input.id, input.parentId ?? undefined);
    if (await this.ctx.store.getPortal(input.id)) throw new HubError('PORTAL.EXISTS', `A portal with id "${input.id}" is already registered`);
    if (input.parentId && !(await this.ctx.store.getPortal(input.parentId)))
      throw new HubError('PORTAL.UNKNOWN_PARENT', `The parent portal "${input.parentId}" is not registered`, {
        errors: [{ field: '/parentId', message: `"${input.parentId}" is not a registered portal` }],
      });
    const misplaced = placementErrors(input, lookupOver(await this.ctx.store.listPortals()));
    if (misplaced.length)
      throw new HubError('PORTAL.MISPLACED', `The portal does not fit the directory: ${misplaced.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
        errors: misplaced,
      });
    const portal: Portal = { ...input, createdAt: this.ctx.now().toISOString() };
    await this.ctx.store.putPortal(portal);
    this.ctx.directoryChanged();
    await this.ctx.record(who, { action: 'portal.create', target: { type: 'portal', id: portal.id }, portalId: portal.id, after: portal });
    return portal;
  }

  /**
   * Changes a portal's fields (hub/directory/update.ts), its alert addresses included (null: its own
   * list goes, it inherits its parent's again); its id never changes. Scope as for a new portal: an
   * operator changes portals strictly below their own and moves them only under a parent in their
   * subtree; a portal without parent is an admin's.
   */
  async updatePortal(who: Principal, id: string, patch: PortalUpdate): Promise<Portal> {
    checkInput(patch, 'common.schema.json#/$defs/portalUpdate');
    const before = await this.ctx.getPortal(id);
    await assertCanManagePortal(this.ctx.store, who, id);
    if (who.role !== 'admin' && patch.unset?.includes('parentId')) throw adminOnly('place a portal at the top of the directory (without parentId)');
    if (patch.parentId && patch.parentId !== before.parentId) await assertCanManagePortal(this.ctx.store, who, id, patch.parentId);
    const after = patchedPortal(before, patch, await this.ctx.store.listPortals());
    await this.ctx.store.putPortal(after);
    this.ctx.directoryChanged();
    await this.ctx.record(who, { action: 'portal.update', target: { type: 'portal', id }, portalId: id, before, after });
    return after;
  }

  /** Removes a portal with nothing below it: no child portals, no sources. */
  async removePortal(who: Principal, id: string): Promise<void> {
    const portal = await this.ctx.getPortal(id);
    await assertCanManagePortal(this.ctx.store, who, id);
    const children = (await this.ctx.store.listPortals()).filter((p) => p.parentId === id).map((p) => p.id);
    const sources = await this.ctx.store.listSources({ portalId: id });
    if (children.length || sources.length)
      throw new HubError(
        'PORTAL.NOT_EMPTY',
        `The portal "${id}" still has ${[children.length ? `child portals (${children.join(', ')})` : '', sources.length ? `${sources.length} source(s)` : ''].filter(Boolean).join(' and ')}; remove those first`,
      );
    await this.ctx.store.deletePortal(id);
    this.ctx.directoryChanged();
    await this.ctx.record(who, { action: 'portal.delete', target: { type: 'portal', id }, portalId: id, before: portal });
  }

  /** Portals in directory order, optionally only the children of one parent and/or some levels. */
  async listPortals(query: PortalQuery = {}): Promise<Portal[]> {
    const directory = await this.ctx.directory();
    if (query.parent && !directory.get(query.parent)) throw notFound('portal', query.parent);
    const levels = query.level ? new Set(Array.isArray(query.level) ? query.level : [query.level]) : undefined;
    const portals = query.parent ? directory.childrenOf(query.parent) : directory.all().sort(byLevelThenName);
    return portals.filter((p) => !levels || levels.has(p.level));
  }

  /** A portal with everything below it, nested. */
  async portalTree(id: string, depth?: number): Promise<PortalTree> {
    return (await this.ctx.directory()).tree(id, depth) ?? Promise.reject(notFound('portal', id));
  }

  /** Items per day over the last 30 days, last publication and topic shares, of a portal or its subtree. */
  async portalStats(id: string, options: { subtree?: boolean } = {}): Promise<PortalStats> {
    const directory = await this.ctx.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    return portalStats(this.ctx.store, id, options.subtree ? directory.subtreeIds(id) : [id], this.ctx.now(), !!options.subtree);
  }

  /** Imports a directory file (admin): every row valid, or nothing written. */
  async importPortals(who: Principal, text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    if (who.role !== 'admin') throw adminOnly('import a portal directory');
    const rows = readDirectory(text, format);
    const plan = planImport(rows, await this.ctx.store.listPortals(), this.ctx.now());
    if (!options.dryRun) {
      for (const portal of writeOrder(plan)) await this.ctx.store.putPortal(portal);
      this.ctx.directoryChanged();
    }
    const result = {
      dryRun: options.dryRun ?? false,
      created: plan.created.map((p) => p.id),
      updated: plan.updated.map((p) => p.id),
      unchanged: plan.unchanged,
    };
    if (!result.dryRun && (result.created.length || result.updated.length))
      await this.ctx.record(who, { action: 'portal.import', target: { type: 'directory', id: 'portals' }, after: result });
    return result;
  }

  /** The directory as a hierarchy, read from the store at most every few seconds. */
  directory(): Promise<Directory> {
    const cached = this.directoryCache;
    if (cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.directory;
    const directory = this.ctx.store.listPortals().then((portals) => new Directory(portals));
    directory.catch(() => {
      if (this.directoryCache?.directory === directory) this.directoryCache = undefined;
    });
    this.directoryCache = { at: Date.now(), directory };
    return directory;
  }

  /** Portal writes change what `within`/`level` mean and how feeds name portals. */
  directoryChanged(): void {
    this.forgetDirectory();
    this.ctx.announcer.announceDirectoryChange();
  }

  forgetDirectory(): void {
    this.directoryCache = undefined;
    this.ctx.feeds.clear();
    this.ctx.scorecardPasses.invalidate();
  }

  async getPortal(id: string): Promise<Portal> {
    return (await this.ctx.store.getPortal(id)) ?? Promise.reject(notFound('portal', id));
  }

  /** Portals as `viewer` (a key, or nobody) may see them: alertEmails only for a key that covers the portal (hub/alerts/visibility.ts). */
  async viewPortals(viewer: Principal | undefined, query: PortalQuery = {}): Promise<Portal[]> {
    const directory = await this.ctx.directory();
    return (await this.ctx.listPortals(query)).map((p) => portalAsSeenBy(viewer, directory, p));
  }

  async viewPortal(viewer: Principal | undefined, id: string): Promise<Portal> {
    return portalAsSeenBy(viewer, await this.ctx.directory(), await this.ctx.getPortal(id));
  }

  async viewPortalTree(viewer: Principal | undefined, id: string, depth?: number): Promise<PortalTree> {
    return treeAsSeenBy(viewer, await this.ctx.directory(), await this.ctx.portalTree(id, depth));
  }
}
