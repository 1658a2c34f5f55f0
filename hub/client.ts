/** A small typed client for a remote hub's API (used by the CLI with HUB_URL), typed from openapi.yaml. */
import type { CreatedWebhook, Webhook, WebhookDeliveryPage, WebhookInput } from './webhooks/registry.ts';
import { HubError, type ErrorCode, type ProblemExtensions } from './errors.ts';
import { isErrorCode } from './error-catalogue.ts';
import type { ApiKey, ApiKeyInput, CreatedApiKey, RefreshReportPage, Scorecard, SourceUpdate } from './model.ts';
import type {
  Item,
  Discovery,
  ImportResult,
  Portal,
  PortalInput,
  PortalUpdate,
  PortalStats,
  PortalTree,
  Preview,
  PreviewInput,
  Problem,
  RefreshResult,
  Source,
  SourceImportResult,
  SourceInput,
  ItemPage,
} from './model.ts';
import type { operations } from './api/openapi.gen.ts';
import type { DirectoryFormat } from './directory/import.ts';

type PortalQuery = NonNullable<operations['listPortals']['parameters']['query']>;
type ItemFilter = NonNullable<operations['listItems']['parameters']['query']>;
type AuditFilter = NonNullable<operations['listAudit']['parameters']['query']>;
type AuditPage = operations['listAudit']['responses']['200']['content']['application/json'];

/** The code of an error answer without a code this CLI knows (from a proxy, or another version of the hub). */
const codeOfStatus = (status: number): ErrorCode =>
  status === 404
    ? 'CLIENT.NOT_FOUND'
    : status === 401 || status === 403
      ? 'CLIENT.DENIED'
      : status === 502 || status === 503 || status === 504
        ? 'CLIENT.UNREACHABLE'
        : status < 500
          ? 'CLIENT.REJECTED'
          : 'CLIENT.HUB_ERROR';

export class HubClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key?: string,
  ) {}

  /**
   * What to do about a refused key, said in the client's terms: the key comes from HUB_KEY, so
   * "send Authorization: Bearer" (what the hub tells any HTTP client) is not what to do here.
   */
  private keyAdvice(problem: Problem | undefined): string | undefined {
    if (problem?.code === 'AUTH.MISSING_KEY' && !this.key)
      return `This command needs an API key for the hub at ${this.baseUrl}: set HUB_KEY (an admin creates keys with \`hub keys create\`)`;
    if (problem?.code === 'AUTH.INVALID_KEY') return `The key in HUB_KEY is not valid on the hub at ${this.baseUrl}: ${problem.detail ?? 'refused'}`;
    return undefined;
  }

  /** `body` is sent as JSON, or as is when it is a file's text with its content type. */
  private async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = contentType;
    let res: Response;
    try {
      // not through the guarded client: the CLI talks to the hub the user named (often on localhost), with the user's own key
      // eslint-disable-next-line no-restricted-globals -- see above
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : String(body),
      });
    } catch (e) {
      throw new HubError('CLIENT.UNREACHABLE', `The hub at ${this.baseUrl} cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    const text = await res.text();
    if (!res.ok) {
      const problem = (() => {
        try {
          return JSON.parse(text) as Problem;
        } catch {
          return undefined;
        }
      })();
      throw new HubError(
        isErrorCode(problem?.code) ? problem.code : codeOfStatus(res.status),
        [problem?.code && !isErrorCode(problem.code) ? problem.code : '', this.keyAdvice(problem) ?? problem?.detail ?? `HTTP ${res.status}`]
          .filter(Boolean)
          .join(': '),
        { status: res.status, errors: problem?.errors, ...extensionsOf(problem) },
      );
    }
    // 204 No Content (deletions) has no body
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async text(path: string): Promise<string> {
    let res: Response;
    try {
      // eslint-disable-next-line no-restricted-globals -- the hub the user named, as in call() above
      res = await fetch(new URL(path, this.baseUrl));
    } catch (e) {
      throw new HubError('CLIENT.UNREACHABLE', `The hub at ${this.baseUrl} cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    if (!res.ok) throw new HubError(codeOfStatus(res.status), `GET ${path}: HTTP ${res.status}`, { status: res.status });
    return res.text();
  }

  listPortals = async (query: PortalQuery = {}) => (await this.call<{ portals: Portal[] }>('GET', `/api/v1/portals${queryString(query)}`)).portals;
  portalTree = (id: string, depth?: number) => this.call<PortalTree>('GET', `/api/v1/portals/${encodeURIComponent(id)}/tree${queryString({ depth })}`);
  /** Sends a directory file as it is: CSV as text/csv, JSON as JSON. */
  importPortals = (text: string, format: DirectoryFormat, options: { dryRun?: boolean } = {}) =>
    this.call<ImportResult>(
      'POST',
      `/api/v1/portals:import${queryString({ dryRun: options.dryRun || undefined })}`,
      format === 'csv' ? text : JSON.parse(text),
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    );
  createPortal = (input: PortalInput) => this.call<Portal>('POST', '/api/v1/portals', input);
  updatePortal = (id: string, patch: PortalUpdate) => this.call<Portal>('PATCH', `/api/v1/portals/${encodeURIComponent(id)}`, patch);
  listSources = async (portal?: string) =>
    (await this.call<{ sources: Source[] }>('GET', `/api/v1/sources${portal ? `?portal=${encodeURIComponent(portal)}` : ''}`)).sources;
  createSource = (input: SourceInput) => this.call<Source>('POST', '/api/v1/sources', input);
  refreshSource = (id: string) => this.call<RefreshResult>('POST', `/api/v1/sources/${encodeURIComponent(id)}/refresh`);
  withdrawItem = (id: string) => this.call<Item>('PUT', `/api/v1/items/${encodeURIComponent(id)}/withdrawal`);
  restoreItem = (id: string) => this.call<Item>('DELETE', `/api/v1/items/${encodeURIComponent(id)}/withdrawal`);
  previewSource = (input: PreviewInput, limit = 10) => this.call<Preview>('POST', `/api/v1/sources/preview?limit=${limit}`, input);
  discoverSources = (url: string) => this.call<Discovery>('POST', '/api/v1/discover', { url });
  portalStats = (id: string, subtree = false) =>
    this.call<PortalStats>('GET', `/api/v1/portals/${encodeURIComponent(id)}/stats${queryString({ subtree: subtree || undefined })}`);
  /** An OPML list as text: `sources` (every source by portal) or `portals` (the hub's feed of each portal). */
  opml = (list: 'sources' | 'portals') => this.text(`/opml/${list}.opml`);
  importSources = (opml: string, options: { portal?: string; dryRun?: boolean } = {}) =>
    this.call<SourceImportResult>(
      'POST',
      `/api/v1/sources:import${queryString({ portal: options.portal, dryRun: options.dryRun || undefined })}`,
      opml,
      'text/x-opml; charset=utf-8',
    );
  deletePortal = (id: string) => this.call<void>('DELETE', `/api/v1/portals/${encodeURIComponent(id)}`);
  getSource = (id: string) => this.call<Source>('GET', `/api/v1/sources/${encodeURIComponent(id)}`);
  scorecard = (id: string, subtree: boolean) =>
    this.call<Scorecard>('GET', `/api/v1/portals/${encodeURIComponent(id)}/scorecard${subtree ? '?subtree=1' : ''}`);
  listRefreshes = (id: string, limit: number) => this.call<RefreshReportPage>('GET', `/api/v1/sources/${encodeURIComponent(id)}/refreshes?limit=${limit}`);
  updateSource = (id: string, patch: SourceUpdate) => this.call<Source>('PATCH', `/api/v1/sources/${encodeURIComponent(id)}`, patch);
  deleteSource = (id: string) => this.call<void>('DELETE', `/api/v1/sources/${encodeURIComponent(id)}`);
  verifyOwnership = (id: string) => this.call<Source>('POST', `/api/v1/sources/${encodeURIComponent(id)}/ownership/verify`);
  approveOwnership = (id: string) => this.call<Source>('POST', `/api/v1/sources/${encodeURIComponent(id)}/ownership/approve`);
  createKey = (input: ApiKeyInput) => this.call<CreatedApiKey>('POST', '/api/v1/keys', input);
  listKeys = async () => (await this.call<{ keys: ApiKey[] }>('GET', '/api/v1/keys')).keys;
  expireKey = (id: string, expiresAt?: string) => this.call<ApiKey>('PATCH', `/api/v1/keys/${encodeURIComponent(id)}`, expiresAt ? { expiresAt } : {});
  revokeKey = (id: string) => this.call<ApiKey>('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`);
  listAudit = (query: AuditFilter = {}) => this.call<AuditPage>('GET', `/api/v1/audit${queryString(query)}`);
  listWebhooks = async () => (await this.call<{ webhooks: Webhook[] }>('GET', '/api/v1/webhooks')).webhooks;
  createWebhook = (input: WebhookInput) => this.call<CreatedWebhook>('POST', '/api/v1/webhooks', input);
  enableWebhook = (id: string) => this.call<Webhook>('PATCH', `/api/v1/webhooks/${encodeURIComponent(id)}`, { state: 'active' });
  deleteWebhook = (id: string) => this.call<void>('DELETE', `/api/v1/webhooks/${encodeURIComponent(id)}`);
  listWebhookDeliveries = (id: string, query: { limit?: number; cursor?: string } = {}) =>
    this.call<WebhookDeliveryPage>('GET', `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries${queryString(query)}`);
  listItems = (query: ItemFilter = {}) => this.call<ItemPage>('GET', `/api/v1/items${queryString(query)}`);
}

/** A query string from typed parameters; arrays repeat the parameter (`portal=a&portal=b`), undefined is left out. */
function queryString(query: Record<string, string | number | boolean | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, String(one));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The members of a problem beyond the standard ones (a refused registration's candidates …), kept on the HubError. */
function extensionsOf(problem: Problem | undefined): { extensions?: ProblemExtensions } {
  if (!problem) return {};
  const { type: _t, title: _ti, status: _s, detail: _d, instance: _i, code: _c, errors: _e, ...rest } = problem;
  return Object.keys(rest).length ? { extensions: rest } : {};
}
