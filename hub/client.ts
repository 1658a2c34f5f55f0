/** A small typed client for a remote hub's API (used by the CLI with HUB_URL), typed from openapi.yaml. */
import { HubError, type ErrorKind } from './errors.ts';
import type { Portal, PortalInput, Problem, RefreshResult, Source, SourceInput, ItemPage } from './model.ts';
import type { operations } from './api/openapi.gen.ts';

const KIND_BY_STATUS: Record<number, ErrorKind> = { 400: 'validation', 401: 'auth', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'limit', 422: 'unprocessable', 429: 'limit' };

export class HubClient {
  constructor(private readonly baseUrl: string, private readonly key?: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new HubError('fetch', 'CLIENT.UNREACHABLE', `The hub at ${this.baseUrl} cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    const text = await res.text();
    if (!res.ok) {
      const problem = (() => { try { return JSON.parse(text) as Problem; } catch { return undefined; } })();
      throw new HubError(KIND_BY_STATUS[res.status] ?? 'internal', problem?.code ?? `HTTP.${res.status}`, problem?.detail ?? `HTTP ${res.status}`, { status: res.status, errors: problem?.errors });
    }
    return JSON.parse(text) as T;
  }

  listPortals = async () => (await this.call<{ portals: Portal[] }>('GET', '/api/v1/portals')).portals;
  createPortal = (input: PortalInput) => this.call<Portal>('POST', '/api/v1/portals', input);
  listSources = async (portal?: string) => (await this.call<{ sources: Source[] }>('GET', `/api/v1/sources${portal ? `?portal=${encodeURIComponent(portal)}` : ''}`)).sources;
  createSource = (input: SourceInput) => this.call<Source>('POST', '/api/v1/sources', input);
  refreshSource = (id: string) => this.call<RefreshResult>('POST', `/api/v1/sources/${encodeURIComponent(id)}/refresh`);
  listItems = (query: NonNullable<operations['listItems']['parameters']['query']> = {}) =>
    this.call<ItemPage>('GET', `/api/v1/items?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);
}
