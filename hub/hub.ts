/**
 * The hub's use cases: the one application layer. The HTTP routes, the CLI and the console call
 * these and nothing below them, so all behave the same. A use case that changes something takes
 * its caller (a Principal): it checks the caller's role and portal scope (hub/keys/scope.ts),
 * settles proof of ownership for sources, and writes the change to the audit log (who, what,
 * when, before/after). Reads of what the hub publishes take no caller: they are public. Built by
 * hub/main.ts from a config, a store and the backend's parts; no globals.
 *
 * The use cases themselves live by concern in hub/use-cases/ (portals, sources, refreshes, opml,
 * items, scorecards, keys, webhooks, console, audit), each a class built from one context
 * (hub/use-cases/context.ts). This class keeps the hub's parts and one delegating method per use
 * case, so every caller keeps calling `hub.createSource(...)`; the doc comments are with the
 * use cases.
 */
import type { HubConfig } from './config.ts';
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
  Scorecard,
  ScorecardTable,
  PortalTree,
  SourceImportResult,
  RefreshReportPage,
  RefreshResult,
  Source,
  SourceInput,
  SourceUpdate,
} from './model.ts';
import { KeyRing } from './keys/keyring.ts';
import type { Principal } from './keys/principal.ts';
import type { ItemQuery, Store } from './store/store.ts';
import { ItemAnnouncer } from './publish/announce.ts';
import { FeedCache, type FeedFormat, type RenderedFeed } from './publish/feeds.ts';
import type { PipelineDeps, PollPlan } from './pipeline/refresh.ts';
import type { Fetched } from './pipeline/fetch.ts';
import type { AuditLog, AuditPage, AuditQuery } from './audit/audit-log.ts';
import { ExtractPool, extractWorkerCount } from './pipeline/extract-pool.ts';
import { HubMetrics } from './metrics.ts';
import type { Directory } from './directory/directory.ts';
import type { RenderedItemPage } from './publish/item-page.ts';
import type { DirectoryFormat } from './directory/import.ts';
import type { ItemFilter } from './filter/filter.ts';
import { ScorecardPasses } from './stats/scorecard-pass.ts';
import type { FeedSelection } from './publish/selection.ts';
import type { HomeData } from './pages/data.ts';
import type * as webhooks from './webhooks/registry.ts';
import { ConsoleSessions, type ConsoleSession, type OpenedSession } from './console/sessions.ts';
import type { ConsoleOverview } from './console/overview.ts';
import type { PortalPageData, PortalTreeData, SourceListData, SourceState } from './console/portals.ts';
import { RecentItemCounts } from './stats/recent-items.ts';
import type { ImportView } from './console/portal-import.ts';
import type { ConsoleSource, ConsoleSourcePages } from './console/source.ts';
import type { FetchListener, UseCaseContext } from './use-cases/context.ts';
import type { PortalQuery, ScorecardQuery } from './use-cases/types.ts';
import { AuditUseCases } from './use-cases/audit.ts';
import { ConsoleUseCases } from './use-cases/console.ts';
import { ItemUseCases } from './use-cases/items.ts';
import { KeyUseCases } from './use-cases/keys.ts';
import { OpmlUseCases } from './use-cases/opml.ts';
import { PortalUseCases } from './use-cases/portals.ts';
import { RefreshUseCases } from './use-cases/refreshes.ts';
import { ScorecardUseCases } from './use-cases/scorecards.ts';
import { SourceUseCases } from './use-cases/sources.ts';
import { WebhookUseCases } from './use-cases/webhooks.ts';

export type { ItemFilter } from './filter/filter.ts';
export type { PortalQuery, ScorecardQuery } from './use-cases/types.ts';
export { CATCH_UP_LIMIT } from './use-cases/items.ts';

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
  private readonly now: () => Date;
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

  // the use cases, by concern (hub/use-cases/)
  private readonly auditCases: AuditUseCases;
  private readonly consoleCases: ConsoleUseCases;
  private readonly itemCases: ItemUseCases;
  private readonly keyCases: KeyUseCases;
  private readonly opmlCases: OpmlUseCases;
  private readonly portalCases: PortalUseCases;
  private readonly refreshCases: RefreshUseCases;
  private readonly scorecardCases: ScorecardUseCases;
  private readonly sourceCases: SourceUseCases;
  private readonly webhookCases: WebhookUseCases;

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
    const ctx = this.context();
    this.auditCases = new AuditUseCases(ctx);
    this.consoleCases = new ConsoleUseCases(ctx);
    this.itemCases = new ItemUseCases(ctx);
    this.keyCases = new KeyUseCases(ctx);
    this.opmlCases = new OpmlUseCases(ctx);
    this.portalCases = new PortalUseCases(ctx);
    this.refreshCases = new RefreshUseCases(ctx);
    this.scorecardCases = new ScorecardUseCases(ctx);
    this.sourceCases = new SourceUseCases(ctx);
    this.webhookCases = new WebhookUseCases(ctx);
    this.announcer.onDirectoryChange(() => this.portalCases.forgetDirectory());
  }

  /**
   * What the use cases are built from: the hub's parts, and the use cases of other concerns they
   * call, through this Hub (so a concern never imports another).
   */
  private context(): UseCaseContext {
    // the parts are read at each use, as `this.extract` was before the split (a test swaps in its own extract workers)
    const hub = () => this;
    return {
      get config() {
        return hub().config;
      },
      get store() {
        return hub().store;
      },
      get now() {
        return hub().now;
      },
      get announcer() {
        return hub().announcer;
      },
      get feeds() {
        return hub().feeds;
      },
      get fetchListeners() {
        return hub().fetchListeners;
      },
      get websubHub() {
        return hub().websubHub;
      },
      get audit() {
        return hub().audit;
      },
      get keys() {
        return hub().keys;
      },
      get sessions() {
        return hub().sessions;
      },
      get scorecardPasses() {
        return hub().scorecardPasses;
      },
      get recentItems() {
        return hub().recentItems;
      },
      get extract() {
        return hub().extract;
      },
      get metrics() {
        return hub().metrics;
      },
      get pipeline() {
        return hub().pipeline;
      },
      record: (who, entry) => this.auditCases.record(who, entry),
      authenticate: (header) => this.authenticate(header),
      directory: () => this.directory(),
      directoryChanged: () => this.portalCases.directoryChanged(),
      getPortal: (id) => this.getPortal(id),
      listPortals: (query) => this.listPortals(query),
      portalTree: (id, depth) => this.portalTree(id, depth),
      importPortals: (who, text, format, options) => this.importPortals(who, text, format, options),
      getSource: (id) => this.getSource(id),
      listSources: (filter) => this.listSources(filter),
      scopedSource: (who, id) => this.sourceCases.scopedSource(who, id),
      viewed: (viewer, source) => this.sourceCases.viewed(viewer, source),
      addSource: (input, ownership, check) => this.sourceCases.addSource(input, ownership, check),
      listRefreshes: (sourceId, options) => this.listRefreshes(sourceId, options),
      poll: (id, trigger, plan) => this.poll(id, trigger, plan),
      listItems: (filter) => this.listItems(filter),
      getItem: (id) => this.getItem(id),
      resolveFilter: (filter) => this.resolveFilter(filter),
      scorecard: (id, options) => this.scorecard(id, options),
      scorecards: (query) => this.scorecards(query),
    };
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

  // --- keys (use-cases/keys.ts)

  authenticate(header: string | undefined): Promise<Principal> {
    return this.keyCases.authenticate(header);
  }

  createKey(who: Principal, input: ApiKeyInput): Promise<CreatedApiKey> {
    return this.keyCases.createKey(who, input);
  }

  listKeys(who: Principal): Promise<ApiKey[]> {
    return this.keyCases.listKeys(who);
  }

  revokeKey(who: Principal, id: string): Promise<ApiKey> {
    return this.keyCases.revokeKey(who, id);
  }

  expireKey(who: Principal, id: string, at?: string): Promise<ApiKey> {
    return this.keyCases.expireKey(who, id, at);
  }

  // --- the console (use-cases/console.ts)

  signIn(key: string, ip?: string): Promise<OpenedSession> {
    return this.consoleCases.signIn(key, ip);
  }

  consoleSession(id: string | undefined): Promise<ConsoleSession | undefined> {
    return this.consoleCases.consoleSession(id);
  }

  signOut(id: string | undefined, who?: Principal): Promise<void> {
    return this.consoleCases.signOut(id, who);
  }

  consoleOverview(who: Principal): Promise<ConsoleOverview> {
    return this.consoleCases.consoleOverview(who);
  }

  consolePortals(who: Principal, q?: string): Promise<PortalTreeData> {
    return this.consoleCases.consolePortals(who, q);
  }

  consolePortal(who: Principal, id: string): Promise<PortalPageData> {
    return this.consoleCases.consolePortal(who, id);
  }

  consoleSources(who: Principal, query: { state?: SourceState; page?: number }): Promise<SourceListData> {
    return this.consoleCases.consoleSources(who, query);
  }

  consoleSource(who: Principal, id: string, pages: ConsoleSourcePages = {}): Promise<ConsoleSource> {
    return this.consoleCases.consoleSource(who, id, pages);
  }

  consoleImportPortals(who: Principal, text: string, options: { dryRun: boolean }): Promise<ImportView> {
    return this.consoleCases.consoleImportPortals(who, text, options);
  }

  portalsInScope(who: Principal): Promise<Set<string> | undefined> {
    return this.consoleCases.portalsInScope(who);
  }

  // --- portals (use-cases/portals.ts)

  createPortal(who: Principal, input: PortalInput): Promise<Portal> {
    return this.portalCases.createPortal(who, input);
  }

  updatePortal(who: Principal, id: string, patch: PortalUpdate): Promise<Portal> {
    return this.portalCases.updatePortal(who, id, patch);
  }

  removePortal(who: Principal, id: string): Promise<void> {
    return this.portalCases.removePortal(who, id);
  }

  listPortals(query: PortalQuery = {}): Promise<Portal[]> {
    return this.portalCases.listPortals(query);
  }

  portalTree(id: string, depth?: number): Promise<PortalTree> {
    return this.portalCases.portalTree(id, depth);
  }

  portalStats(id: string, options: { subtree?: boolean } = {}): Promise<PortalStats> {
    return this.portalCases.portalStats(id, options);
  }

  importPortals(who: Principal, text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    return this.portalCases.importPortals(who, text, format, options);
  }

  directory(): Promise<Directory> {
    return this.portalCases.directory();
  }

  getPortal(id: string): Promise<Portal> {
    return this.portalCases.getPortal(id);
  }

  viewPortals(viewer: Principal | undefined, query: PortalQuery = {}): Promise<Portal[]> {
    return this.portalCases.viewPortals(viewer, query);
  }

  viewPortal(viewer: Principal | undefined, id: string): Promise<Portal> {
    return this.portalCases.viewPortal(viewer, id);
  }

  viewPortalTree(viewer: Principal | undefined, id: string, depth?: number): Promise<PortalTree> {
    return this.portalCases.viewPortalTree(viewer, id, depth);
  }

  // --- scorecards (use-cases/scorecards.ts)

  scorecard(id: string, options: { subtree?: boolean } = {}): Promise<Scorecard> {
    return this.scorecardCases.scorecard(id, options);
  }

  scorecards(query: ScorecardQuery = {}): Promise<ScorecardTable> {
    return this.scorecardCases.scorecards(query);
  }

  renderedScorecard(id: string, options: { subtree?: boolean }, format: 'json' | 'svg'): Promise<RenderedFeed> {
    return this.scorecardCases.renderedScorecard(id, options, format);
  }

  renderedScorecards(query: ScorecardQuery, format: 'json' | 'csv'): Promise<RenderedFeed> {
    return this.scorecardCases.renderedScorecards(query, format);
  }

  // --- sources (use-cases/sources.ts)

  createSource(who: Principal, input: SourceInput): Promise<Source> {
    return this.sourceCases.createSource(who, input);
  }

  updateSource(who: Principal, id: string, patch: SourceUpdate): Promise<Source> {
    return this.sourceCases.updateSource(who, id, patch);
  }

  removeSource(who: Principal, id: string): Promise<{ items: number }> {
    return this.sourceCases.removeSource(who, id);
  }

  verifyOwnership(who: Principal, id: string): Promise<Source> {
    return this.sourceCases.verifyOwnership(who, id);
  }

  approveOwnership(who: Principal, id: string): Promise<Source> {
    return this.sourceCases.approveOwnership(who, id);
  }

  previewSource(who: Principal, input: PreviewInput, limit?: number): Promise<Preview> {
    return this.sourceCases.previewSource(who, input, limit);
  }

  discoverSources(who: Principal, url: string): Promise<Discovery> {
    return this.sourceCases.discoverSources(who, url);
  }

  underPortalDomain(source: Source): Promise<boolean> {
    return this.sourceCases.underPortalDomain(source);
  }

  listSources(filter: { portalId?: string } = {}): Promise<Source[]> {
    return this.sourceCases.listSources(filter);
  }

  getSource(id: string): Promise<Source> {
    return this.sourceCases.getSource(id);
  }

  viewSources(viewer: Principal | undefined, filter: { portalId?: string } = {}): Promise<Source[]> {
    return this.sourceCases.viewSources(viewer, filter);
  }

  viewSource(viewer: Principal | undefined, id: string): Promise<Source> {
    return this.sourceCases.viewSource(viewer, id);
  }

  refreshSource(who: Principal, id: string): Promise<RefreshResult> {
    return this.sourceCases.refreshSource(who, id);
  }

  listRefreshes(sourceId: string, options: { cursor?: string; limit?: number } = {}): Promise<RefreshReportPage> {
    return this.sourceCases.listRefreshes(sourceId, options);
  }

  // --- OPML (use-cases/opml.ts)

  sourcesOpml(): Promise<RenderedFeed> {
    return this.opmlCases.sourcesOpml();
  }

  portalsOpml(): Promise<RenderedFeed> {
    return this.opmlCases.portalsOpml();
  }

  importSources(who: Principal, text: string, options: { portal?: string; dryRun?: boolean } = {}): Promise<SourceImportResult> {
    return this.opmlCases.importSources(who, text, options);
  }

  // --- polls and pushes (use-cases/refreshes.ts)

  poll(id: string, trigger: 'schedule' | 'operator' = 'schedule', plan: PollPlan = {}): Promise<RefreshResult> {
    return this.refreshCases.poll(id, trigger, plan);
  }

  ingestPushed(sourceId: string, fetched: Fetched): Promise<RefreshResult | undefined> {
    return this.refreshCases.ingestPushed(sourceId, fetched);
  }

  onSourceChange(listener: (before: Source, after: Source) => void): () => void {
    return this.refreshCases.onSourceChange(listener);
  }

  queued(sourceId: string): number {
    return this.refreshCases.queued(sourceId);
  }

  settle(): Promise<void> {
    return this.refreshCases.settle();
  }

  // --- items, feeds and the home page (use-cases/items.ts)

  listItems(filter: ItemFilter): Promise<ItemPage> {
    return this.itemCases.listItems(filter);
  }

  itemsPage(filter: ItemFilter): Promise<RenderedItemPage> {
    return this.itemCases.itemsPage(filter);
  }

  getItem(id: string): Promise<Item> {
    return this.itemCases.getItem(id);
  }

  withdrawItem(who: Principal, id: string): Promise<Item> {
    return this.itemCases.withdrawItem(who, id);
  }

  restoreItem(who: Principal, id: string): Promise<Item> {
    return this.itemCases.restoreItem(who, id);
  }

  publishedItem(id: string): Promise<Item> {
    return this.itemCases.publishedItem(id);
  }

  itemsChangedSince(query: ItemQuery, sinceMs: number): Promise<Item[]> {
    return this.itemCases.itemsChangedSince(query, sinceMs);
  }

  resolveFilter(filter: ItemFilter): Promise<ItemQuery> {
    return this.itemCases.resolveFilter(filter);
  }

  feed(format: FeedFormat, filter: ItemFilter, selection: FeedSelection = { kind: 'named', name: 'all' }): Promise<RenderedFeed> {
    return this.itemCases.feed(format, filter, selection);
  }

  homePage(): Promise<HomeData> {
    return this.itemCases.homePage();
  }

  // --- webhooks (use-cases/webhooks.ts)

  createWebhook(who: Principal, input: webhooks.WebhookInput): Promise<webhooks.CreatedWebhook> {
    return this.webhookCases.createWebhook(who, input);
  }

  listWebhooks(who: Principal): Promise<webhooks.Webhook[]> {
    return this.webhookCases.listWebhooks(who);
  }

  getWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    return this.webhookCases.getWebhook(who, id);
  }

  enableWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    return this.webhookCases.enableWebhook(who, id);
  }

  removeWebhook(who: Principal, id: string): Promise<void> {
    return this.webhookCases.removeWebhook(who, id);
  }

  listWebhookDeliveries(who: Principal, id: string, options: { cursor?: string; limit?: number } = {}): Promise<webhooks.WebhookDeliveryPage> {
    return this.webhookCases.listWebhookDeliveries(who, id, options);
  }

  // --- audit (use-cases/audit.ts)

  listAudit(who: Principal, query: AuditQuery): Promise<AuditPage> {
    return this.auditCases.listAudit(who, query);
  }
}
