/**
 * The hub's use cases. The HTTP routes and the CLI call these and nothing below them, so both
 * behave the same. Built from a config and a store; no globals.
 */
import { randomBytes } from 'node:crypto';
import { fieldErrors, validatorFor } from '../schemas/index.ts';
import { getAdapter } from '../adapters/registry.ts';
import type { HubConfig } from './config.ts';
import { HubError, invalidRequest, notFound } from './errors.ts';
import type { Item, ItemPage, Portal, PortalInput, RefreshResult, Source, SourceInput } from './model.ts';
import type { operations } from './api/openapi.gen.ts';
import type { ItemQuery, Store } from './store/store.ts';
import { ItemAnnouncer } from './publish/announce.ts';
import { FeedCache, renderFeed, type FeedFormat, type RenderedFeed } from './publish/feeds.ts';
import { refreshSource, type PipelineDeps } from './pipeline/refresh.ts';

/** The filter of GET /api/v1/items, as generated from openapi.yaml; feeds take the same. */
export type ItemFilter = NonNullable<operations['listItems']['parameters']['query']>;

export class Hub {
  readonly announcer = new ItemAnnouncer();
  readonly feeds: FeedCache;
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  private readonly now: () => Date;

  constructor(
    readonly config: HubConfig,
    readonly store: Store,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.feeds = new FeedCache(this.announcer);
  }

  get pipeline(): PipelineDeps {
    return { store: this.store, config: this.config, announcer: this.announcer, now: this.now };
  }

  // --- portals

  async createPortal(input: PortalInput): Promise<Portal> {
    checkInput(input, 'common.schema.json#/$defs/portalInput');
    if (await this.store.getPortal(input.id)) throw new HubError('conflict', 'PORTAL.EXISTS', `A portal with id "${input.id}" is already registered`);
    if (input.parentId && !(await this.store.getPortal(input.parentId)))
      throw new HubError('unprocessable', 'PORTAL.UNKNOWN_PARENT', `The parent portal "${input.parentId}" is not registered`, { errors: [{ field: '/parentId', message: 'is not a registered portal' }] });
    const portal: Portal = { ...input, createdAt: this.now().toISOString() };
    await this.store.putPortal(portal);
    return portal;
  }

  listPortals(): Promise<Portal[]> {
    return this.store.listPortals();
  }

  async getPortal(id: string): Promise<Portal> {
    return (await this.store.getPortal(id)) ?? Promise.reject(notFound('portal', id));
  }

  // --- sources

  async createSource(input: SourceInput): Promise<Source> {
    checkInput(input, 'common.schema.json#/$defs/sourceInput');
    await this.getPortal(input.portalId).catch(() => {
      throw new HubError('unprocessable', 'SOURCE.UNKNOWN_PORTAL', `The portal "${input.portalId}" is not registered`, { errors: [{ field: '/portalId', message: 'is not a registered portal' }] });
    });
    const kind = input.kind ?? 'feed';
    const adapter = getAdapter(kind);
    const options = input.options ?? {};
    const validate = validatorFor(adapter.optionsSchema);
    if (!validate(options)) throw new HubError('validation', 'SOURCE.INVALID_OPTIONS', `The options do not fit the "${kind}" adapter`, { errors: fieldErrors(validate.errors, '/options') });
    const existing = await this.store.listSources({ portalId: input.portalId });
    if (existing.some((s) => s.url === input.url && s.kind === kind)) throw new HubError('conflict', 'SOURCE.EXISTS', `The portal "${input.portalId}" already has a ${kind} source for ${input.url}`);
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

  /** Fetches a source now. Concurrent calls for one source share one fetch. */
  async refreshSource(id: string): Promise<RefreshResult> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const source = await this.getSource(id);
    const work = refreshSource(this.pipeline, source).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /** Waits for every refresh under way (for a clean shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  // --- items

  async listItems(filter: ItemFilter): Promise<ItemPage> {
    return this.store.queryItems(await this.resolveFilter(filter));
  }

  async getItem(id: string): Promise<Item> {
    return (await this.store.getItems([id])).get(id) ?? Promise.reject(notFound('item', id));
  }

  /** The filter language → a store query. */
  async resolveFilter(filter: ItemFilter): Promise<ItemQuery> {
    return {
      ...(filter.portal ? { portalIds: [filter.portal] } : {}),
      limit: filter.limit ?? 50,
      ...(filter.cursor ? { cursor: filter.cursor } : {}),
    };
  }

  // --- feeds

  /** The unified feed in one format, rendered once per filter and cached until new items arrive. */
  async feed(format: FeedFormat, filter: ItemFilter): Promise<RenderedFeed> {
    const key = `${format}|${JSON.stringify(filter)}`;
    return this.feeds.get(key, async () => {
      const page = await this.listItems({ ...filter, limit: filter.limit ?? 50 });
      const portals = new Map((await this.store.listPortals()).map((p) => [p.id, p]));
      const query = new URLSearchParams(Object.entries(filter).filter(([k, v]) => v !== undefined && k !== 'cursor').map(([k, v]) => [k, String(v)])).toString();
      return renderFeed(format, page.items, portals, {
        id: `${this.config.publicUrl}/feeds/all`,
        title: 'Tin tổng hợp từ các cổng thông tin điện tử',
        description: 'Unified news of the government portals connected to this hub',
        hubUrl: this.config.publicUrl,
        path: '/feeds/all',
        query: query ? `?${query}` : '',
      });
    });
  }
}

/** Use cases check their input themselves, so the CLI gets the same answers as the API. */
function checkInput(input: unknown, schema: string): void {
  const validate = validatorFor(schema);
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
}
