/**
 * What the use cases (hub/use-cases/*.ts) are built from: the hub's parts and the few use cases of
 * other concerns they call. `Hub` (hub/hub.ts) builds one context and hands it to each concern;
 * calls to another concern's use case go back through the Hub, so the concerns never import each
 * other (and this file imports none of them: the Hub, by shape, without an import cycle).
 */
import { fieldErrors, validatorFor } from '../../schemas/index.ts';
import type { HubConfig } from '../config.ts';
import { HubError, invalidRequest } from '../errors.ts';
import type {
  AuditEntry,
  ImportResult,
  Item,
  ItemPage,
  Portal,
  PortalTree,
  RefreshReportPage,
  RefreshResult,
  Scorecard,
  ScorecardTable,
  Source,
  SourceInput,
  SourceOwnership,
} from '../model.ts';
import type { Principal } from '../keys/principal.ts';
import type { KeyRing } from '../keys/keyring.ts';
import type { ItemQuery, Store } from '../store/store.ts';
import type { ItemAnnouncer } from '../publish/announce.ts';
import type { FeedCache } from '../publish/feeds.ts';
import type { PipelineDeps, PollPlan } from '../pipeline/refresh.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-log.ts';
import type { ExtractPool } from '../pipeline/extract-pool.ts';
import type { HubMetrics } from '../metrics.ts';
import type { Directory } from '../directory/directory.ts';
import type { DirectoryFormat } from '../directory/import.ts';
import type { ItemFilter } from '../filter/filter.ts';
import type { ScorecardPasses } from '../stats/scorecard-pass.ts';
import type { ConsoleSessions } from '../console/sessions.ts';
import type { RecentItemCounts } from '../stats/recent-items.ts';
import type { PortalQuery, ScorecardQuery } from './types.ts';

export type FetchListener = NonNullable<PipelineDeps['onFetched']>;

export interface UseCaseContext {
  readonly config: HubConfig;
  readonly store: Store;
  readonly now: () => Date;
  readonly announcer: ItemAnnouncer;
  readonly feeds: FeedCache;
  readonly fetchListeners: Set<FetchListener>;
  readonly websubHub?: string;
  readonly audit: AuditLog;
  readonly keys: KeyRing;
  readonly sessions: ConsoleSessions;
  readonly scorecardPasses: ScorecardPasses;
  readonly recentItems: RecentItemCounts;
  readonly extract?: ExtractPool;
  readonly metrics: HubMetrics;
  readonly pipeline: PipelineDeps;

  // audit (use-cases/audit.ts)
  record(who: Principal, entry: Omit<AuditRecord, 'actor'>): Promise<AuditEntry>;
  // keys (use-cases/keys.ts)
  authenticate(header: string | undefined): Promise<Principal>;
  // portals (use-cases/portals.ts)
  directory(): Promise<Directory>;
  directoryChanged(): void;
  getPortal(id: string): Promise<Portal>;
  listPortals(query?: PortalQuery): Promise<Portal[]>;
  portalTree(id: string, depth?: number): Promise<PortalTree>;
  importPortals(who: Principal, text: string, format: DirectoryFormat, options?: { dryRun?: boolean }): Promise<ImportResult>;
  // sources (use-cases/sources.ts)
  getSource(id: string): Promise<Source>;
  listSources(filter?: { portalId?: string }): Promise<Source[]>;
  scopedSource(who: Principal, id: string): Promise<Source>;
  viewed(viewer: Principal | undefined, source: Source): Promise<Source>;
  addSource(input: SourceInput, ownership?: SourceOwnership, check?: (source: Source) => Promise<unknown>): Promise<Source>;
  listRefreshes(sourceId: string, options?: { cursor?: string; limit?: number }): Promise<RefreshReportPage>;
  // refreshes (use-cases/refreshes.ts)
  poll(id: string, trigger?: 'schedule' | 'operator', plan?: PollPlan): Promise<RefreshResult>;
  // items (use-cases/items.ts)
  listItems(filter: ItemFilter): Promise<ItemPage>;
  getItem(id: string): Promise<Item>;
  resolveFilter(filter: ItemFilter): Promise<ItemQuery>;
  // scorecards (use-cases/scorecards.ts)
  scorecard(id: string, options?: { subtree?: boolean }): Promise<Scorecard>;
  scorecards(query?: ScorecardQuery): Promise<ScorecardTable>;
}

export const unknownPortal = (id: string, field: string) =>
  new HubError('SOURCE.UNKNOWN_PORTAL', `The portal "${id}" is not registered`, { errors: [{ field, message: 'is not a registered portal' }] });

/** Use cases check their input themselves, so the CLI gets the same answers as the API. */
export function checkInput(input: unknown, schema: string): void {
  const validate = validatorFor(schema);
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
}
