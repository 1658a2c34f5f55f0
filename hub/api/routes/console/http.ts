/**
 * The console's HTTP glue, shared by its pages' routes: the session cookie, the form body, the
 * CSRF check, HTML errors, and the view every page renders with. Every request under /console
 * passes `consoleMiddleware` first:
 * - it answers with HTML in the operator's language, never problem+json (errors become pages);
 * - it loads the session from its cookie; without one, a GET goes to the sign-in page (and comes
 *   back after), a POST is refused;
 * - it reads a POST's form (urlencoded, capped like JSON bodies) and checks its CSRF token against
 *   the session's (the sign-in form: against its own cookie), and the Origin header when sent.
 * Authorisation itself stays in the use cases: pages call Hub with `principalOf(ctx)`.
 */
import type { Context, Next } from 'koa';
import type { Hub } from '../../../hub.ts';
import { asHubError, HubError } from '../../../errors.ts';
import type { Principal } from '../../../keys/principal.ts';
import { LANGS } from '../../../pages/i18n/index.ts';
import { pageLang } from '../pages.ts';
import { SESSION_MAX_MS, sameToken, type ConsoleSession } from '../../../console/sessions.ts';
import { CSRF_FIELD } from '../../../console/forms.ts';
import type { ConsoleView } from '../../../console/view.ts';
import { renderError } from '../../../console/pages/error.ts';
import { renderSignIn } from '../../../console/pages/sign-in.ts';
import type { Log } from '../../../log.ts';

export const SESSION_COOKIE = 'hub_session';
/** The sign-in form's own token (there is no session yet to hold one): login CSRF. */
export const SIGN_IN_COOKIE = 'hub_sign_in';
export const SIGN_IN_PATH = '/console/sign-in';
const SIGN_IN_TTL_S = 30 * 60;

/** Scripts and styles from the hub only; no inline script or style at all; images of items from portals. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

interface ConsoleState {
  session?: ConsoleSession;
  sessionId?: string;
  form?: URLSearchParams;
  view: ConsoleView;
}

const isConsolePath = (path: string) => path === '/console' || path.startsWith('/console/');

/** A path inside the console to come back to after signing in (never another site). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length >= 2000 || !next.startsWith('/') || next.startsWith('//') || /[\\\r\n]/.test(next)) return undefined;
  // resolved as a browser would (dot segments, encodings), then checked: still this site, still the console
  const url = new URL(next, 'http://hub.invalid');
  return url.origin === 'http://hub.invalid' && isConsolePath(url.pathname) ? `${url.pathname}${url.search}` : undefined;
}

export function consoleMiddleware(hub: Hub, maxBodyBytes: number, log: Log) {
  return async (ctx: Context, next: Next) => {
    if (!isConsolePath(ctx.path)) return next();
    const lang = pageLang(ctx);
    const state: ConsoleState = { view: { lang, t: LANGS[lang], path: ctx.url, csrf: '' } };
    ctx.state.console = state;
    ctx.set('Content-Security-Policy', CONSOLE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Vary', 'Cookie');
    try {
      const sessionId = ctx.cookies.get(SESSION_COOKIE);
      const session = await hub.consoleSession(sessionId);
      if (session) {
        state.session = session;
        state.sessionId = sessionId;
        state.view.principal = { ...session.principal, ip: ctx.ip };
        state.view.csrf = session.csrf;
      }
      const signingIn = ctx.path === SIGN_IN_PATH;
      if (ctx.method === 'POST') {
        state.form = await readForm(ctx, maxBodyBytes);
        if (!sameOrigin(ctx, hub.config.publicUrl) || !tokenMatches(ctx, state, signingIn)) return refuseCsrf(ctx, state, signingIn);
      }
      if (!session && !signingIn) {
        if (ctx.method === 'GET' || ctx.method === 'HEAD') {
          ctx.status = 303;
          ctx.redirect(`${SIGN_IN_PATH}?next=${encodeURIComponent(ctx.url)}`);
          return;
        }
        // a form sent after the session ended: sign in again (what was typed is lost, said plainly)
        signInPage(ctx, state, { notice: 'sessionEnded' }, 401);
        return;
      }
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HubError('CONSOLE.NOT_FOUND', `No console page at ${ctx.path}`);
    } catch (e) {
      // a GET on a path that only takes forms: the router's 405, a page like any other refusal
      const error =
        !(e instanceof HubError) && (e as { status?: number }).status === 405
          ? new HubError('ROUTE.METHOD_NOT_ALLOWED', (e as Error).message, { status: 405 })
          : asHubError(e);
      if (!error.expose)
        log(`error on ${ctx.method} ${ctx.path}: ${(e as Error).stack ?? e}`, { level: 'error', requestId: ctx.state.requestId, code: error.code });
      ctx.status = error.status;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderError(state.view, error);
    }
  };
}

/** The signed-in principal (the middleware has made sure there is one). */
export function principalOf(ctx: Context): Principal {
  const p = (ctx.state.console as ConsoleState | undefined)?.view.principal;
  if (!p) throw new HubError('AUTH.MISSING_KEY', 'Sign in to the console first');
  return p;
}

export const viewOf = (ctx: Context): ConsoleView => (ctx.state.console as ConsoleState).view;

/** The POSTed form's fields. */
export const formOf = (ctx: Context): URLSearchParams => (ctx.state.console as ConsoleState).form ?? new URLSearchParams();

export function sendPage(ctx: Context, html: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html;
}

/** After a form: back to a page by GET (303), so reloading never sends the form twice. */
export function seeOther(ctx: Context, path: string): void {
  ctx.status = 303;
  ctx.redirect(path);
}

export function signInPage(ctx: Context, state: ConsoleState, options: Parameters<typeof renderSignIn>[1], status = 200): void {
  const token = newSignInToken(ctx);
  sendPage(ctx, renderSignIn({ ...state.view, csrf: token, principal: undefined }, options), status);
}

/** Sets a cookie by hand: Koa refuses Secure on a request it thinks is plain HTTP, though the public URL is https behind a proxy. */
export function setCookie(ctx: Context, publicUrl: string, name: string, value: string, options: { path: string; maxAgeS: number }): void {
  const secure = ctx.secure || publicUrl.startsWith('https:');
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${options.maxAgeS}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  ctx.append('Set-Cookie', parts.join('; '));
}

export function setSessionCookie(ctx: Context, publicUrl: string, id: string): void {
  setCookie(ctx, publicUrl, SESSION_COOKIE, id, { path: '/console', maxAgeS: Math.floor(SESSION_MAX_MS / 1000) });
}

export function clearSessionCookie(ctx: Context, publicUrl: string): void {
  setCookie(ctx, publicUrl, SESSION_COOKIE, '', { path: '/console', maxAgeS: 0 });
}

function newSignInToken(ctx: Context): string {
  const existing = ctx.cookies.get(SIGN_IN_COOKIE);
  const token = existing && /^[A-Za-z0-9_-]{32}$/.test(existing) ? existing : randomToken();
  setCookie(ctx, '', SIGN_IN_COOKIE, token, { path: SIGN_IN_PATH, maxAgeS: SIGN_IN_TTL_S });
  return token;
}

const randomToken = () => Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');

function tokenMatches(ctx: Context, state: ConsoleState, signingIn: boolean): boolean {
  const sent = state.form?.get(CSRF_FIELD) ?? '';
  const expected = signingIn ? (ctx.cookies.get(SIGN_IN_COOKIE) ?? '') : (state.session?.csrf ?? '');
  // no session and not signing in: no token to match; the route below asks to sign in again
  if (!signingIn && !state.session) return true;
  return !!sent && !!expected && sameToken(sent, expected);
}

/** A browser says where a form came from; another origin is refused even with a token. */
function sameOrigin(ctx: Context, publicUrl: string): boolean {
  const origin = ctx.get('origin');
  if (!origin || origin === 'null') return !origin;
  // the request's own origin, from its Host (Koa's ctx.origin is not that)
  return origin === `${ctx.protocol}://${ctx.get('host')}` || origin === new URL(publicUrl).origin;
}

function refuseCsrf(ctx: Context, state: ConsoleState, signingIn: boolean): void {
  if (signingIn) return signInPage(ctx, state, { error: 'csrfRefused' }, 403);
  sendPage(ctx, renderError(state.view, new HubError('CONSOLE.CSRF', state.view.t.csrfRefused)), 403);
}

async function readForm(ctx: Context, maxBytes: number): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) return new URLSearchParams();
  if (ctx.request.length > maxBytes) throw new HubError('REQUEST.TOO_LARGE', `The form is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > maxBytes) throw new HubError('REQUEST.TOO_LARGE', `The form is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
