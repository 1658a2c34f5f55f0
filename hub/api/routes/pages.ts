/**
 * The public pages: the home page at / (hub/pages/home.ts) in Vietnamese, or English asked with
 * ?lang=en and remembered in a `lang` cookie, and the files it loads under /assets/.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Hub } from '../../hub.ts';
import { HubError } from '../../errors.ts';
import { notModified } from './feeds.ts';
import { DEFAULT_LANG, isLang, LANGS, type Lang } from '../../pages/i18n/index.ts';
import { PAGE_CSP } from '../../pages/layout.ts';
import { renderHome } from '../../pages/home.ts';
import { choiceFromQuery } from '../../pages/snippet.ts';
import { pageAssets } from '../../pages/assets.ts';
import { isPortalLevel } from '../../directory/levels.ts';

const LANG_COOKIE_S = 365 * 86_400;
const gzipped = promisify(gzip);

export function pageRoutes(router: Router, hub: Hub) {
  router.get('/', async (ctx) => {
    const lang = pageLang(ctx);
    const data = await hub.homePage();
    const choice = choiceFromQuery(ctx.query, {
      portal: (id) => !!data.directory.get(id),
      level: isPortalLevel,
      topic: (t) => data.topics.some((tp) => tp.id === t),
    });
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Vary', 'Cookie, Accept-Encoding');
    ctx.type = 'text/html; charset=utf-8';
    const html = renderHome(data, { lang, t: LANGS[lang], path: ctx.url, choice });
    // the directory of a whole country is large and compresses about tenfold: for phones on slow links
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = await gzipped(html);
    } else ctx.body = html;
  });

  router.get('/assets/:file', (ctx) => {
    const asset = pageAssets().get(ctx.params.file);
    if (!asset) throw new HubError('ROUTE.NOT_FOUND', `No file /assets/${ctx.params.file}: the pages load /assets/site.css and /assets/builder.js`);
    ctx.set('ETag', asset.etag);
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = asset.type;
    if (notModified(ctx.get('if-none-match'), '', { etag: asset.etag, lastModified: new Date(0) })) ctx.status = 304;
    else ctx.body = asset.body;
  });
}

/** ?lang= (remembered in a cookie for the next visit), else the cookie, else Vietnamese. */
export function pageLang(ctx: Context): Lang {
  const asked = ctx.query.lang;
  if (isLang(asked)) {
    ctx.cookies.set('lang', asked, { maxAge: LANG_COOKIE_S * 1000, httpOnly: true, sameSite: 'lax', overwrite: true });
    return asked;
  }
  const kept = ctx.cookies.get('lang');
  return isLang(kept) ? kept : DEFAULT_LANG;
}
