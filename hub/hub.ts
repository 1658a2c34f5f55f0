/**
 * The hub's use cases. The HTTP routes and the CLI call these and nothing below them, so both
 * behave the same. Built from a config and a store; no globals.
 */
import { randomBytes } from 'node:crypto';
import { fieldErrors, validatorFor } from '../schemas/index.ts';
import { adapterKinds, assertOptions, getAdapter } from '../adapters/registry.ts';
import type { HubConfig } from './config.ts';
import { HubError, invalidRequest, notFound } from './errors.ts';
import type { ImportResult, Item, ItemPage, Portal, PortalInput, PortalStats, PortalTree, SourceImportResult, RefreshResult, Source, SourceInput, SourceOwnership } from './model.ts';
import { isPending, META_NAME, WELL_KNOWN_PATH } from './ownership/ownership.ts';
import type { operations } from './api/openapi.gen.ts';
import type { ItemQuery, Store } from './store/store.ts';
import { ItemAnnouncer } from './publish/announce.ts';
import { FeedCache, type FeedFormat, type RenderedFeed } from './publish/feeds.ts';
import { processFetched, refreshSource, type PipelineDeps } from './pipeline/refresh.ts';
import type { Fetched } from './pipeline/fetch.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { ExtractPool, extractWorkerCount } from './pipeline/extract-pool.ts';
import { HubMetrics } from './metrics.ts';
import { byLevelThenName, Directory } from './directory/directory.ts';
import { renderItemPage, type RenderedItemPage } from './publish/item-page.ts';
import { lookupOver, placementErrors } from './directory/placement.ts';
import { planImport, readDirectory, writeOrder, type DirectoryFormat } from './directory/import.ts';
import { resolveFilter, type ItemFilter } from './filter/filter.ts';
import { portalStats } from './stats/portal-stats.ts';
import { portalsOpml, sourcesOpml } from './opml/render.ts';
import { planSourceImport, readOpml } from './opml/import.ts';
import { renderSelection, type FeedSelection } from './publish/selection.ts';

export type { ItemFilter } from './filter/filter.ts';
export type PortalQuery = NonNullable<operations['listPortals']['parameters']['query']>;


/** How long a directory read from the store is trusted; other instances may have changed it. */
const DIRECTORY_TTL_MS = 5_000;

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
  /** Polls under way, by source: concurrent refreshes of one source share one fetch. */
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** The last work queued per source: polls and pushes of one source run one after the other. */
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly laneLength = new Map<string, number>();
  private readonly now: () => Date;
  private directoryCache?: { at: number; directory: Promise<Directory> };
  /** A WebSub hub that pushes this hub's feeds; feeds link it with rel="hub" when set. */
  readonly websubHub?: string;
  /** Where changes are recorded: who did what, when, before and after. */
  readonly audit: AuditLog;

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
    if (parts.websubHub) this.websubHub = parts.websubHub;
    const workers = extractWorkerCount(config);
    if (workers > 0) this.extract = new ExtractPool(config, workers);
    this.metrics = new HubMetrics(store);
    this.feeds = new FeedCache(this.announcer);
    this.announcer.onDirectoryChange(() => this.forgetDirectory());
  }

  get pipeline(): PipelineDeps {
    return { store: this.store, config: this.config, announcer: this.announcer, now: this.now, extract: this.extract, onFetched: (...a) => this.fetchListeners.forEach((l) => l(...a)) };
  }

  /** Stops what the hub runs beside the store: its extract workers. */
  async close(): Promise<void> {
    await this.extract?.close();
  }

  // --- portals

  async createPortal(input: PortalInput): Promise<Portal> {
    checkInput(input, 'common.schema.json#/$defs/portalInput');
    if (await this.store.getPortal(input.id)) throw new HubError('PORTAL.EXISTS', `A portal with id "${input.id}" is already registered`);
    const misplaced = placementErrors(input, lookupOver(await this.store.listPortals()));
    if (misplaced.length) throw new HubError('PORTAL.MISPLACED', `The portal does not fit the directory: ${misplaced.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors: misplaced });
    const portal: Portal = { ...input, createdAt: this.now().toISOString() };
    await this.store.putPortal(portal);
    this.directoryChanged();
    return portal;
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

  /** Imports a directory file: every row valid, or nothing written. */
  async importPortals(text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    const rows = readDirectory(text, format);
    const plan = planImport(rows, await this.store.listPortals(), this.now());
    if (!options.dryRun) {
      for (const portal of writeOrder(plan)) await this.store.putPortal(portal);
      this.directoryChanged();
    }
    return { dryRun: options.dryRun ?? false, created: plan.created.map((p) => p.id), updated: plan.updated.map((p) => p.id), unchanged: plan.unchanged };
  }

  /** The directory as a hierarchy, read from the store at most every few seconds. */
  directory(): Promise<Directory> {
    const cached = this.directoryCache;
    if (cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.directory;
    const directory = this.store.listPortals().then((portals) => new Directory(portals));
    directory.catch(() => { if (this.directoryCache?.directory === directory) this.directoryCache = undefined; });
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
  }

  /** Removes a portal's record (hub/access checks first that nothing hangs below it). */
  async deletePortal(id: string): Promise<boolean> {
    const removed = await this.store.deletePortal(id);
    this.directoryChanged();
    return removed;
  }

  async getPortal(id: string): Promise<Portal> {
    return (await this.store.getPortal(id)) ?? Promise.reject(notFound('portal', id));
  }

  // --- sources

  /** Registers a source; `ownership` comes from hub/ownership (absent: registered by an admin or the local CLI). */
  async createSource(input: SourceInput, extra: { ownership?: SourceOwnership } = {}): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    await this.getPortal(input.portalId).catch(() => {
      throw new HubError('SOURCE.UNKNOWN_PORTAL', `The portal "${input.portalId}" is not registered`, { errors: [{ field: '/portalId', message: 'is not a registered portal' }] });
    });
    const kind = input.kind ?? 'feed';
    const adapter = getAdapter(kind);
    const options = input.options ?? {};
    assertOptions(adapter, options);
    const existing = await this.store.listSources({ portalId: input.portalId });
    if (existing.some((s) => s.url === input.url && s.kind === kind)) throw new HubError('SOURCE.EXISTS', `The portal "${input.portalId}" already has a ${kind} source for ${input.url}`);
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
      ...(extra.ownership ? { ownership: extra.ownership } : {}),
    };
    await this.store.putSource(source);
    return source;
  }

  listSources(filter: { portalId?: string } = {}): Promise<Source[]> {
    return this.store.listSources(filter);
  }

  async getSource(id: string): Promise<Source> {
    return (await this.store.getSource(id)) ?? Promise.reject(notFound('source', id));
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

  /** Registers the feeds of an OPML file as sources: every feed importable, or nothing registered. */
  async importSources(text: string, options: { portal?: string; dryRun?: boolean } = {}): Promise<SourceImportResult> {
    const directory = await this.directory();
    if (options.portal && !directory.get(options.portal)) throw new HubError('SOURCE.UNKNOWN_PORTAL', `The portal "${options.portal}" is not registered`, { errors: [{ field: 'portal', message: 'is not a registered portal' }] });
    const plan = planSourceImport(await readOpml(text), directory, await this.store.listSources(), (kind) => adapterKinds().includes(kind), options.portal);
    const created: Source[] = [];
    if (!options.dryRun) for (const input of plan.create) created.push(await this.createSource(input));
    return { dryRun: options.dryRun ?? false, created: options.dryRun ? [] : created, wouldCreate: plan.create.length, unchanged: plan.unchanged };
  }

  /**
   * Fetches a source now. Concurrent calls for one source share one fetch; a push being ingested
   * for it finishes first, and the poll then starts from the health (validators) it left.
   */
  async refreshSource(id: string): Promise<RefreshResult> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const source = await this.getSource(id);
    if (isPending(source))
      throw new HubError('SOURCE.OWNERSHIP_PENDING', `The source ${id} is not fetched until control of ${source.ownership?.host} is proven: serve the token at ${WELL_KNOWN_PATH} or in a <meta name="${META_NAME}"> tag, then verify; or ask an admin to approve it`);
    const work = this.inLane(id, async () => this.metrics.timed('poll', refreshSource(this.pipeline, await this.getSource(id)))).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /**
   * Ingests content a WebSub hub pushed for a source, after any poll of it under way (so neither
   * overwrites the other's health). The source keeps its conditional-GET validators: a push says
   * nothing about what its URL answers. Undefined when the source is gone or paused.
   */
  ingestPushed(sourceId: string, fetched: Fetched): Promise<RefreshResult | undefined> {
    return this.inLane(sourceId, async () => {
      const source = await this.store.getSource(sourceId);
      // a paused source takes nothing in, pushed or polled
      if (!source || source.paused) return undefined;
      return this.metrics.timed('push', processFetched({ ...this.pipeline, onFetched: undefined }, source, fetched, this.now(), 'push'));
    });
  }

  /** Polls and pushes of a source running or waiting their turn on this instance. */
  queued(sourceId: string): number {
    return this.laneLength.get(sourceId) ?? 0;
  }

  /** Runs `work` once the work queued before it for the same source has settled. */
  private inLane<T>(sourceId: string, work: () => Promise<T>): Promise<T> {
    this.laneLength.set(sourceId, this.queued(sourceId) + 1);
    const run = (this.lanes.get(sourceId) ?? Promise.resolve()).then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(sourceId, settled);
    void settled.then(() => {
      const left = this.queued(sourceId) - 1;
      if (left) this.laneLength.set(sourceId, left);
      else this.laneLength.delete(sourceId);
      if (this.lanes.get(sourceId) === settled) this.lanes.delete(sourceId);
    });
    return run;
  }

  /** Waits for every refresh and push under way (for a clean shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values(), ...this.lanes.values()]);
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
}

/** Use cases check their input themselves, so the CLI gets the same answers as the API. */
function checkInput(input: unknown, schema: string): void {
  const validate = validatorFor(schema);
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
}
