/**
 * Step 1 of the pipeline: fetch a source's URL. Conditional GET (ETag / Last-Modified), a total
 * timeout, a size cap enforced while streaming, redirects followed by hand so every hop is
 * checked against the address policy. Failures are HubErrors of kind `fetch` with stable codes.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { HubError } from '../errors.ts';

export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
  /** Accept header; adapters know what they want. */
  accept?: string;
}

export interface FetchPolicy {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  maxRedirects?: number;
  userAgent?: string;
}

export interface Fetched {
  /** The URL asked for. */
  url: string;
  /** The URL after redirects: relative links resolve against it. */
  finalUrl: string;
  status: number;
  notModified: boolean;
  headers: Record<string, string>;
  body: Buffer;
}

const USER_AGENT = 'portal-hub/0.1 (+https://github.com/portal-hub; government portal syndication)';

export async function fetchUrl(req: FetchRequest, policy: FetchPolicy): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let url = parseHttpUrl(req.url);
    const maxRedirects = policy.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      if (!policy.allowPrivate) await assertPublicHost(url);
      const headers: Record<string, string> = {
        'user-agent': policy.userAgent ?? USER_AGENT,
        accept: req.accept ?? 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      };
      // validators belong to the URL they came from; only send them on the first hop
      if (hop === 0 && req.etag) headers['if-none-match'] = req.etag;
      if (hop === 0 && req.lastModified) headers['if-modified-since'] = req.lastModified;
      // without this, fetch adds Cache-Control: no-cache to conditional requests, and servers that
      // honour it (Express, Koa's ctx.fresh) then never answer 304
      if (headers['if-none-match'] || headers['if-modified-since']) headers['cache-control'] = 'max-age=0';
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
      } catch (e) {
        throw networkError(e, url, controller.signal.aborted, policy.timeoutMs);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel();
        if (!location) throw new HubError('fetch', 'FETCH.BAD_REDIRECT', `HTTP ${res.status} from ${url.href} without a Location header`);
        if (hop >= maxRedirects) throw new HubError('fetch', 'FETCH.TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects starting at ${req.url}`);
        url = parseHttpUrl(new URL(location, url).href);
        continue;
      }
      const outHeaders = Object.fromEntries(res.headers.entries());
      if (res.status === 304) {
        await res.body?.cancel();
        return { url: req.url, finalUrl: url.href, status: 304, notModified: true, headers: outHeaders, body: Buffer.alloc(0) };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        throw new HubError('fetch', 'FETCH.HTTP_STATUS', `The portal answered HTTP ${res.status} ${res.statusText} for ${url.href}`, { status: 502 });
      }
      const body = await readCapped(res, policy.maxBytes, url, controller.signal, policy.timeoutMs);
      return { url: req.url, finalUrl: url.href, status: res.status, notModified: false, headers: outHeaders, body };
    }
  } finally {
    clearTimeout(timer);
  }
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HubError('fetch', 'FETCH.BAD_URL', `Not a valid URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HubError('fetch', 'FETCH.BAD_SCHEME', `Only http and https URLs are fetched, not ${url.protocol}`);
  return url;
}

async function readCapped(res: Response, maxBytes: number, url: URL, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge(url, maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // fetch decompresses as it streams, so this counts bytes after decompression too
    for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw tooLarge(url, maxBytes);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (e) {
    if (e instanceof HubError) throw e;
    throw networkError(e, url, signal.aborted, timeoutMs);
  }
  return Buffer.concat(chunks, total);
}

const tooLarge = (url: URL, maxBytes: number) =>
  new HubError('fetch', 'FETCH.TOO_LARGE', `The response from ${url.href} is larger than ${maxBytes} bytes`, { status: 502 });

function networkError(e: unknown, url: URL, aborted: boolean, timeoutMs: number): HubError {
  if (aborted) return new HubError('fetch', 'FETCH.TIMEOUT', `No complete answer from ${url.host} within ${timeoutMs} ms`, { status: 504, cause: e });
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HubError('fetch', 'FETCH.DNS', `The host name ${url.hostname} does not resolve`, { cause: e });
  if (code === 'ECONNREFUSED') return new HubError('fetch', 'FETCH.REFUSED', `${url.host} refused the connection`, { cause: e });
  if (code.startsWith('CERT_') || code.includes('SELF_SIGNED') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code.startsWith('ERR_TLS'))
    return new HubError('fetch', 'FETCH.TLS', `The TLS certificate of ${url.host} could not be verified (${code}); the portal may serve an incomplete certificate chain`, { cause: e });
  return new HubError('fetch', 'FETCH.NETWORK', `Could not fetch ${url.href}: ${cause?.message ?? (e as Error).message}`, { cause: e });
}

/** Refuses hosts that resolve to loopback, private, link-local, multicast or reserved addresses. */
export async function assertPublicHost(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (e) {
      throw new HubError('fetch', 'FETCH.DNS', `The host name ${host} does not resolve`, { cause: e });
    }
  }
  const bad = addresses.find(isNonPublicAddress);
  if (bad) throw new HubError('fetch', 'FETCH.PRIVATE_ADDRESS', `${url.hostname} resolves to ${bad}, a non-public address; the hub does not fetch from private networks`, { status: 422 });
}

/** True for addresses the hub must not fetch from (RFC 6890 special-purpose ranges). */
export function isNonPublicAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const v6 = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isNonPublicAddress(mapped[1]);
  return v6 === '::' || v6 === '::1' || v6.startsWith('fe8') || v6.startsWith('fe9') || v6.startsWith('fea') || v6.startsWith('feb') ||
    v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('ff') || v6.startsWith('::ffff:') || v6.startsWith('64:ff9b:') || v6.startsWith('2001:db8');
}
