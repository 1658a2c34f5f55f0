/**
 * Discovery: from a portal's home page to the sources the hub can read, each checked by fetching
 * it and reading it with the adapter that would. Probes run a few at a time, each with its own
 * deadline, so one dead path does not hold up the answer. Nothing is stored.
 */
import { load } from 'cheerio';
import type { HubConfig } from '../config.ts';
import type { DiscoveredSource, Discovery } from '../model.ts';
import { asHubError, HubError, type ErrorCode } from '../errors.ts';
import { fetchUrl, type Fetched } from '../pipeline/fetch.ts';
import { fetchPolicy } from '../pipeline/fetch.ts';
import { decodeBody } from '../pipeline/decode.ts';
import { feedAdapter } from '../../adapters/feed/index.ts';
import { readSitemap } from '../../adapters/sitemap/read.ts';
import { isWordPressList } from '../../adapters/json/wordpress.ts';
import { settleBounded, withDeadline } from '../../adapters/html/concurrency.ts';
import { HTML_ACCEPT } from '../../adapters/html/page-cache.ts';
import { anchorProbes, commonProbes, linkedProbes, robotsProbes, type Probe } from './candidates.ts';
import { detectKind, type DetectedKind, type Detection } from './detect.ts';

const PROBE_CONCURRENCY = 4;
const PROBE_DEADLINE_MS = 8000;

/**
 * Two rounds of probes: what the home page, robots.txt and common paths point to; then the feeds
 * listed on any RSS page the first round found (many portals link a page of feeds, not the feeds).
 */
export async function discoverSources(
  // the hub's extract workers (pipeline/extract-pool.ts); without them what was fetched is read on this thread
  deps: { config: HubConfig; extract?: { discover(task: DiscoverTask): Promise<DiscoverAnalysis> } },
  url: string,
  /** The home page, when the caller has just fetched it (the check at registration): not fetched again. */
  fetchedHome?: Fetched,
): Promise<Discovery> {
  const policy = fetchPolicy(deps.config);
  const deadline = Math.min(PROBE_DEADLINE_MS, deps.config.fetchTimeoutMs);
  const get = (u: string, accept?: string) => withDeadline(fetchUrl({ url: u, accept }, policy), deadline, u);
  // what was fetched is read off the thread that answers requests when the hub has extract workers
  const analyse = (task: DiscoverTask) => (deps.extract ? deps.extract.discover(task) : analyseDiscovered(task));
  // the home page itself must answer: that failure is the caller's to see (a 502 with the reason)
  const home = fetchedHome ?? (await fetchUrl({ url, accept: HTML_ACCEPT }, policy));
  const page = await analyse({ probe: { url, via: 'self' }, fetched: home, home: true, maxBytes: deps.config.maxFeedBytes });
  const origin = new URL(home.finalUrl).origin;
  const found: Found = { candidates: [], problems: [], rssPages: [], probed: new Set() };
  // the URL may itself be a feed or a sitemap
  if (page.detectedKind !== 'html')
    record(found, { url, via: 'self' }, page.error ? rejected(new HubError(page.error.code, page.error.message)) : settled(page.found));

  const probes: Probe[] = [...(page.probes ?? [])];
  const title = page.title;
  const robots = await get(new URL('/robots.txt', origin).href, 'text/plain').catch(() => undefined);
  if (robots) probes.push(...robotsProbes(decodeBody(robots.body, robots.headers['content-type']).text, origin));
  probes.push(...commonProbes(origin));

  const examineAt = async (probe: Probe) => {
    const answer = await analyse({ probe, fetched: await get(probe.url), maxBytes: deps.config.maxFeedBytes });
    if (answer.error) throw new HubError(answer.error.code, answer.error.message);
    return answer.found;
  };
  await probeAll(found, probes, examineAt);
  await probeAll(
    found,
    found.rssPages.flatMap((rssPage) => rssPage.probes),
    examineAt,
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

async function probeAll(found: Found, probes: Probe[], examineAt: (probe: Probe) => Promise<DiscoveredSource | RssPage | undefined>): Promise<void> {
  const fresh = probes.filter((p) => !found.probed.has(p.url) && !!found.probed.add(p.url));
  const results = await settleBounded(fresh, PROBE_CONCURRENCY, examineAt);
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

/** An HTML page at a feed-like path: probably the portal's page listing its feeds (and the feeds it links). */
interface RssPage {
  rssPage: { url: string; probes: Probe[] };
}

/** A page or a probe's answer that a discovery fetched, to be read (by an extract worker, or inline). */
export interface DiscoverTask {
  probe: Probe;
  fetched: Fetched;
  /** The page discovery starts from: its links are the first probes. */
  home?: boolean;
  /** The cap on a decompressed body (HUB_MAX_FEED_BYTES). */
  maxBytes?: number;
}

/** What was read, as values that cross threads; an error that a probe met is kept as a value too. */
export interface DiscoverAnalysis {
  detectedKind: DetectedKind;
  /** The home page's links to feeds, its WordPress API, its feed-like anchors. */
  probes?: Probe[];
  title?: string;
  found?: DiscoveredSource | RssPage;
  /** Why the answer could not be read (a HubError does not cross threads: its code and message do). */
  error?: { code: ErrorCode; message: string };
}

/** Detect → read for one fetched answer: a home page's links, or what a probe found. Never throws. */
export async function analyseDiscovered({ probe, fetched, home, maxBytes }: DiscoverTask): Promise<DiscoverAnalysis> {
  const detected = detectKind(fetched, maxBytes);
  if (home && detected.kind === 'html') {
    const title = load(detected.text)('head > title').first().text().replace(/\s+/g, ' ').trim() || undefined;
    return {
      detectedKind: detected.kind,
      probes: [...linkedProbes(detected.text, fetched.finalUrl), ...anchorProbes(detected.text, fetched.finalUrl)],
      ...(title ? { title } : {}),
    };
  }
  try {
    const found = await examine(probe, fetched, detected);
    return { detectedKind: detected.kind, ...(found ? { found } : {}) };
  } catch (e) {
    const { code, message } = asHubError(e, 'DISCOVER.FAILED');
    return { detectedKind: detected.kind, error: { code, message } };
  }
}

/** What a probe's answer is, as a candidate; undefined when it is nothing the hub reads. */
async function examine(probe: Probe, fetched: Fetched, detected: Detection): Promise<DiscoveredSource | RssPage | undefined> {
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
  if (detected.kind === 'html' && /rss|feed/i.test(new URL(fetched.finalUrl).pathname))
    return { rssPage: { url: fetched.finalUrl, probes: anchorProbes(detected.text, fetched.finalUrl) } };
  if (detected.kind === 'json') {
    const body = JSON.parse(detected.text);
    if (isWordPressList(body)) return { ...base, kind: 'json', format: 'wordpress', itemCount: body.length };
  }
  return undefined;
}
