/**
 * The topics this hub publishes: every feed it serves — a named feed `/feeds/{name}.{fmt}` or a
 * portal's subtree feed `/feeds/portals/{id}.{fmt}` — with any filter in its query.
 */
import type { Hub, ItemFilter } from '../hub.ts';
import { HubError } from '../errors.ts';
import type { FeedFormat } from '../publish/feeds.ts';
import { NAMED_FEEDS, type FeedSelection } from '../publish/selection.ts';
import { checkQuery } from '../api/validate.ts';

export interface Topic {
  url: string;
  format: FeedFormat;
  selection: FeedSelection;
  filter: ItemFilter;
}

const capitalized = (f: string) => `${f[0].toUpperCase()}${f.slice(1)}`;

/** The topic a URL names, or a HubError naming `hub.topic` when it is not one of this hub's feeds. */
export function parseTopic(hub: Hub, url: string): Topic {
  const bad = (message: string) => new HubError('WEBSUB.UNKNOWN_TOPIC', `hub.topic ${message}`, { errors: [{ field: 'hub.topic', message }] });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('is not a URL');
  }
  const base = new URL(hub.config.publicUrl);
  const path = parsed.pathname.slice(base.pathname.replace(/\/$/, '').length);
  const portal = /^\/feeds\/portals\/([a-z0-9-]+)\.(rss|atom|json)$/.exec(path);
  const named = /^\/feeds\/([a-z0-9-]+)\.(rss|atom|json)$/.exec(path);
  if (parsed.origin !== base.origin || !(portal || (named && NAMED_FEEDS[named[1]])))
    throw bad(
      `is not a feed of this hub (${hub.config.publicUrl}/feeds/{${Object.keys(NAMED_FEEDS).join(',')}}.{rss,atom,json} or /feeds/portals/{id}.{rss,atom,json}, with any filter of /api/v1/items)`,
    );
  const format = (portal ?? named)![2] as FeedFormat;
  const selection: FeedSelection = portal ? { kind: 'portal', portalId: portal[1] } : { kind: 'named', name: named![1] };
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    query[key] = values.length > 1 ? values : values[0];
  }
  try {
    const filter = checkQuery<ItemFilter>(query, `${portal ? 'getPortalFeed' : 'getFeed'}${capitalized(format)}`);
    return { url, format, selection, filter };
  } catch (e) {
    throw bad(`has a filter the feed does not accept: ${(e as Error).message}`);
  }
}
