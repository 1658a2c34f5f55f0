/**
 * One small request that is not a feed fetch: WebSub callbacks (verification GETs, content POSTs),
 * WebSub subscription requests to a portal's hub, and checks that an article is gone. The same
 * address policy as fetching sources (no private networks unless allowed), checked at connect
 * time on every hop; a timeout over the whole exchange; redirects not followed unless asked, and
 * then followed by hand with each hop checked; only the start of the answer read.
 *
 * With fetchUrl (fetch.ts) this is the hub's one way out: eslint refuses `fetch` and undici's or
 * node:http's request functions anywhere else in hub/ and adapters/, and
 * test/hostile/outbound.test.ts enumerates the call sites.
 */
import type { HubConfig } from '../config.ts';
// eslint-disable-next-line no-restricted-imports -- the guarded client itself: every call below goes through dispatcherFor
import { fetch } from 'undici';
import { HubError } from '../errors.ts';
import { dispatcherFor, fetchPolicy, networkError, parseHttpUrl } from './fetch.ts';

export interface PingAnswer {
  status: number;
  body: string;
  /** The URL that answered (after the redirects followed). */
  finalUrl: string;
}

export interface PingInit {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** How many redirects to follow (each hop checked against the address policy); none by default. */
  redirects?: number;
}

const MAX_ANSWER = 4096;
const USER_AGENT = 'portal-hub/0.1 (+https://github.com/portal-hub; government portal syndication)';

export async function ping(config: HubConfig, url: string, init: PingInit): Promise<PingAnswer> {
  const policy = fetchPolicy(config);
  const signal = AbortSignal.timeout(config.fetchTimeoutMs);
  let target = parseHttpUrl(url);
  let { method, body } = init;
  for (let hop = 0; ; hop++) {
    // every hop is checked: a public hub may redirect to 127.0.0.1 or 169.254.169.254
    const dispatcher = dispatcherFor(target, policy);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...init.headers };
    if (body === undefined) for (const h of Object.keys(headers)) if (h.toLowerCase() === 'content-type') delete headers[h];
    const res = await fetch(target, { method, headers, body, redirect: 'manual', signal, dispatcher }).catch((e) => {
      throw networkError(e, target, signal.aborted, config.fetchTimeoutMs);
    });
    const location = res.status >= 300 && res.status < 400 && res.status !== 304 ? res.headers.get('location') : null;
    if (location && hop < (init.redirects ?? 0)) {
      await res.body?.cancel().catch(() => undefined);
      try {
        target = parseHttpUrl(new URL(location, target).href);
      } catch (e) {
        if (e instanceof HubError) throw e;
        throw new HubError('FETCH.BAD_URL', `${target.host} redirects to an invalid URL`);
      }
      // RFC 9110 §15.4: 307 and 308 repeat the request as it was; 301, 302 and 303 turn a POST into a GET
      if (res.status !== 307 && res.status !== 308 && method === 'POST') [method, body] = ['GET', undefined];
      continue;
    }
    let text = '';
    if (res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (let r = await reader.read(); !r.done && text.length < MAX_ANSWER; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
      await reader.cancel().catch(() => {});
    }
    return { status: res.status, body: text.slice(0, MAX_ANSWER), finalUrl: target.href };
  }
}
