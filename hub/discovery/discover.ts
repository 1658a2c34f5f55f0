/**
 * Discovery: from a portal's home page to the sources the hub can read, each checked by fetching
 * it and reading it with the adapter that would. Probes run a few at a time, each with its own
 * deadline, so one dead path does not hold up the answer. Nothing is stored.
 */
import { load } from 'cheerio';
import type { HubConfig } from '../config.ts';
import type { DiscoveredSource, Discovery } from '../model.ts';
import { asHubError } from '../errors.ts';
import { fetchUrl, type Fetched } from '../pipeline/fetch.ts';
import { fetchPolicy } from '../pipeline/refresh.ts';
import { decodeBody } from '../pipeline/decode.ts';
import { feedAdapter } from '../../adapters/feed/index.ts';
import { readSitemap } from '../../adapters/sitemap/read.ts';
import { isWordPressList } from '../../adapters/json/wordpress.ts';
import { settleBounded, withDeadline } from '../../adapters/html/concurrency.ts';
import { HTML_ACCEPT } from '../../adapters/html/page-cache.ts';
import { commonProbes, linkedProbes, robotsProbes, type Probe } from './candidates.ts';
import { detectKind } from './detect.ts';

const PROBE_CONCURRENCY = 4;
const PROBE_DEADLINE_MS = 8000;

export async function discoverSources(deps: { config: HubConfig }, url: string): Promise<Discovery> {
  const policy = fetchPolicy(deps.config);
  const deadline = Math.min(PROBE_DEADLINE_MS, deps.config.fetchTimeoutMs);
  const get = (u: string, accept?: string) => withDeadline(fetchUrl({ url: u, accept }, policy), deadline, u);
  // the home page itself must answer: that failure is the caller's to see (a 502 with the reason)
  const home = await fetchUrl({ url, accept: HTML_ACCEPT }, policy);
  const detected = detectKind(home);
  const origin = new URL(home.finalUrl).origin;
  const probes: Probe[] = [];
  let title: string | undefined;
  if (detected.kind === 'html') {
    probes.push(...linkedProbes(detected.text, home.finalUrl));
    title = load(detected.text)('head > title').first().text().replace(/\s+/g, ' ').trim() || undefined;
  }
  const robots = await get(new URL('/robots.txt', origin).href, 'text/plain').catch(() => undefined);
  if (robots) probes.push(...robotsProbes(decodeBody(robots.body, robots.headers['content-type']).text, origin));
  probes.push(...commonProbes(origin));

  // the first way a URL was found wins: the portal's own links say more than a guessed path
  const unique = probes.filter((p, i) => probes.findIndex((q) => q.url === p.url) === i);
  const results = await settleBounded(unique, PROBE_CONCURRENCY, async (probe) => examine(probe, await get(probe.url)));
  const candidates: DiscoveredSource[] = [];
  const problems: Discovery['problems'] = [];
  const seen = new Set<string>();
  // the home page may itself be a feed or a sitemap
  const self = detected.kind !== 'html' ? await examine({ url, via: 'link-alternate' }, home).catch(() => undefined) : undefined;
  if (self) candidates.push(self), seen.add(self.url);
  results.forEach((r, i) => {
    const probe = unique[i];
    if (r.status === 'fulfilled') {
      if (r.value && !seen.has(r.value.url)) candidates.push(r.value), seen.add(r.value.url);
    } else if (probe.via !== 'common-path') {
      // the portal says this exists; that it does not work is worth telling the operator
      const e = asHubError(r.reason, 'DISCOVER.FAILED');
      problems.push({ url: probe.url, code: e.code, message: e.message });
    }
  });
  return { url, finalUrl: home.finalUrl, ...(title ? { title } : {}), candidates, problems };
}

/** What a probe's answer is, as a candidate; undefined when it is nothing the hub reads. */
async function examine(probe: Probe, fetched: Fetched): Promise<DiscoveredSource | undefined> {
  const detected = detectKind(fetched);
  const base = { url: fetched.finalUrl, via: probe.via, ...(probe.title ? { title: probe.title } : {}) };
  if (detected.kind === 'feed') {
    const parsed = await feedAdapter.parse(fetched, { options: {}, fetch: () => Promise.reject(new Error('not used')) });
    const title = probe.title ?? parsed.channel?.title;
    return { ...base, kind: 'feed', format: detected.format, itemCount: parsed.items.length, ...(title ? { title } : {}) };
  }
  if (detected.kind === 'sitemap') {
    const doc = readSitemap(detected.text, fetched.finalUrl);
    if (!doc) return undefined;
    if (doc.type === 'index') return { ...base, kind: 'sitemap', format: 'sitemap-index', itemCount: doc.children.length };
    return { ...base, kind: 'sitemap', format: doc.news ? 'news-sitemap' : 'urlset', itemCount: doc.entries.length };
  }
  if (detected.kind === 'json') {
    const body = JSON.parse(detected.text);
    if (isWordPressList(body)) return { ...base, kind: 'json', format: 'wordpress', itemCount: body.length };
  }
  return undefined;
}
