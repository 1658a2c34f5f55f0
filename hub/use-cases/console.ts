/** The console's use cases: signing in and out, and the pages' data, each limited to the caller's scope. */
import type { Principal } from '../keys/principal.ts';
import { assertCoversPortal } from '../keys/scope.ts';
import { directoryFormat } from '../directory/import.ts';
import type { ConsoleSession, OpenedSession } from '../console/sessions.ts';
import { consoleOverview, scopeIds, type ConsoleOverview } from '../console/overview.ts';
import { portalPage, portalTree, sourceList, type PortalPageData, type PortalTreeData, type SourceListData, type SourceState } from '../console/portals.ts';
import { importView, type ImportView } from '../console/portal-import.ts';
import { consoleSource, type ConsoleSource, type ConsoleSourcePages } from '../console/source.ts';
import type { UseCaseContext } from './context.ts';
import { currentSilences } from '../alerts/silence.ts';

export class ConsoleUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /** Signs in to the console: the key is checked like an API call's, then forgotten; the session keeps its principal. */
  async signIn(key: string, ip?: string): Promise<OpenedSession> {
    const principal = await this.ctx.authenticate(`Bearer ${key.trim()}`);
    const opened = await this.ctx.sessions.open(principal);
    await this.ctx.record({ ...principal, ...(ip ? { ip } : {}) }, { action: 'console.sign-in', target: { type: 'key', id: principal.keyId } });
    return opened;
  }

  /** The console session behind a cookie, while it lasts and its key still works. */
  async consoleSession(id: string | undefined): Promise<ConsoleSession | undefined> {
    const session = await this.ctx.sessions.get(id);
    if (!session) return undefined;
    if (await this.ctx.keys.stillActive(session.principal.keyId)) return session;
    await this.ctx.sessions.close(id);
    return undefined;
  }

  async signOut(id: string | undefined, who?: Principal): Promise<void> {
    await this.ctx.sessions.close(id);
    if (who) await this.ctx.record(who, { action: 'console.sign-out', target: { type: 'key', id: who.keyId } });
  }

  /** The console's first page for `who`: their portals, their sources by state, what needs attention. */
  async consoleOverview(who: Principal): Promise<ConsoleOverview> {
    const [directory, sources, silences] = await Promise.all([this.ctx.directory(), this.ctx.listSources(), currentSilences(this.ctx.store)]);
    return consoleOverview(directory, sources, who, silences);
  }

  /** The console's tree of the portals in `who`'s scope, with sources and failing ones per portal; `q` filters by name. */
  async consolePortals(who: Principal, q?: string): Promise<PortalTreeData> {
    const [directory, sources] = await Promise.all([this.ctx.directory(), this.ctx.listSources()]);
    return portalTree(directory, sources, who, q);
  }

  /** One portal for the console: 404 when unknown, 403 outside `who`'s scope; its children and its sources. */
  async consolePortal(who: Principal, id: string): Promise<PortalPageData> {
    const portal = await this.ctx.getPortal(id);
    await assertCoversPortal(this.ctx.store, who, id);
    const [directory, sources, recent] = await Promise.all([this.ctx.directory(), this.ctx.listSources(), this.ctx.recentItems.get()]);
    return portalPage(directory, sources, recent.bySource, portal);
  }

  /** The sources in `who`'s scope for the console, by state, a page at a time. */
  async consoleSources(who: Principal, query: { state?: SourceState; page?: number }): Promise<SourceListData> {
    const [directory, sources, recent] = await Promise.all([this.ctx.directory(), this.ctx.listSources(), this.ctx.recentItems.get()]);
    return sourceList(directory, sources, recent.bySource, who, query);
  }

  /**
   * A source as the console shows it to whoever manages it (404 before 403, as every write):
   * with its portal, a page of its refresh reports and a page of its latest items.
   */
  async consoleSource(who: Principal, id: string, pages: ConsoleSourcePages = {}): Promise<ConsoleSource> {
    const source = await this.ctx.viewed(who, await this.ctx.scopedSource(who, id));
    return consoleSource(this.ctx.store, await this.ctx.directory(), source, pages, (options) => this.ctx.listRefreshes(id, options));
  }

  /** A directory import (Hub.importPortals) for the console: each row of the file with its outcome or its errors. */
  async consoleImportPortals(who: Principal, text: string, options: { dryRun: boolean }): Promise<ImportView> {
    const format = directoryFormat(undefined, text);
    return importView(text, format, options.dryRun, () => this.ctx.importPortals(who, text, format, options));
  }

  /** The ids of the portals `who` covers (undefined: all, an admin); pages list only these. */
  async portalsInScope(who: Principal): Promise<Set<string> | undefined> {
    return scopeIds(await this.ctx.directory(), who);
  }
}
