/** The adapters this hub knows, by kind. Explicit on purpose: no directory scanning. */
import type { Adapter } from './types.ts';
import { feedAdapter } from './feed/index.ts';
import { htmlAdapter } from './html/index.ts';
import { jsonAdapter } from './json/index.ts';
import { sitemapAdapter } from './sitemap/index.ts';
import { HubError } from '../hub/errors.ts';

const ADAPTERS: ReadonlyMap<string, Adapter> = new Map([feedAdapter, htmlAdapter, jsonAdapter, sitemapAdapter].map((a) => [a.kind, a]));

export function adapterKinds(): string[] {
  return [...ADAPTERS.keys()];
}

export function getAdapter(kind: string): Adapter {
  const adapter = ADAPTERS.get(kind);
  if (!adapter) throw new HubError('unprocessable', 'SOURCE.UNKNOWN_KIND', `Unknown source kind "${kind}"; known kinds: ${adapterKinds().join(', ')}`, { errors: [{ field: '/kind', message: `must be one of: ${adapterKinds().join(', ')}` }] });
  return adapter;
}
