/**
 * One small request that is not a feed fetch: WebSub callbacks (verification GETs, content POSTs)
 * and checks that an article is gone. The same address policy as fetching sources (no private
 * networks unless allowed), a timeout, no redirects followed, only the start of the answer read.
 */
import type { HubConfig } from '../config.ts';
import { fetch } from 'undici';
import { dispatcherFor, networkError } from './fetch.ts';
import { fetchPolicy } from './fetch.ts';

export interface PingAnswer {
  status: number;
  body: string;
}

const MAX_ANSWER = 4096;

export async function ping(
  config: HubConfig,
  url: string,
  init: { method: 'GET' | 'HEAD' | 'POST'; headers?: Record<string, string>; body?: string },
): Promise<PingAnswer> {
  const target = new URL(url);
  const dispatcher = dispatcherFor(target, fetchPolicy(config));
  const signal = AbortSignal.timeout(config.fetchTimeoutMs);
  const res = await fetch(target, {
    method: init.method,
    headers: { 'user-agent': 'portal-hub/0.1 (+https://github.com/portal-hub; government portal syndication)', ...init.headers },
    body: init.body,
    redirect: 'manual',
    signal,
    dispatcher,
  }).catch((e) => {
    throw networkError(e, target, signal.aborted, config.fetchTimeoutMs);
  });
  let body = '';
  if (res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done && body.length < MAX_ANSWER; r = await reader.read()) body += decoder.decode(r.value, { stream: true });
    await reader.cancel().catch(() => {});
  }
  return { status: res.status, body: body.slice(0, MAX_ANSWER) };
}
