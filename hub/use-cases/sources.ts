/**
 * The sources' use cases: registering (with proof of ownership, hub/ownership), changing and
 * removing them, previewing and discovering feeds, reading them as a caller may see them.
 */
import { randomBytes } from 'node:crypto';
import { assertOptions, getAdapter } from '../../adapters/registry.ts';
import { HubError, invalidRequest, notFound } from '../errors.ts';
import type {
  Discovery,
  Portal,
  Preview,
  PreviewInput,
  RefreshReportPage,
  RefreshResult,
  Source,
  SourceInput,
  SourceOwnership,
  SourceUpdate,
} from '../model.ts';
import { checkOwnership, hostUnder, initialOwnership, registeredDomain } from '../ownership/ownership.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly, assertCoversPortal, coversPortal } from '../keys/scope.ts';
import { previewSource } from '../preview.ts';
import { discoverSources } from '../discovery/discover.ts';
import { checkRegistration } from '../sources/registration-check.ts';
import { REPORTS_KEPT } from '../store/store.ts';
import { fetchPolicy } from '../pipeline/fetch.ts';
import { checkInput, unknownPortal, type UseCaseContext } from './context.ts';

/** Items removed per store call when a source goes, so reads are not held up long. */
const DELETE_BATCH = 500;

export class SourceUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /**
   * Registers a source in the caller's scope; proof of ownership starts here (hub/ownership).
   * Unless the body says `"check": false`, the URL is fetched and read once first, and a source
   * that yields no valid item is refused with the reason (hub/sources/registration-check.ts).
   */
  async createSource(who: Principal, input: SourceInput): Promise<Source> {
    const { ctx } = this;
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    const portal = await ctx.store.getPortal(input.portalId);
    if (!portal) throw unknownPortal(input.portalId, '/portalId');
    await assertCoversPortal(ctx.store, who, input.portalId);
    const { check = true, ...fields } = input;
    const checked = check ? (s: Source) => checkRegistration({ config: ctx.config, store: ctx.store, extract: ctx.extract, now: ctx.now }, s) : undefined;
    const source = await this.addSource(fields, initialOwnership(input.url, portal, who, ctx.now(), await this.scopePortal(who)), checked);
    await ctx.record(who, { action: 'source.create', target: { type: 'source', id: source.id }, portalId: source.portalId, after: source });
    return source;
  }

  /**
   * Stores a new source (checked, under a registered portal); without `ownership` when an admin
   * registered it. `check` runs once the input is found valid, before anything is stored.
   */
  async addSource(input: SourceInput, ownership?: SourceOwnership, check?: (source: Source) => Promise<unknown>): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    if (!(await this.ctx.store.getPortal(input.portalId))) throw unknownPortal(input.portalId, '/portalId');
    const kind = input.kind ?? 'feed';
    const adapter = getAdapter(kind);
    const options = input.options ?? {};
    assertOptions(adapter, options);
    const existing = await this.ctx.store.listSources({ portalId: input.portalId });
    if (existing.some((s) => s.url === input.url && s.kind === kind))
      throw new HubError('SOURCE.EXISTS', `The portal "${input.portalId}" already has a ${kind} source for ${input.url}`);
    const source: Source = {
      id: `${input.portalId.slice(0, 40)}-${randomBytes(4).toString('hex')}`,
      portalId: input.portalId,
      url: input.url,
      kind,
      intervalSeconds: input.intervalSeconds ?? this.ctx.config.defaultIntervalSeconds,
      paused: input.paused ?? false,
      ...(input.options ? { options } : {}),
      createdAt: this.ctx.now().toISOString(),
      health: { state: 'new', consecutiveFailures: 0, warnings: [], rejected: [] },
      ...(ownership ? { ownership } : {}),
    };
    await check?.(source);
    await this.ctx.store.putSource(source);
    return source;
  }

  /** The portal an operator's key is scoped to: the domain an admin registered for them (see hub/ownership/ownership.ts). */
  private async scopePortal(who: Principal): Promise<Portal | undefined> {
    return who.role === 'admin' || !who.portalId ? undefined : ((await this.ctx.store.getPortal(who.portalId)) ?? undefined);
  }

  /** A source in the caller's scope (404 before 403, so ids outside it are not probed by status alone). */
  async scopedSource(who: Principal, id: string): Promise<Source> {
    const source = await this.ctx.getSource(id);
    await assertCoversPortal(this.ctx.store, who, source.portalId, 'the source belongs to portal');
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
      (await this.ctx.store.listSources({ portalId: before.portalId })).some((s) => s.id !== id && s.url === next.url && s.kind === next.kind)
    )
      throw new HubError('SOURCE.EXISTS', `The portal "${before.portalId}" already has a ${next.kind} source for ${next.url}`);
    if (moved) {
      const portal = await this.ctx.getPortal(before.portalId);
      const host = new URL(next.url).hostname.toLowerCase();
      // a new host is a new claim: prove it again (unless it is under the portal's domain, or an admin moves it)
      if (host !== before.ownership?.host || before.ownership?.state === 'pending')
        next.ownership = initialOwnership(next.url, portal, who, this.ctx.now(), await this.scopePortal(who));
    }
    if (moved || rekinded) {
      // validators and what the last fetch found belong to the old URL or kind
      next.health = { ...before.health, state: 'new', consecutiveFailures: 0 };
      delete next.health.etag;
      delete next.health.lastModified;
      delete next.health.lastError;
      delete next.health.drift;
    }
    await this.ctx.store.putSource(next);
    await this.ctx.record(who, { action: 'source.update', target: { type: 'source', id }, portalId: next.portalId, before, after: next });
    return next;
  }

  /** Removes a source and every item it brought. */
  async removeSource(who: Principal, id: string): Promise<{ items: number }> {
    const source = await this.scopedSource(who, id);
    let items = 0;
    for (;;) {
      const page = await this.ctx.store.queryItems({ sourceId: id, limit: DELETE_BATCH });
      if (!page.items.length) break;
      items += await this.ctx.store.deleteItems(page.items.map((i) => i.id));
    }
    await this.ctx.store.deleteSource(id);
    if (items) {
      this.ctx.feeds.clear();
      this.ctx.scorecardPasses.invalidate();
    }
    await this.ctx.record(who, { action: 'source.delete', target: { type: 'source', id }, portalId: source.portalId, before: source });
    return { items };
  }

  /** Looks for the ownership token now; a found token makes the source verified and polled. */
  async verifyOwnership(who: Principal, id: string): Promise<Source> {
    const before = await this.scopedSource(who, id);
    if (before.ownership?.state !== 'pending') return before;
    const ownership = await checkOwnership(before, fetchPolicy(this.ctx.config), this.ctx.now());
    const after: Source = { ...before, ownership };
    await this.ctx.store.putSource(after);
    if (ownership.state !== 'pending')
      await this.ctx.record(who, { action: 'ownership.verify', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  async approveOwnership(who: Principal, id: string): Promise<Source> {
    if (who.role !== 'admin') throw adminOnly('approve the ownership of a source');
    const before = await this.ctx.getSource(id);
    if (before.ownership?.state !== 'pending') return before;
    const { token: _t, lastCheck: _l, ...rest } = before.ownership;
    const after: Source = {
      ...before,
      ownership: { ...rest, state: 'approved', method: 'admin', settledAt: this.ctx.now().toISOString(), settledBy: who.keyId },
    };
    await this.ctx.store.putSource(after);
    await this.ctx.record(who, { action: 'ownership.approve', target: { type: 'source', id }, portalId: after.portalId, before, after });
    return after;
  }

  /**
   * What a source would publish, without storing anything. A key is needed because it makes the
   * hub fetch a URL; an operator previews only for portals in their scope, as they could only register there.
   */
  async previewSource(who: Principal, input: PreviewInput, limit?: number): Promise<Preview> {
    if (input.portalId && (await this.ctx.store.getPortal(input.portalId))) await assertCoversPortal(this.ctx.store, who, input.portalId);
    return previewSource({ config: this.ctx.config, store: this.ctx.store, extract: this.ctx.extract }, input, limit);
  }

  /** The feeds, sitemaps and list pages a page leads to (any key: it makes the hub fetch a URL). */
  discoverSources(_who: Principal, url: string): Promise<Discovery> {
    return discoverSources({ config: this.ctx.config, extract: this.ctx.extract }, url);
  }

  /** Whether a source's host is under its portal's domain (for listings that explain `pending`). */
  async underPortalDomain(source: Source): Promise<boolean> {
    const portal = await this.ctx.store.getPortal(source.portalId);
    return !!portal && hostUnder(new URL(source.url).hostname, registeredDomain(portal));
  }

  async listSources(filter: { portalId?: string } = {}): Promise<Source[]> {
    // an unregistered portal is named back, as the items filter does, not answered with "no sources"
    if (filter.portalId !== undefined && !(await this.ctx.store.getPortal(filter.portalId))) throw unknownPortal(filter.portalId, 'portal');
    return this.ctx.store.listSources(filter);
  }

  async getSource(id: string): Promise<Source> {
    return (await this.ctx.store.getSource(id)) ?? Promise.reject(notFound('source', id));
  }

  /**
   * Sources as `viewer` (a key, or nobody) may see them: the non-public address a source's host
   * resolved to (lastError.resolvedAddress, internal DNS) only for an admin or an operator whose
   * key covers the source's portal. The API's reads answer with these.
   */
  async viewSources(viewer: Principal | undefined, filter: { portalId?: string } = {}): Promise<Source[]> {
    return Promise.all((await this.ctx.listSources(filter)).map((s) => this.viewed(viewer, s)));
  }

  async viewSource(viewer: Principal | undefined, id: string): Promise<Source> {
    return this.viewed(viewer, await this.ctx.getSource(id));
  }

  /** A source without what `viewer` may not see (see viewSources). */
  async viewed(viewer: Principal | undefined, source: Source): Promise<Source> {
    const lastError = source.health.lastError;
    if (!lastError?.resolvedAddress || (viewer && (await coversPortal(this.ctx.store, viewer, source.portalId)))) return source;
    const { resolvedAddress: _hidden, ...shown } = lastError;
    return { ...source, health: { ...source.health, lastError: shown } };
  }

  /** An operator fetches a source of their scope now (whatever its schedule). */
  async refreshSource(who: Principal, id: string): Promise<RefreshResult> {
    await this.scopedSource(who, id);
    return this.ctx.poll(id, 'operator');
  }

  /** A source's refresh reports, newest first, a page at a time (`cursor`: the previous page's `nextCursor`). */
  async listRefreshes(sourceId: string, options: { cursor?: string; limit?: number } = {}): Promise<RefreshReportPage> {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > REPORTS_KEPT)
      throw invalidRequest([{ field: 'limit', message: `must be a whole number from 1 to ${REPORTS_KEPT}` }]);
    await this.ctx.getSource(sourceId);
    const reports = await this.ctx.store.listRefreshReports(sourceId, { ...(options.cursor ? { before: options.cursor } : {}), limit: limit + 1 });
    const page = reports.slice(0, limit);
    return { reports: page, nextCursor: reports.length > limit ? page.at(-1)!.id : null };
  }
}
