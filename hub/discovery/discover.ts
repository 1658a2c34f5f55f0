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
import { fetchPolicy } from '../pipeline/fetch.ts';
import { decodeBody } from '../pipeline/decode.ts';
import { feedAdapter } from '../../adapters/feed/index.ts';
import { readSitemap } from '../../adapters/sitemap/read.ts';
import { isWordPressList } from '../../adapters/json/wordpress.ts';
import { settleBounded, withDeadline } from '../../adapters/html/concurrency.ts';
import { HTML_ACCEPT } from '../../adapters/html/page-cache.ts';
import { anchorProbes, commonProbes, linkedProbes, robotsProbes, type Probe } from './candidates.ts';
import { detectKind } from './detect.ts';

const PROBE_CONCURRENCY = 4;
const PROBE_DEADLINE_MS = 8000;

/**
 * Two rounds of probes: what the home page, robots.txt and common paths point to; then the feeds
 * listed on any RSS page the first round found (many portals link a page of feeds, not the feeds).
 */
export async function discoverSources(deps: { config: HubConfig }, url: string): Promise<Discovery> {
  const policy = fetchPolicy(deps.config);
  const deadline = Math.min(PROBE_DEADLINE_MS, deps.config.fetchTimeoutMs);
  const get = (u: string, accept?: string) => withDeadline(fetchUrl({ url: u, accept }, policy), deadline, u);
  // the home page itself must answer: that failure is the caller's to see (a 502 with the reason)
  const home = await fetchUrl({ url, accept: HTML_ACCEPT }, policy);
  const detected = detectKind(home, deps.config.maxFeedBytes);
  const origin = new URL(home.finalUrl).origin;
  const found: Found = { candidates: [], problems: [], rssPages: [], probed: new Set() };
  // the URL may itself be a feed or a sitemap
  if (detected.kind !== 'html') record(found, { url, via: 'self' }, await examine({ url, via: 'self' }, home).then(settled, rejected));

  const probes: Probe[] = [];
  let title: string | undefined;
  if (detected.kind === 'html') {
    probes.push(...linkedProbes(detected.text, home.finalUrl), ...anchorProbes(detected.text, home.finalUrl));
    title = load(detected.text)('head > title').first().text().replace(/\s+/g, ' ').trim() || undefined;
  }
  const robots = await get(new URL('/robots.txt', origin).href, 'text/plain').catch(() => undefined);
  if (robots) probes.push(...robotsProbes(decodeBody(robots.body, robots.headers['content-type']).text, origin));
  probes.push(...commonProbes(origin));

  await probeAll(found, probes, get);
  await probeAll(
    found,
    found.rssPages.flatMap((page) => anchorProbes(page.text, page.url)),
    get,
  );
  return { url, finalUrl: home.finalUrl, ...(title ? { title } : {}), candidates: found.candidates, problems: found.problems };
}

interface Found {
  candidates: DiscoveredSource[];
  problems: Discovery['problems'];
  rssPages: RssPage['rssPage'][];
  /** URLs already probed: the first way a URL was found wins (the portal's own links say more than a guessed path). */
  probed: Set<string>;
}

async function probeAll(found: Found, probes: Probe[], get: (url: string) => Promise<Fetched>): Promise<void> {
  const fresh = probes.filter((p) => !found.probed.has(p.url) && !!found.probed.add(p.url));
  const results = await settleBounded(fresh, PROBE_CONCURRENCY, async (probe) => examine(probe, await get(probe.url)));
  results.forEach((r, i) => record(found, fresh[i], r));
}

function record(found: Found, probe: Probe, result: PromiseSettledResult<DiscoveredSource | RssPage | undefined>): void {
  if (result.status === 'rejected') {
    // the portal says this exists; that it does not work is worth telling the operator (a guessed path may well 404)
    if (probe.via === 'common-path' || probe.via === 'page-link') return;
    const e = asHubError(result.reason, 'DISCOVER.FAILED');
    found.problems.push({ url: probe.url, code: e.code, message: e.message });
    return;
  }
  const value = result.value;
  if (!value) return;
  if ('rssPage' in value) return void found.rssPages.push(value.rssPage);
  // two probes may land on one URL after redirects (/feed → /feed/)
  if (found.candidates.some((c) => c.url === value.url)) return;
  found.candidates.push(value);
}

const settled = <T>(value: T): PromiseSettledResult<T> => ({ status: 'fulfilled', value });
const rejected = (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason });

/** An HTML page at a feed-like path: probably the portal's page listing its feeds. */
interface RssPage {
  rssPage: { url: string; text: string };
}

/** What a probe's answer is, as a candidate; undefined when it is nothing the hub reads. */
async function examine(probe: Probe, fetched: Fetched): Promise<DiscoveredSource | RssPage | undefined> {
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
  if (detected.kind === 'html' && /rss|feed/i.test(new URL(fetched.finalUrl).pathname)) return { rssPage: { url: fetched.finalUrl, text: detected.text } };
  if (detected.kind === 'json') {
    const body = JSON.parse(detected.text);
    if (isWordPressList(body)) return { ...base, kind: 'json', format: 'wordpress', itemCount: body.length };
  }
  return undefined;
}
