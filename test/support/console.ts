/**
 * A browser-like client of the console over plain HTTP (for tests that need no rendering): it
 * keeps the cookies the hub sets, never follows redirects on its own (tests look at them), and
 * reads each page's CSRF token to send its forms back as a browser would. Browser tests sign in
 * with `signInPage` (Chromium through playwright-core, test/support/browser.ts).
 */
import type { Page } from 'playwright-core';

export interface ConsoleAnswer {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async get(path: string): Promise<ConsoleAnswer> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a form; `_csrf` is taken from `from` (a page's HTML) unless the fields carry one. */
  async post(path: string, fields: Record<string, string | string[]>, from?: string, headers: Record<string, string> = {}): Promise<ConsoleAnswer> {
    const body = new URLSearchParams();
    const token = from ? csrfOf(from) : undefined;
    if (token && !('_csrf' in fields)) body.set('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** Signs in with a key through the sign-in form; returns the answer to the form (303 on success). */
  async signIn(key: string): Promise<ConsoleAnswer> {
    const page = await this.get('/console/sign-in');
    return this.post('/console/sign-in', { key }, page.html);
  }

  private async send(path: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<ConsoleAnswer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(path, this.base), {
      method: init.method,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attrs] = set.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** Signs a Chromium page in with a key, through the form as a person would; ends on the overview. */
export async function signInPage(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/console/sign-in`);
  await page.fill('#f-key', key);
  await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type=submit]')]);
}
