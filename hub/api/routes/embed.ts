import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Hub, ItemFilter } from '../../hub.ts';
import { validQuery } from '../validate.ts';
import { widgetScript } from '../../embed/build.ts';
import { DEFAULT_EMBED_LIMIT, embedList } from '../../embed/view.ts';
import { DEFAULT_HEADING, EMBED_CSS, renderList, renderProblem } from '../../embed/render.ts';
import { bytesOf, notModified } from './feeds.ts';
import { etagOf, type RenderedFeed } from '../../publish/feeds.ts';
import { isHubError } from '../../errors.ts';
import { embedProblemText } from '../../embed/messages.ts';
import { problemBody } from '../problem.ts';

/** Query parameters that shape the box; everything else is a filter of GET /api/v1/items. */
const DISPLAY = ['layout', 'title', 'images', 'refresh'];

/**
 * The embeds: the widget script, the JSON it renders, and the same list as a standalone page for
 * an <iframe>. All public and cross-origin by design (portals of other domains embed them).
 */
export function embedRoutes(router: Router, hub: Hub) {
  router.get('/embed/v1.js', async (ctx) => {
    const widget = await widgetScript();
    ctx.set('ETag', widget.etag);
    ctx.set('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    ctx.set('Vary', 'Accept-Encoding');
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.type = 'text/javascript; charset=utf-8';
    if (notModified(ctx.get('if-none-match'), '', { etag: widget.etag, lastModified: new Date(0) })) {
      ctx.status = 304;
      return;
    }
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = widget.gzip;
    } else ctx.body = widget.js;
  });

  router.get('/embed/items.json', async (ctx) => {
    const { filter, query } = embedFilter(ctx);
    const list = await cached(hub, `embed.json|${query}`, 'application/json; charset=utf-8', async () => JSON.stringify(await embedList(hub, filter, query)));
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Expose-Headers', 'ETag');
    // the widget revalidates on every refresh (fetch cache: no-cache); the ETag makes that a 304
    sendCached(ctx, list, 'public, max-age=30');
  });

  router.get('/embed/list', async (ctx) => {
    const display = Object.fromEntries(DISPLAY.map((k) => [k, typeof ctx.query[k] === 'string' ? (ctx.query[k] as string) : undefined]));
    // links open in the embedding page, not inside the frame; no script runs here at all
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; base-uri 'none'");
    let page: RenderedFeed;
    try {
      const { filter, query } = embedFilter(ctx);
      page = await cached(hub, `embed.html|${query}|${JSON.stringify(display)}`, 'text/html; charset=utf-8', async () => {
        const list = await embedList(hub, filter, query);
        const heading = display.title || DEFAULT_HEADING;
        const body = renderList(list, {
          layout: display.layout === 'compact' ? 'compact' : 'light',
          images: display.images !== '0' && display.images !== 'false',
          heading,
        });
        const refresh = Math.max(30, Number(display.refresh) || 300);
        return framePage(heading, body, refresh);
      });
    } catch (e) {
      // a wrong parameter is said in words for the page's author, never as JSON inside the frame
      if (!isHubError(e) || !e.expose || e.status >= 500) throw e;
      ctx.status = e.status;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = errorPage(embedProblemText(problemBody(e)));
      return;
    }
    sendCached(ctx, page, 'public, max-age=30');
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function framePage(title: string, body: string, refresh?: number): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh ? `<meta http-equiv="refresh" content="${refresh}">` : ''}<base target="_top"><title>${escapeHtml(title)}</title><style>html,body{margin:0;background:transparent}${EMBED_CSS.replace(':host{all:initial;display:block;contain:content}', '')}</style></head><body>${body}</body></html>`;
}

/** The iframe page for a wrong parameter: what is wrong, in Vietnamese, for the author of the embedding page. */
const errorPage = (lines: string[]) => framePage('Khung tin: tham số không hợp lệ', renderProblem(lines, 'light'));

/**
 * Embeds are requested on every page view of every portal that shows one: rendered once per
 * query in the hub's feed cache, which new items empty.
 */
function cached(hub: Hub, key: string, contentType: string, render: () => Promise<string>): Promise<RenderedFeed> {
  return hub.feeds.get(key, async () => {
    const body = await render();
    return { body, contentType, etag: etagOf(body), lastModified: new Date(0) };
  });
}

function sendCached(ctx: Context, rendered: RenderedFeed, cacheControl: string): void {
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', rendered.etag);
  ctx.type = rendered.contentType;
  if (notModified(ctx.get('if-none-match'), '', rendered)) ctx.status = 304;
  else ctx.body = bytesOf(rendered);
}

/**
 * The items filter of an embed request, checked exactly as GET /api/v1/items checks it. A comma
 * separates several values, as in the widget's data-* attributes (`level=central,ministry` is
 * `level=central&level=ministry`); not in `q`, which is free text.
 */
function embedFilter(ctx: Context): { filter: ItemFilter; query: string } {
  const rest: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(ctx.query)) {
    if (DISPLAY.includes(k) || v === undefined) continue;
    const values = (Array.isArray(v) ? v : [v]).flatMap((one) => (k === 'q' ? [one] : one.split(',').map((s) => s.trim()))).filter((s) => s !== '');
    if (values.length) rest[k] = values.length === 1 ? values[0] : values;
  }
  ctx.query = rest;
  const filter = validQuery<ItemFilter>(ctx, 'listItems');
  const limit = filter.limit === undefined ? DEFAULT_EMBED_LIMIT : Math.min(filter.limit, 50);
  return { filter: { ...filter, limit }, query: ctx.querystring };
}
