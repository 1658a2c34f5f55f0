import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Hub, ItemFilter } from '../../hub.ts';
import { FEED_FORMATS, type FeedFormat, type RenderedFeed } from '../../publish/feeds.ts';
import { validQuery } from '../validate.ts';
import { linkHeader } from '../../pipeline/link-header.ts';

const capitalized = (f: FeedFormat) => `${f[0].toUpperCase()}${f.slice(1)}`;

export function feedRoutes(router: Router, hub: Hub) {
  for (const format of FEED_FORMATS) {
    router.get(`/feeds/portals/:id.${format}`, async (ctx) => {
      const filter = validQuery<ItemFilter>(ctx, `getPortalFeed${capitalized(format)}`);
      advertiseHub(ctx, hub);
      send(ctx, await hub.feed(format, filter, { kind: 'portal', portalId: ctx.params.id }));
    });
    router.get(`/feeds/:name.${format}`, async (ctx) => {
      const filter = validQuery<ItemFilter>(ctx, `getFeed${capitalized(format)}`);
      advertiseHub(ctx, hub);
      send(ctx, await hub.feed(format, filter, { kind: 'named', name: ctx.params.name }));
    });
  }
}

/** WebSub §4: discovery by Link headers, the topic being this very URL. */
function advertiseHub(ctx: Context, hub: Hub) {
  if (hub.websubHub) ctx.set('Link', linkHeader([hub.websubHub, 'hub'], [`${hub.config.publicUrl}${ctx.path}${ctx.search}`, 'self']));
}

/** A cached rendering is sent many times: encode it to UTF-8 once, not on every request. */
const encoded = new WeakMap<RenderedFeed, Buffer>();
export function bytesOf(rendered: RenderedFeed): Buffer {
  let bytes = encoded.get(rendered);
  if (!bytes) encoded.set(rendered, (bytes = Buffer.from(rendered.body)));
  return bytes;
}

/** Sends a rendered feed, answering 304 to a matching If-None-Match or If-Modified-Since. */
export function send(ctx: Context, feed: RenderedFeed) {
  ctx.set('ETag', feed.etag);
  ctx.set('Last-Modified', feed.lastModified.toUTCString());
  // a minute in shared caches, and revalidation after that is a cheap 304
  ctx.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
  ctx.set('Vary', 'Accept-Encoding');
  ctx.type = feed.contentType;
  if (notModified(ctx.get('if-none-match'), ctx.get('if-modified-since'), feed)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.body = bytesOf(feed);
}

/**
 * RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. Unlike koa's ctx.fresh, a request
 * Cache-Control: no-cache does not defeat it: that directive is for caches, and Node's fetch adds
 * it to every conditional request.
 */
export function notModified(ifNoneMatch: string, ifModifiedSince: string, feed: Pick<RenderedFeed, 'etag' | 'lastModified'>): boolean {
  if (ifNoneMatch) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(feed.etag);
  }
  if (ifModifiedSince) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && feed.lastModified.getTime() <= since;
  }
  return false;
}
