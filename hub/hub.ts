/**
 * The hub's use cases: the one application layer. The HTTP routes, the CLI and the console call
 * these and nothing below them, so all behave the same. A use case that changes something takes
 * its caller (a Principal): it checks the caller's role and portal scope (hub/keys/scope.ts),
 * settles proof of ownership for sources, and writes the change to the audit log (who, what,
 * when, before/after). Reads of what the hub publishes take no caller: they are public. Built by
 * hub/main.ts from a config, a store and the backend's parts; no globals.
 */
import { randomBytes } from 'node:crypto';
import { fieldErrors, validatorFor } from '../schemas/index.ts';
import { adapterKinds, assertOptions, getAdapter } from '../adapters/registry.ts';
import type { HubConfig } from './config.ts';
import { HubError, invalidRequest, notFound } from './errors.ts';
import type {
  ApiKey,
  ApiKeyInput,
  CreatedApiKey,
  Discovery,
  ImportResult,
  Preview,
  PreviewInput,
  Item,
  ItemPage,
  Portal,
  PortalInput,
  PortalUpdate,
  PortalStats,
  PortalLevel,
  Scorecard,
  ScorecardTable,
  PortalTree,
  SourceImportResult,
  RefreshReport,
  RefreshReportPage,
  RefreshResult,
  RefreshTrigger,
  Source,
  SourceInput,
  SourceOwnership,
  SourceUpdate,
} from './model.ts';
import { checkOwnership, hostUnder, initialOwnership, isPending, META_NAME, registeredDomain, WELL_KNOWN_PATH } from './ownership/ownership.ts';
import { KeyRing } from './keys/keyring.ts';
import { authenticate } from './auth.ts';
import type { Principal } from './keys/principal.ts';
import { adminOnly, assertCanManagePortal, assertCoversPortal, coversPortal, outOfScope } from './keys/scope.ts';
import { restoreItem, withdrawItem } from './publish/withdrawals.ts';
import { SourceLanes } from './pipeline/source-lanes.ts';
import { withAlsoPublishedBy } from './publish/clusters.ts';
import { tombstone } from './publish/tombstone.ts';
import { previewSource } from './preview.ts';
import { discoverSources } from './discovery/discover.ts';
import { checkRegistration } from './sources/registration-check.ts';
import type { operations } from './api/openapi.gen.ts';
import { REPORTS_KEPT, type ItemQuery, type Store } from './store/store.ts';
import { ItemAnnouncer } from './publish/announce.ts';
import { etagOf, FeedCache, type FeedFormat, type RenderedFeed } from './publish/feeds.ts';
import { processFetched, refreshSource, type PipelineDeps, type PollPlan } from './pipeline/refresh.ts';
import { fetchPolicy, type Fetched } from './pipeline/fetch.ts';
import type { AuditLog, AuditPage, AuditQuery, AuditRecord } from './audit/audit-log.ts';
import { ExtractPool, extractWorkerCount } from './pipeline/extract-pool.ts';
import { HubMetrics } from './metrics.ts';
import { byLevelThenName, Directory } from './directory/directory.ts';
import { renderItemPage, type RenderedItemPage } from './publish/item-page.ts';
import { lookupOver, placementErrors } from './directory/placement.ts';
import { directoryFormat, planImport, readDirectory, writeOrder, type DirectoryFormat } from './directory/import.ts';
import { patchedPortal } from './directory/update.ts';
import { resolveFilter, type ItemFilter } from './filter/filter.ts';
import { portalStats } from './stats/portal-stats.ts';
import { portalScorecard, scorecardCsv, scorecardTable, SORT_COLUMNS } from './stats/scorecard.ts';
import { ScorecardPasses, type ScorecardState } from './stats/scorecard-pass.ts';
import { portalsOpml, sourcesOpml } from './opml/render.ts';
import { planSourceImport, readOpml } from './opml/import.ts';
import { renderSelection, type FeedSelection } from './publish/selection.ts';
import { homePageData, type HomeData } from './pages/data.ts';
import * as webhooks from './webhooks/registry.ts';
import { ConsoleSessions, type ConsoleSession, type OpenedSession } from './console/sessions.ts';
import { consoleOverview, scopeIds, type ConsoleOverview } from './console/overview.ts';
import { portalPage, portalTree, sourceList, type PortalPageData, type PortalTreeData, type SourceListData, type SourceState } from './console/portals.ts';
import { RecentItemCounts } from './stats/recent-items.ts';
import { importView, type ImportView } from './console/portal-import.ts';
import { consoleSource, type ConsoleSource, type ConsoleSourcePages } from './console/source.ts';
import { portalAsSeenBy, treeAsSeenBy } from './alerts/visibility.ts';

export type { ItemFilter } from './filter/filter.ts';
export type PortalQuery = NonNullable<operations['listPortals']['parameters']['query']>;

/** How long a directory read from the store is trusted; other instances may have changed it. */
const DIRECTORY_TTL_MS = 5_000;
/** Items removed per store call when a source goes, so reads are not held up long. */
const DELETE_BATCH = 500;
/** Items a live stream that resumes from an old event id catches up with, at most. */
export const CATCH_UP_LIMIT = 200;

type FetchListener = NonNullable<PipelineDeps['onFetched']>;

/** What a hub is built from beside its config and store (hub/main.ts passes the backend's parts). */
export interface HubParts {
  audit: AuditLog;
  now?: () => Date;
  /** The WebSub hub that pushes this hub's feeds, linked from them with rel="hub". */
  websubHub?: string;
}

export class Hub {
  readonly announcer = new ItemAnnouncer();
  readonly feeds: FeedCache;
  /** Told after each polled fetch is stored (WebSub discovery, corrections). */
  readonly fetchListeners = new Set<FetchListener>();
  /** Told when a refresh on this instance changed a source (its health before and after): webhooks. */
  private readonly sourceListeners = new Set<(before: Source, after: Source) => void>();
  /** Polls under way, by source: concurrent refreshes of one source share one fetch. */
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** Polls and pushes of one source run one after the other. */
  private readonly lanes = new SourceLanes();
  private readonly now: () => Date;
  private directoryCache?: { at: number; directory: Promise<Directory> };
  /** A WebSub hub that pushes this hub's feeds; feeds link it with rel="hub" when set. */
  readonly websubHub?: string;
  /** Where changes are recorded: who did what, when, before and after. */
  readonly audit: AuditLog;
  /** API keys: who may call what. */
  readonly keys: KeyRing;
  /** The console's sign-in sessions (hub/console/sessions.ts). */
  private readonly sessions: ConsoleSessions;
  /** The scorecards' tally, kept up to date as items change (benchmarks invalidate it to time a full pass). */
  readonly scorecardPasses: ScorecardPasses;
  /** Items per source over the last 7 days, counted at most once a minute (the console's lists). */
  readonly recentItems: RecentItemCounts;

  /** Worker threads for parse → normalize → validate (none: on this thread); they start on first use. */
  readonly extract?: ExtractPool;
  readonly metrics: HubMetrics;

  constructor(
    readonly config: HubConfig,
    readonly store: Store,
    parts: HubParts,
  ) {
    this.now = parts.now ?? (() => new Date());
    this.audit = parts.audit;
    this.keys = new KeyRing(store, this.now);
    this.sessions = new ConsoleSessions(store, this.now);
    this.recentItems = new RecentItemCounts(store, this.now);
    if (parts.websubHub) this.websubHub = parts.websubHub;
    const workers = extractWorkerCount(config);
    if (workers > 0) this.extract = new ExtractPool(config, workers);
    this.metrics = new HubMetrics(store);
    this.feeds = new FeedCache(this.announcer);
    this.scorecardPasses = new ScorecardPasses(store, this.now, this.announcer);
    this.announcer.onDirectoryChange(() => this.forgetDirectory());
  }

  get pipeline(): PipelineDeps {
    return {
      store: this.store,
      config: this.config,
      announcer: this.announcer,
      now: this.now,
      extract: this.extract,
      onFetched: (...a) => this.fetchListeners.forEach((l) => l(...a)),
    };
  }

  /** Stops what the hub runs beside the store: its extract workers. */
  async close(): Promise<void> {
    await this.extract?.close();
  }

  /** Who sends this Authorization header (401 without a valid key). */
  authenticate(header: string | undefined): Promise<Principal> {
    return authenticate(this.store, header, this.keys, this.config.adminKey);
  }

  /** Signs in to the console: the key is checked like an API call's, then forgotten; the session keeps its principal. */
  async signIn(key: string, ip?: string): Promise<OpenedSession> {
    const principal = await this.authenticate(`Bearer ${key.trim()}`);
    const opened = await this.sessions.open(principal);
    await this.record({ ...principal, ...(ip ? { ip } : {}) }, { action: 'console.sign-in', target: { type: 'key', id: principal.keyId } });
    return opened;
  }

  /** The console session behind a cookie, while it lasts and its key still works. */
  async consoleSession(id: string | undefined): Promise<ConsoleSession | undefined> {
    const session = await this.sessions.get(id);
    if (!session) return undefined;
    if (await this.keys.stillActive(session.principal.keyId)) return session;
    await this.sessions.close(id);
    return undefined;
  }

  async signOut(id: string | undefined, who?: Principal): Promise<void> {
    await this.sessions.close(id);
    if (who) await this.record(who, { action: 'console.sign-out', target: { type: 'key', id: who.keyId } });
  }

  /** The console's first page for `who`: their portals, their sources by state, what needs attention. */
  async consoleOverview(who: Principal): Promise<ConsoleOverview> {
    const [directory, sources] = await Promise.all([this.directory(), this.listSources()]);
    return consoleOverview(directory, sources, who);
  }

  /** The console's tree of the portals in `who`'s scope, with sources and failing ones per portal; `q` filters by name. */
  async consolePortals(who: Principal, q?: string): Promise<PortalTreeData> {
    const [directory, sources] = await Promise.all([this.directory(), this.listSources()]);
    return portalTree(directory, sources, who, q);
  }

  /** One portal for the console: 404 when unknown, 403 outside `who`'s scope; its children and its sources. */
  async consolePortal(who: Principal, id: string): Promise<PortalPageData> {
    const portal = await this.getPortal(id);
    await assertCoversPortal(this.store, who, id);
    const [directory, sources, recent] = await Promise.all([this.directory(), this.listSources(), this.recentItems.get()]);
    return portalPage(directory, sources, recent.bySource, portal);
  }

  /** The sources in `who`'s scope for the console, by state, a page at a time. */
  async consoleSources(who: Principal, query: { state?: SourceState; page?: number }): Promise<SourceListData> {
    const [directory, sources, recent] = await Promise.all([this.directory(), this.listSources(), this.recentItems.get()]);
    return sourceList(directory, sources, recent.bySource, who, query);
  }

  /** A directory import (Hub.importPortals) for the console: each row of the file with its outcome or its errors. */
  async consoleImportPortals(who: Principal, text: string, options: { dryRun: boolean }): Promise<ImportView> {
    const format = directoryFormat(undefined, text);
    return importView(text, format, options.dryRun, () => this.importPortals(who, text, format, options));
  }

  /** The ids of the portals `who` covers (undefined: all, an admin); pages list only these. */
  async portalsInScope(who: Principal): Promise<Set<string> | undefined> {
    return scopeIds(await this.directory(), who);
  }

  private record(who: Principal, entry: Omit<AuditRecord, 'actor'>) {
    return this.audit.append({ actor: who, ...entry }, this.now());
  }

  // --- portals

  async createPortal(who: Principal, input: PortalInput): Promise<Portal> {
    checkInput(input, 'common.schema.json#/$defs/portalInput');
    if (who.role !== 'admin' && !input.parentId) throw adminOnly('register a top-level portal; an operator registers portals below their own (set parentId)');
    await assertCanManagePortal(this.store, who, input.id, input.parentId ?? undefined);
    if (await this.store.getPortal(input.id)) throw new HubError('PORTAL.EXISTS', `A portal with id "${input.id}" is already registered`);
    if (input.parentId && !(await this.store.getPortal(input.parentId)))
      throw new HubError('PORTAL.UNKNOWN_PARENT', `The parent portal "${input.parentId}" is not registered`, {
        errors: [{ field: '/parentId', message: `"${input.parentId}" is not a registered portal` }],
      });
    const misplaced = placementErrors(input, lookupOver(await this.store.listPortals()));
    if (misplaced.length)
      throw new HubError('PORTAL.MISPLACED', `The portal does not fit the directory: ${misplaced.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
        errors: misplaced,
      });
    const portal: Portal = { ...input, createdAt: this.now().toISOString() };
    await this.store.putPortal(portal);
    this.directoryChanged();
    await this.record(who, { action: 'portal.create', target: { type: 'portal', id: portal.id }, portalId: portal.id, after: portal });
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
    const before = await this.getPortal(id);
    await assertCanManagePortal(this.store, who, id);
    if (who.role !== 'admin' && patch.unset?.includes('parentId')) throw adminOnly('place a portal at the top of the directory (without parentId)');
    if (patch.parentId && patch.parentId !== before.parentId) await assertCanManagePortal(this.store, who, id, patch.parentId);
    const after = patchedPortal(before, patch, await this.store.listPortals());
    await this.store.putPortal(after);
    this.directoryChanged();
    await this.record(who, { action: 'portal.update', target: { type: 'portal', id }, portalId: id, before, after });
    return after;
  }

  /** Removes a portal with nothing below it: no child portals, no sources. */
  async removePortal(who: Principal, id: string): Promise<void> {
    const portal = await this.getPortal(id);
    await assertCanManagePortal(this.store, who, id);
    const children = (await this.store.listPortals()).filter((p) => p.parentId === id).map((p) => p.id);
    const sources = await this.store.listSources({ portalId: id });
    if (children.length || sources.length)
      throw new HubError(
        'PORTAL.NOT_EMPTY',
        `The portal "${id}" still has ${[children.length ? `child portals (${children.join(', ')})` : '', sources.length ? `${sources.length} source(s)` : ''].filter(Boolean).join(' and ')}; remove those first`,
      );
    await this.store.deletePortal(id);
    this.directoryChanged();
    await this.record(who, { action: 'portal.delete', target: { type: 'portal', id }, portalId: id, before: portal });
  }

  /** Portals in directory order, optionally only the children of one parent and/or some levels. */
  async listPortals(query: PortalQuery = {}): Promise<Portal[]> {
    const directory = await this.directory();
    if (query.parent && !directory.get(query.parent)) throw notFound('portal', query.parent);
    const levels = query.level ? new Set(Array.isArray(query.level) ? query.level : [query.level]) : undefined;
    const portals = query.parent ? directory.childrenOf(query.parent) : directory.all().sort(byLevelThenName);
    return portals.filter((p) => !levels || levels.has(p.level));
  }

  /** A portal with everything below it, nested. */
  async portalTree(id: string, depth?: number): Promise<PortalTree> {
    return (await this.directory()).tree(id, depth) ?? Promise.reject(notFound('portal', id));
  }

  /** Items per day over the last 30 days, last publication and topic shares, of a portal or its subtree. */
  async portalStats(id: string, options: { subtree?: boolean } = {}): Promise<PortalStats> {
    const directory = await this.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    return portalStats(this.store, id, options.subtree ? directory.subtreeIds(id) : [id], this.now(), !!options.subtree);
  }

  // --- scorecards

  /** A portal's scorecard (hub/stats/scorecard.ts), or its subtree's counted as one. */
  async scorecard(id: string, options: { subtree?: boolean } = {}): Promise<Scorecard> {
    const directory = await this.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    const { tally, sources } = await this.scorecardPass(directory);
    return portalScorecard(tally, directory, sources, id, !!options.subtree);
  }

  /** The national table: the scorecard of every portal of a level (province by default), sorted by a column. */
  async scorecards(query: ScorecardQuery = {}): Promise<ScorecardTable> {
    const checked = checkScorecardQuery(query);
    const directory = await this.directory();
    const { tally, sources } = await this.scorecardPass(directory);
    return scorecardTable(tally, directory, sources, checked);
  }

  /** `scorecard` as the API serves it (JSON, or its chart as SVG), rendered once and cached with the feeds. */
  async renderedScorecard(id: string, options: { subtree?: boolean }, format: 'json' | 'svg'): Promise<RenderedFeed> {
    const directory = await this.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    return this.feeds.get(`scorecard|${format}|${id}|${!!options.subtree}|${directory.version}|${this.minute()}`, async () => {
      const card = await this.scorecard(id, options);
      return format === 'svg'
        ? rendered(card.chartSvg, 'image/svg+xml; charset=utf-8', card.window.until)
        : rendered(JSON.stringify(card), JSON_TYPE, card.window.until);
    });
  }

  /** `scorecards` as the API serves it (JSON, or CSV for a spreadsheet), rendered once and cached with the feeds. */
  async renderedScorecards(query: ScorecardQuery, format: 'json' | 'csv'): Promise<RenderedFeed> {
    const checked = checkScorecardQuery(query);
    const directory = await this.directory();
    return this.feeds.get(`scorecards|${format}|${checked.level}|${checked.sort ?? ''}|${checked.order}|${directory.version}|${this.minute()}`, async () => {
      const table = await this.scorecards(checked);
      return format === 'csv'
        ? rendered(scorecardCsv(table), 'text/csv; charset=utf-8', table.window.until)
        : rendered(JSON.stringify(table), JSON_TYPE, table.window.until);
    });
  }

  /** The tally all scorecards are read from, with the sources (hub/stats/scorecard-pass.ts: kept up to date as items change). */
  private scorecardPass(directory: Directory): Promise<ScorecardState> {
    return this.scorecardPasses.current(directory);
  }

  private minute(): number {
    return Math.floor(this.now().getTime() / 60_000);
  }

  /** Imports a directory file (admin): every row valid, or nothing written. */
  async importPortals(who: Principal, text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    if (who.role !== 'admin') throw adminOnly('import a portal directory');
    const rows = readDirectory(text, format);
    const plan = planImport(rows, await this.store.listPortals(), this.now());
    if (!options.dryRun) {
      for (const portal of writeOrder(plan)) await this.store.putPortal(portal);
      this.directoryChanged();
    }
    const result = {
      dryRun: options.dryRun ?? false,
      created: plan.created.map((p) => p.id),
      updated: plan.updated.map((p) => p.id),
      unchanged: plan.unchanged,
    };
    if (!result.dryRun && (result.created.length || result.updated.length))
      await this.record(who, { action: 'portal.import', target: { type: 'directory', id: 'portals' }, after: result });
    return result;
  }

  /** The directory as a hierarchy, read from the store at most every few seconds. */
  directory(): Promise<Directory> {
    const cached = this.directoryCache;
    if (cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.directory;
    const directory = this.store.listPortals().then((portals) => new Directory(portals));
    directory.catch(() => {
      if (this.directoryCache?.directory === directory) this.directoryCache = undefined;
    });
    this.directoryCache = { at: Date.now(), directory };
    return directory;
  }

  /** Portal writes change what `within`/`level` mean and how feeds name portals. */
  private directoryChanged(): void {
    this.forgetDirectory();
    this.announcer.announceDirectoryChange();
  }

  private forgetDirectory(): void {
    this.directoryCache = undefined;
    this.feeds.clear();
    this.scorecardPasses.invalidate();
  }

  async getPortal(id: string): Promise<Portal> {
    return (await this.store.getPortal(id)) ?? Promise.reject(notFound('portal', id));
  }

  /** Portals as `viewer` (a key, or nobody) may see them: alertEmails only for a key that covers the portal (hub/alerts/visibility.ts). */
  async viewPortals(viewer: Principal | undefined, query: PortalQuery = {}): Promise<Portal[]> {
    const directory = await this.directory();
    return (await this.listPortals(query)).map((p) => portalAsSeenBy(viewer, directory, p));
  }

  async viewPortal(viewer: Principal | undefined, id: string): Promise<Portal> {
    return portalAsSeenBy(viewer, await this.directory(), await this.getPortal(id));
  }

  async viewPortalTree(viewer: Principal | undefined, id: string, depth?: number): Promise<PortalTree> {
    return treeAsSeenBy(viewer, await this.directory(), await this.portalTree(id, depth));
  }

  // --- sources

  /**
   * Registers a source in the caller's scope; proof of ownership starts here (hub/ownership).
   * Unless the body says `"check": false`, the URL is fetched and read once first, and a source
   * that yields no valid item is refused with the reason (hub/sources/registration-check.ts).
   */
  async createSource(who: Principal, input: SourceInput): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    const portal = await this.store.getPortal(input.portalId);
    if (!portal) throw unknownPortal(input.portalId, '/portalId');
    await assertCoversPortal(this.store, who, input.portalId);
    const { check = true, ...fields } = input;
    const checked = check ? (s: Source) => checkRegistration({ config: this.config, store: this.store, extract: this.extract, now: this.now }, s) : undefined;
    const source = await this.addSource(fields, initialOwnership(input.url, portal, who, this.now(), await this.scopePortal(who)), checked);
    await this.record(who, { action: 'source.create', target: { type: 'source', id: source.id }, portalId: source.portalId, after: source });
    return source;
  }

  /**
   * Stores a new source (checked, under a registered portal); without `ownership` when an admin
   * registered it. `check` runs once the input is found valid, before anything is stored.
   */
  private async addSource(input: SourceInput, ownership?: SourceOwnership, check?: (source: Source) => Promise<unknown>): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    if (!(await this.store.getPortal(input.portalId))) throw unknownPortal(input.portalId, '/portalId');
    const kind = input.kind ?? 'feed';
    const adapter = getAdapter(kind);
    const options = input.options ?? {};
    assertOptions(adapter, options);
    const existing = await this.store.listSources({ portalId: input.portalId });
    if (existing.some((s) => s.url === input.url && s.kind === kind))
      throw new HubError('SOURCE.EXISTS', `The portal "${input.portalId}" already has a ${kind} source for ${input.url}`);
    const source: Source = {
      id: `${input.portalId.slice(0, 40)}-${randomBytes(4).toString('hex')}`,
      portalId: input.portalId,
      url: input.url,
      kind,
      intervalSeconds: input.intervalSeconds ?? this.config.defaultIntervalSeconds,
      paused: input.paused ?? false,
      ...(input.options ? { options } : {}),
      createdAt: this.now().toISOString(),
      health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
      ...(ownership ? { ownership } : {}),
    };
    await check?.(source);
    await this.store.putSource(source);
    return source;
  }

  /** The portal an operator's key is scoped to: the domain an admin registered for them (see hub/ownership/ownership.ts). */
  private async scopePortal(who: Principal): Promise<Portal | undefined> {
    return who.role === 'admin' || !who.portalId ? undefined : ((await this.store.getPortal(who.portalId)) ?? undefined);
  }

  /** A source in the caller's scope (404 before 403, so ids outside it are not probed by status alone). */
  private async scopedSource(who: Principal, id: string): Promise<Source> {
    const source = await this.getSource(id);
    await assertCoversPortal(this.store, who, source.portalId, 'the source belongs to portal');
    return source;
  }

  async updateSource(who: Principal, id: string, patch: SourceUpdate): Promise<Source> {
    checkInput(patch, 'common.schema.json#/$defs/sourceUpdate');
    const before = await this.scopedSource(who, id);
    const next: Source = { ...before, ...patch };
    // a new kind reads the options (sent or kept) its own way
    if (patch.options || patch.kind) assertOptions(getAdapter(next.kind), next.options ?? {});
    const moved = !!patch.url && patch.url !== before.url;
    const rekinded = !!patch.kind && patch.kind !== before.kind;
    if (
      (moved || rekinded) &&
      (await this.store.listSources({ portalId: before.portalId })).some((s) => s.id !== id && s.url === next.url && s.kind === next.kind)
    )
      throw new HubError('SOURCE.EXISTS', `The portal "${before.portalId}" already has a ${next.kind} source for ${next.url}`);
    if (moved) {
      const portal = await this.getPortal(before.portalId);
      const host = new URL(next.url).hostname.toLowerCase();
      // a new host is a new claim: prove it again (unless it is under the portal's domain, or an admin moves it)
      if (host !== before.ownership?.host || before.ownership?.state === 'pending')
        next.ownership = initialOwnership(next.url, portal, who, this.now(), await this.scopePortal(who));
    }
    if (moved || rekinded) {
      // validators and what the last fetch found belong to the old URL or kind
      next.health = { ...before.health, state: 'new', consecutiveFailures: 0 };
      delete next.health.etag;
      delete next.health.lastModified;
      delete next.health.lastError;
      delete next.health.drift;
    }
    await this.store.putSource(next);
    await this.record(who, { action: 'source.update', target: { type: 'source', id }, portalId: next.portalId, before, after: next });
    return next;
  }

  /**
   * A source as the console shows it to whoever manages it (404 before 403, as every write):
   * with its portal, a page of its refresh reports and a page of its latest items.
   */
  async consoleSource(who: Principal, id: string, pages: ConsoleSourcePages = {}): Promise<ConsoleSource> {
    const source = await this.viewed(who, await this.scopedSource(who, id));
    return consoleSource(this.store, await this.directory(), source, pages, (options) => this.listRefreshes(id, options));
  }

  /** Removes a source and every item it brought. */
  async removeSource(who: Principal, id: string): Promise<{ items: number }> {
    const source = await this.scopedSource(who, id);
    let items = 0;
    for (;;) {
      const page = await this.store.queryItems({ sourceId: id, limit: DELETE_BATCH });
      if (!page.items.length) break;
      items += await this.store.deleteItems(page.items.map((i) => i.id));
    }
    await this.store.deleteSource(id);
    if (items) {
      this.feeds.clear();
      this.scorecardPasses.invalidate();
    }
    await this.record(who, { action: 'source.delete', target: { type: 'source', id }, portalId: source.portalId, before: source });
    return { items };
  }

  /** Looks for the ownership token now; a found token makes the source verified and polled. */
  async verifyOwnership(who: Principal, id: string): Promise<Source> {
    const before = await this.scopedSource(who, id);
    if (before.ownership?.state !== 'pending') return before;
    const ownership = await checkOwnership(before, fetchPolicy(this.config), this.now());
    const after: Source = { ...before, ownership };
    await this.store.putSource(after);
    if (ownership.state !== 'pending')
      await this.record(who, { action: 'ownership.verify', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  async approveOwnership(who: Principal, id: string): Promise<Source> {
    if (who.role !== 'admin') throw adminOnly('approve the ownership of a source');
    const before = await this.getSource(id);
    if (before.ownership?.state !== 'pending') return before;
    const { token: _t, lastCheck: _l, ...rest } = before.ownership;
    const after: Source = { ...before, ownership: { ...rest, state: 'approved', method: 'admin', settledAt: this.now().toISOString(), settledBy: who.keyId } };
    await this.store.putSource(after);
    await this.record(who, { action: 'ownership.approve', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  /**
   * What a source would publish, without storing anything. A key is needed because it makes the
   * hub fetch a URL; an operator previews only for portals in their scope, as they could only register there.
   */
  async previewSource(who: Principal, input: PreviewInput, limit?: number): Promise<Preview> {
    if (input.portalId && (await this.store.getPortal(input.portalId))) await assertCoversPortal(this.store, who, input.portalId);
    return previewSource({ config: this.config, store: this.store, extract: this.extract }, input, limit);
  }

  /** The feeds, sitemaps and list pages a page leads to (any key: it makes the hub fetch a URL). */
  discoverSources(_who: Principal, url: string): Promise<Discovery> {
    return discoverSources({ config: this.config, extract: this.extract }, url);
  }

  /** Whether a source's host is under its portal's domain (for listings that explain `pending`). */
  async underPortalDomain(source: Source): Promise<boolean> {
    const portal = await this.store.getPortal(source.portalId);
    return !!portal && hostUnder(new URL(source.url).hostname, registeredDomain(portal));
  }

  async listSources(filter: { portalId?: string } = {}): Promise<Source[]> {
    // an unregistered portal is named back, as the items filter does, not answered with "no sources"
    if (filter.portalId !== undefined && !(await this.store.getPortal(filter.portalId))) throw unknownPortal(filter.portalId, 'portal');
    return this.store.listSources(filter);
  }

  async getSource(id: string): Promise<Source> {
    return (await this.store.getSource(id)) ?? Promise.reject(notFound('source', id));
  }

  /**
   * Sources as `viewer` (a key, or nobody) may see them: the non-public address a source's host
   * resolved to (lastError.resolvedAddress, internal DNS) only for an admin or an operator whose
   * key covers the source's portal. The API's reads answer with these.
   */
  async viewSources(viewer: Principal | undefined, filter: { portalId?: string } = {}): Promise<Source[]> {
    return Promise.all((await this.listSources(filter)).map((s) => this.viewed(viewer, s)));
  }

  async viewSource(viewer: Principal | undefined, id: string): Promise<Source> {
    return this.viewed(viewer, await this.getSource(id));
  }

  private async viewed(viewer: Principal | undefined, source: Source): Promise<Source> {
    const lastError = source.health.lastError;
    if (!lastError?.resolvedAddress || (viewer && (await coversPortal(this.store, viewer, source.portalId)))) return source;
    const { resolvedAddress: _hidden, ...shown } = lastError;
    return { ...source, health: { ...source.health, lastError: shown } };
  }

  // --- OPML

  /** Every registered source, grouped by portal, as OPML 2.0. */
  async sourcesOpml(): Promise<RenderedFeed> {
    return sourcesOpml(await this.directory(), await this.store.listSources(), this.config.publicUrl, byLevelThenName);
  }

  /** The hub's subtree feed of every portal, nested as the directory, as OPML 2.0. */
  async portalsOpml(): Promise<RenderedFeed> {
    return portalsOpml(await this.directory(), this.config.publicUrl);
  }

  /** Registers the feeds of an OPML file as sources (admin): every feed importable, or nothing registered. */
  async importSources(who: Principal, text: string, options: { portal?: string; dryRun?: boolean } = {}): Promise<SourceImportResult> {
    if (who.role !== 'admin') throw adminOnly('import sources in bulk');
    const directory = await this.directory();
    if (options.portal && !directory.get(options.portal)) throw unknownPortal(options.portal, 'portal');
    const plan = planSourceImport(await readOpml(text), directory, await this.store.listSources(), (kind) => adapterKinds().includes(kind), options.portal);
    const created: Source[] = [];
    if (!options.dryRun) for (const input of plan.create) created.push(await this.addSource(input));
    if (created.length)
      await this.record(who, {
        action: 'source.import',
        target: { type: 'directory', id: 'sources' },
        ...(options.portal ? { portalId: options.portal } : {}),
        after: { created: created.map((s) => s.id) },
      });
    return { dryRun: options.dryRun ?? false, created: options.dryRun ? [] : created, wouldCreate: plan.create.length, unchanged: plan.unchanged };
  }

  /** An operator fetches a source of their scope now (whatever its schedule). */
  async refreshSource(who: Principal, id: string): Promise<RefreshResult> {
    await this.scopedSource(who, id);
    return this.poll(id, 'operator');
  }

  /** A source's refresh reports, newest first, a page at a time (`cursor`: the previous page's `nextCursor`). */
  async listRefreshes(sourceId: string, options: { cursor?: string; limit?: number } = {}): Promise<RefreshReportPage> {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > REPORTS_KEPT)
      throw invalidRequest([{ field: 'limit', message: `must be a whole number from 1 to ${REPORTS_KEPT}` }]);
    await this.getSource(sourceId);
    const reports = await this.store.listRefreshReports(sourceId, { ...(options.cursor ? { before: options.cursor } : {}), limit: limit + 1 });
    const page = reports.slice(0, limit);
    return { reports: page, nextCursor: reports.length > limit ? page.at(-1)!.id : null };
  }

  /**
   * Fetches a source now (the scheduler, an operator's refresh). Concurrent calls for one source
   * share one fetch; a push being ingested for it finishes first, and the poll then starts from
   * the health (validators) it left.
   */
  async poll(id: string, trigger: 'schedule' | 'operator' = 'schedule', plan: PollPlan = {}): Promise<RefreshResult> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const source = await this.getSource(id);
    if (isPending(source))
      throw new HubError(
        'SOURCE.OWNERSHIP_PENDING',
        `The source ${id} is not fetched until control of ${source.ownership?.host} is proven: serve the token at ${WELL_KNOWN_PATH} or in a <meta name="${META_NAME}"> tag, then verify; or ask an admin to approve it`,
      );
    const work = this.lanes
      .run(id, () => this.reported(id, trigger, async () => this.metrics.timed('poll', refreshSource(this.pipeline, await this.getSource(id), plan))))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /**
   * Ingests content a WebSub hub pushed for a source, after any poll of it under way (so neither
   * overwrites the other's health). The source keeps its conditional-GET validators: a push says
   * nothing about what its URL answers. Undefined when the source is gone or paused.
   */
  ingestPushed(sourceId: string, fetched: Fetched): Promise<RefreshResult | undefined> {
    return this.lanes.run(sourceId, async () => {
      const source = await this.store.getSource(sourceId);
      // a paused source takes nothing in, pushed or polled
      if (!source || source.paused) return undefined;
      return this.reported(sourceId, 'push', () =>
        this.metrics.timed('push', processFetched({ ...this.pipeline, onFetched: undefined }, source, fetched, this.now(), 'push')),
      );
    });
  }

  /** Calls `listener` with a source before and after each refresh this instance runs; returns the unsubscribe. */
  onSourceChange(listener: (before: Source, after: Source) => void): () => void {
    this.sourceListeners.add(listener);
    return () => this.sourceListeners.delete(listener);
  }

  /** Runs one refresh and keeps its report (trigger, start, duration, what it did) with the source. */
  private async reported(sourceId: string, trigger: RefreshTrigger, refresh: () => Promise<RefreshResult>): Promise<RefreshResult> {
    const started = this.now();
    const t0 = performance.now();
    const before = this.sourceListeners.size ? await this.store.getSource(sourceId) : undefined;
    const result = await refresh();
    const after = before && (await this.store.getSource(sourceId));
    if (before && after) for (const l of this.sourceListeners) l(before, after);
    const report: RefreshReport = {
      id: reportId(started),
      trigger,
      startedAt: started.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      ...result,
    };
    await this.store.addRefreshReport(report);
    return result;
  }

  /** Polls and pushes of a source running or waiting their turn on this instance. */
  queued(sourceId: string): number {
    return this.lanes.queued(sourceId);
  }

  /** Waits for every refresh and push under way (for a clean shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values(), this.lanes.settle()]);
  }

  // --- items

  /**
   * Items for the API and the feeds alike, so both list the same items in the same order. A
   * withdrawn item is a tombstone: reachable by id, announced on the stream, listed nowhere. A page
   * may therefore hold fewer than `limit` items; its cursor still continues where the store stopped.
   */
  async listItems(filter: ItemFilter): Promise<ItemPage> {
    const page = await this.store.queryItems(await this.resolveFilter(filter));
    return { ...page, items: page.items.filter((i) => !i.flags.includes('withdrawn')) };
  }

  /** `listItems` as the API serves it, rendered and cached per filter like a feed. */
  itemsPage(filter: ItemFilter): Promise<RenderedItemPage> {
    return renderItemPage(this, filter);
  }

  async getItem(id: string): Promise<Item> {
    return (await this.store.getItems([id])).get(id) ?? Promise.reject(notFound('item', id));
  }

  /** An operator takes an item of their subtree out of the feeds (a tombstone stays in the API). */
  async withdrawItem(who: Principal, id: string): Promise<Item> {
    const before = await this.getItem(id);
    await assertCoversPortal(this.store, who, before.portalId, 'the item belongs to portal');
    const after = await withdrawItem(this, id, this.now());
    if (!before.flags.includes('withdrawn'))
      await this.record(who, {
        action: 'item.withdraw',
        target: { type: 'item', id },
        portalId: after.portalId,
        before: { flags: before.flags },
        after: { flags: after.flags },
      });
    return after;
  }

  async restoreItem(who: Principal, id: string): Promise<Item> {
    const before = await this.getItem(id);
    await assertCoversPortal(this.store, who, before.portalId, 'the item belongs to portal');
    const after = await restoreItem(this, id, this.now());
    await this.record(who, {
      action: 'item.restore',
      target: { type: 'item', id },
      portalId: after.portalId,
      before: { flags: before.flags },
      after: { flags: after.flags },
    });
    return after;
  }

  /** One item as `GET /api/v1/items/{id}` serves it: with the portals that also published it, a tombstone when withdrawn. */
  async publishedItem(id: string): Promise<Item> {
    const [item] = await withAlsoPublishedBy([await this.getItem(id)], this.store, await this.directory(), this.config.publicUrl);
    return tombstone(item);
  }

  /** Items of a resolved query that were fetched or changed after `sinceMs`, oldest first (a live stream catching up). */
  async itemsChangedSince(query: ItemQuery, sinceMs: number): Promise<Item[]> {
    const page = await this.store.queryItems({ ...query, limit: CATCH_UP_LIMIT });
    return page.items.filter((i) => Date.parse(i.fetchedAt) > sinceMs || Date.parse(i.updatedAt) > sinceMs).reverse();
  }

  /** The filter language → a store query (`within` and `level` expanded to portal ids). */
  async resolveFilter(filter: ItemFilter): Promise<ItemQuery> {
    return resolveFilter(filter, await this.directory());
  }

  // --- feeds

  /**
   * A feed in one format: the same items `listItems` returns for the same filter, rendered once
   * per selection and filter and cached until new items arrive.
   */
  async feed(format: FeedFormat, filter: ItemFilter, selection: FeedSelection = { kind: 'named', name: 'all' }): Promise<RenderedFeed> {
    return renderSelection(this, format, filter, selection);
  }

  // --- public pages

  /** What the home page at / shows: the directory with source counts, the latest items, the topics. */
  homePage(): Promise<HomeData> {
    return homePageData(this);
  }

  // --- keys and audit (admin)

  async createKey(who: Principal, input: ApiKeyInput): Promise<CreatedApiKey> {
    if (who.role !== 'admin') throw adminOnly('create keys');
    checkInput(input, 'access.schema.json#/$defs/apiKeyInput');
    const created = await this.keys.create(input, who);
    const { secret: _secret, ...listed } = created;
    await this.record(who, {
      action: 'key.create',
      target: { type: 'key', id: created.id },
      ...(created.portalId ? { portalId: created.portalId } : {}),
      after: listed,
    });
    return created;
  }

  async listKeys(who: Principal): Promise<ApiKey[]> {
    if (who.role !== 'admin') throw adminOnly('list keys');
    return this.keys.list();
  }

  async revokeKey(who: Principal, id: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('revoke keys');
    const { before, after } = await this.keys.revoke(id, who);
    await this.sessions.closeAllOf(id);
    if (before.state !== 'revoked')
      await this.record(who, { action: 'key.revoke', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }

  /** Moves a key's expiry (to now by default): the key stops working at that time. */
  async expireKey(who: Principal, id: string, at?: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('expire keys');
    const { before, after } = await this.keys.expire(id, at ? new Date(at) : this.now());
    await this.record(who, { action: 'key.expire', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }

  // --- webhooks (hub/webhooks): an admin manages all; an operator those whose filter stays in their subtree

  async createWebhook(who: Principal, input: webhooks.WebhookInput): Promise<webhooks.CreatedWebhook> {
    checkInput(input, 'webhook.schema.json#/$defs/webhookInput');
    let url: URL | undefined;
    try {
      url = new URL(input.url);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol))
      throw new HubError('WEBHOOK.INVALID', `The webhook is invalid: url ${url ? 'must be an http(s) URL' : 'is not a URL'}`, {
        errors: [{ field: '/url', message: url ? 'must be an http(s) URL' : 'is not a URL' }],
      });
    if (input.filter) await this.resolveFilter({ ...input.filter });
    await this.assertCoversWebhook(who, input.filter);
    const webhook: webhooks.StoredWebhook = {
      id: webhooks.newWebhookId(),
      url: input.url,
      events: input.events,
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.description ? { description: input.description } : {}),
      state: 'active',
      createdAt: this.now().toISOString(),
      createdBy: who.keyId,
      secret: webhooks.newSecret(),
    };
    await webhooks.writeWebhook(this.store, webhook);
    const shown = webhooks.listed(webhook);
    const portalId = webhooks.scopePortals(input.filter)[0];
    await this.record(who, { action: 'webhook.create', target: { type: 'webhook', id: webhook.id }, ...(portalId ? { portalId } : {}), after: shown });
    return { ...shown, secret: webhook.secret };
  }

  async listWebhooks(who: Principal): Promise<webhooks.Webhook[]> {
    const all = await webhooks.readWebhooks(this.store);
    const mine = [];
    for (const w of all) if (await this.coversWebhook(who, w.filter)) mine.push(webhooks.listed(w));
    return mine;
  }

  async getWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    return webhooks.listed(await this.scopedWebhook(who, id));
  }

  /** A failing webhook is tried again from now on (events given up on stay given up). */
  async enableWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    const before = await this.scopedWebhook(who, id);
    if (before.state === 'active') return webhooks.listed(before);
    const { failingSince: _f, ...rest } = before;
    const after: webhooks.StoredWebhook = { ...rest, state: 'active' };
    await webhooks.writeWebhook(this.store, after);
    const portalId = webhooks.scopePortals(before.filter)[0];
    await this.record(who, {
      action: 'webhook.enable',
      target: { type: 'webhook', id },
      ...(portalId ? { portalId } : {}),
      before: webhooks.listed(before),
      after: webhooks.listed(after),
    });
    return webhooks.listed(after);
  }

  async removeWebhook(who: Principal, id: string): Promise<void> {
    const before = await this.scopedWebhook(who, id);
    await this.store.setMetaEntry(webhooks.WEBHOOKS_MAP, id, undefined);
    await webhooks.dropDeliveries(this.store, id);
    const portalId = webhooks.scopePortals(before.filter)[0];
    await this.record(who, { action: 'webhook.delete', target: { type: 'webhook', id }, ...(portalId ? { portalId } : {}), before: webhooks.listed(before) });
  }

  async listWebhookDeliveries(who: Principal, id: string, options: { cursor?: string; limit?: number } = {}): Promise<webhooks.WebhookDeliveryPage> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > webhooks.DELIVERIES_KEPT)
      throw invalidRequest([{ field: 'limit', message: `must be a whole number from 1 to ${webhooks.DELIVERIES_KEPT}` }]);
    await this.scopedWebhook(who, id);
    return webhooks.listDeliveries(this.store, id, limit, options.cursor);
  }

  /** A webhook the caller manages (404 before 403, as for sources). */
  private async scopedWebhook(who: Principal, id: string): Promise<webhooks.StoredWebhook> {
    const webhook = await webhooks.readWebhook(this.store, id);
    if (!webhook) throw notFound('webhook', id);
    await this.assertCoversWebhook(who, webhook.filter);
    return webhook;
  }

  private async coversWebhook(who: Principal, filter: webhooks.WebhookFilter | undefined): Promise<boolean> {
    if (who.role === 'admin') return true;
    const portals = webhooks.scopePortals(filter);
    if (!portals.length) return false;
    for (const p of portals) if (!(await coversPortal(this.store, who, p))) return false;
    return true;
  }

  private async assertCoversWebhook(who: Principal, filter: webhooks.WebhookFilter | undefined): Promise<void> {
    if (await this.coversWebhook(who, filter)) return;
    const outside = webhooks.scopePortals(filter);
    if (!outside.length) throw outOfScope(who, '(none)', 'a webhook must name a portal of your subtree (filter.within or filter.portal); the portal');
    for (const p of outside) await assertCoversPortal(this.store, who, p, 'the webhook filter names portal');
  }

  async listAudit(who: Principal, query: AuditQuery): Promise<AuditPage> {
    if (who.role !== 'admin') throw adminOnly('read the audit log');
    return this.audit.list(query);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';
const LEVELS: PortalLevel[] = ['central', 'ministry', 'province', 'department', 'commune', 'other'];

export interface ScorecardQuery {
  level?: string;
  sort?: string;
  order?: string;
}

const rendered = (body: string, contentType: string, at: string): RenderedFeed => ({
  body,
  contentType,
  etag: etagOf(body),
  lastModified: new Date(Math.floor(Date.parse(at) / 1000) * 1000),
});

/** A table query with every value known (FILTER.INVALID, 422, names each that is not). */
function checkScorecardQuery(query: ScorecardQuery): { level: PortalLevel; sort?: string; order: 'asc' | 'desc' } {
  const errors: { field: string; message: string }[] = [];
  const level = (query.level ?? 'province') as PortalLevel;
  if (!LEVELS.includes(level)) errors.push({ field: 'level', message: `must be one of ${LEVELS.join(', ')}` });
  if (query.sort !== undefined && !Object.hasOwn(SORT_COLUMNS, query.sort))
    errors.push({ field: 'sort', message: `must be one of ${Object.keys(SORT_COLUMNS).join(', ')}` });
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'must be asc or desc' });
  if (errors.length)
    throw new HubError('FILTER.INVALID', `The scorecard table cannot be made: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  return { level, ...(query.sort !== undefined ? { sort: query.sort } : {}), order: order as 'asc' | 'desc' };
}

/** Report ids sort like time: milliseconds in base 36, fixed width, then a random tail against ties. */
const reportId = (at: Date) => `${at.getTime().toString(36).padStart(10, '0')}-${randomBytes(3).toString('hex')}`;

const unknownPortal = (id: string, field: string) =>
  new HubError('SOURCE.UNKNOWN_PORTAL', `The portal "${id}" is not registered`, { errors: [{ field, message: 'is not a registered portal' }] });

/** Use cases check their input themselves, so the CLI gets the same answers as the API. */
function checkInput(input: unknown, schema: string): void {
  const validate = validatorFor(schema);
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
}
