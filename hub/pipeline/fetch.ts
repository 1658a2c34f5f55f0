/**
 * Step 1 of the pipeline: fetch a source's URL. Conditional GET (ETag / Last-Modified), connect
 * and total timeouts, a size cap enforced while streaming (after decompression, so a gzip bomb is
 * cut off), redirects followed by hand so every hop is checked. Host names are resolved by the
 * connection itself through a lookup that vets every address it returns, so the address checked is
 * the address connected to (no DNS rebinding between a check and the connect). TLS is always
 * verified. Failures are HubErrors of kind `fetch` with stable codes.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
// eslint-disable-next-line no-restricted-imports -- the guarded client itself: its connections are opened by the vetting agents below
import { Agent, fetch, type Response } from 'undici';
import type { HubConfig } from '../config.ts';
import { HubError, type CodeOfKind } from '../errors.ts';
import { FetchAllowList, isNonPublicAddress } from './address-policy.ts';

export { isNonPublicAddress } from './address-policy.ts';

export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
  /** Accept header; adapters know what they want. */
  accept?: string;
}

export interface FetchPolicy {
  /** The whole exchange, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  /** HUB_ALLOW_PRIVATE_FETCH=1: connect anywhere (development, closed networks). */
  allowPrivate: boolean;
  /** HUB_FETCH_ALLOW: host names, addresses and CIDR ranges allowed although not public. */
  allowList?: readonly string[];
  /** TCP + TLS handshake. */
  connectTimeoutMs?: number;
  /** PEM certificates the deployment trusts in addition to the public roots. */
  extraCa?: string;
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

const caFiles = new Map<string, string>();
/** The deployment's extra CA file (HUB_FETCH_CA_FILE), read once. */
/** How the hub fetches, from its configuration. */
export function fetchPolicy(config: HubConfig): FetchPolicy {
  return {
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxFeedBytes,
    allowPrivate: config.allowPrivateFetch,
    allowList: config.fetchAllow,
    connectTimeoutMs: Math.min(config.fetchConnectTimeoutMs ?? 10_000, config.fetchTimeoutMs),
    ...(config.fetchCaFile ? { extraCa: extraCa(config.fetchCaFile) } : {}),
  };
}

export function extraCa(file: string): string {
  let pem = caFiles.get(file);
  if (pem === undefined) {
    try {
      pem = readFileSync(file, 'utf8');
    } catch (e) {
      throw new HubError('CONFIG.CA_FILE', `HUB_FETCH_CA_FILE ${file} cannot be read: ${(e as Error).message}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new HubError('CONFIG.CA_FILE', `HUB_FETCH_CA_FILE ${file} holds no PEM certificate`);
    caFiles.set(file, pem);
  }
  return pem;
}

const USER_AGENT = 'portal-hub/0.1 (+https://github.com/portal-hub; government portal syndication)';
const PRIVATE_CODE = 'EHUB_NON_PUBLIC_ADDRESS';

export async function fetchUrl(req: FetchRequest, policy: FetchPolicy): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let url = parseHttpUrl(req.url);
    const maxRedirects = policy.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      // every hop, redirects included, is checked: a public feed may redirect to 169.254.169.254
      const dispatcher = dispatcherFor(url, policy);
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
        res = await fetch(url, { headers, redirect: 'manual', signal: controller.signal, dispatcher });
      } catch (e) {
        throw networkError(e, url, controller.signal.aborted, policy.timeoutMs);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel().catch(() => undefined);
        if (!location) throw new HubError('FETCH.BAD_REDIRECT', `HTTP ${res.status} from ${url.href} without a Location header`);
        if (hop >= maxRedirects) throw new HubError('FETCH.TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects starting at ${req.url}`);
        url = parseHttpUrl(new URL(location, url).href);
        continue;
      }
      const outHeaders = Object.fromEntries(res.headers.entries());
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { url: req.url, finalUrl: url.href, status: 304, notModified: true, headers: outHeaders, body: Buffer.alloc(0) };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel().catch(() => undefined);
        // 429 and 503 may say when to come back (RFC 9110 §10.2.3): the next fetch waits at least that long
        const retryAfterMs = res.status === 429 || res.status === 503 ? retryAfter(res.headers.get('retry-after'), Date.now()) : undefined;
        const asked = retryAfterMs === undefined ? '' : `; it asks to come back in ${Math.round(retryAfterMs / 1000)} s`;
        throw new HubError('FETCH.HTTP_STATUS', `The portal answered HTTP ${res.status} ${res.statusText} for ${url.href}${asked}`, {
          retryAfterMs,
          upstreamStatus: res.status,
        });
      }
      const body = await readCapped(res, policy.maxBytes, url, controller.signal, policy.timeoutMs);
      return { url: req.url, finalUrl: url.href, status: res.status, notModified: false, headers: outHeaders, body };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** A Retry-After value (delay in seconds, or an HTTP date) as milliseconds from now; undefined when absent or unreadable. */
export function retryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // the three HTTP date forms all start with the day's name (Date.parse alone takes "-5" for a year)
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    // the WHATWG parser turns decimal, octal and hex hosts (http://2130706433/, http://0177.0.0.1/)
    // into dotted quads, so the checks below see the address that will be connected to
    url = new URL(text);
  } catch {
    throw new HubError('FETCH.BAD_URL', `Not a valid URL: ${text.slice(0, 300)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HubError('FETCH.BAD_SCHEME', `Only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new HubError('FETCH.BAD_URL', `URLs with credentials are not fetched: ${url.host}`);
  return url;
}

/**
 * A host that is, or resolves to, a non-public address. The address a name resolved to stays out
 * of the message (public views show it; it tells of the internal DNS): it travels as
 * resolvedAddress, which only the operator's view of their own source shows.
 */
const refusal = (host: string, address: string) =>
  new HubError(
    'FETCH.PRIVATE_ADDRESS',
    `${host} ${host === address ? 'is a' : 'resolves to a'} non-public address (loopback, private, link-local, multicast or reserved); the hub does not fetch from such addresses unless HUB_FETCH_ALLOW or HUB_ALLOW_PRIVATE_FETCH allow it`,
    host === address ? {} : { resolvedAddress: address },
  );

/** Address literals never reach a DNS lookup, so they are checked here. */
function assertPublicLiteral(url: URL, allowList: FetchAllowList): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isNonPublicAddress(host) && !allowList.allowsAddress(host)) throw refusal(host, host);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, refusing names that resolve to any non-public address (RFC 6890 ranges). */
function vettedLookup(allowList: FetchAllowList) {
  return (hostname: string, options: { all?: boolean; family?: number; hints?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isNonPublicAddress(a.address) && !allowList.allowsAddress(a.address));
      if (bad) {
        const e = Object.assign(new Error(`${hostname} resolves to non-public ${bad.address}`), {
          code: PRIVATE_CODE,
          hubError: refusal(hostname, bad.address),
        });
        return callback(e, '');
      }
      if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * The connection pool to reach `url` with under `policy`: address literals are checked here,
 * names when the connection resolves them. Every outbound request of the hub goes through this
 * (feeds, ownership checks, WebSub pings), so none can be pointed at a private network.
 */
export function dispatcherFor(url: URL, policy: Pick<FetchPolicy, 'allowPrivate' | 'allowList' | 'connectTimeoutMs' | 'extraCa'>): Agent {
  const d = dispatchersFor(policy);
  if (policy.allowPrivate || d.allowList.allowsHost(url.hostname)) return d.open;
  assertPublicLiteral(url, d.allowList);
  return d.checked;
}

interface Dispatchers {
  allowList: FetchAllowList;
  /** Connections whose resolved addresses are vetted. */
  checked: Agent;
  /** Connections to hosts the deployment allowed (still TLS-verified). */
  open: Agent;
}

const agents = new Map<string, Dispatchers>();

/** One pair of pooled agents per distinct policy, so keep-alive connections are reused. */
function dispatchersFor(policy: Pick<FetchPolicy, 'allowList' | 'connectTimeoutMs' | 'extraCa'>): Dispatchers {
  const key = JSON.stringify([policy.allowList ?? [], policy.connectTimeoutMs ?? 0, policy.extraCa ?? '']);
  let found = agents.get(key);
  if (!found) {
    const allowList = new FetchAllowList(policy.allowList);
    // rejectUnauthorized stays true: the hub never turns verification off; a deployment adds CAs instead
    const tls = { rejectUnauthorized: true, ...(policy.extraCa ? { ca: [...rootCertificates, policy.extraCa] } : {}) };
    const connect = { timeout: policy.connectTimeoutMs ?? 10_000, ...tls };
    found = {
      allowList,
      checked: new Agent({ connect: { ...connect, lookup: vettedLookup(allowList) as never } }),
      open: new Agent({ connect }),
    };
    agents.set(key, found);
  }
  return found;
}

async function readCapped(res: Response, maxBytes: number, url: URL, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes && !res.headers.get('content-encoding')) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // fetch decompresses as it streams, so this counts bytes after decompression: a gzip bomb stops here
    for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
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
  new HubError('FETCH.TOO_LARGE', `The response from ${url.href} is larger than ${maxBytes} bytes (after decompression)`);

/** OpenSSL verification codes → what the operator should do about them. */
const TLS_ERRORS: Record<string, [CodeOfKind<'fetch'>, string]> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [
    'FETCH.TLS_INCOMPLETE_CHAIN',
    'serves an incomplete certificate chain (the intermediate certificate is missing); the portal must configure its full chain, or the deployment can add the intermediate with HUB_FETCH_CA_FILE',
  ],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [
    'FETCH.TLS_UNTRUSTED',
    'serves a chain that ends at a CA not trusted here (or misses its last intermediate); the deployment can trust that CA with HUB_FETCH_CA_FILE',
  ],
  UNABLE_TO_GET_ISSUER_CERT: ['FETCH.TLS_INCOMPLETE_CHAIN', 'serves a certificate chain whose issuer is missing'],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['FETCH.TLS_UNTRUSTED', 'serves a self-signed certificate; the deployment can trust its CA with HUB_FETCH_CA_FILE'],
  SELF_SIGNED_CERT_IN_CHAIN: [
    'FETCH.TLS_UNTRUSTED',
    'serves a certificate issued by an untrusted root; the deployment can trust that root with HUB_FETCH_CA_FILE',
  ],
  CERT_HAS_EXPIRED: ['FETCH.TLS_EXPIRED', 'serves an expired certificate'],
  CERT_NOT_YET_VALID: ['FETCH.TLS_EXPIRED', 'serves a certificate that is not valid yet'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['FETCH.TLS_HOSTNAME', 'serves a certificate issued for another host name'],
};

export function networkError(e: unknown, url: URL, aborted: boolean, timeoutMs: number): HubError {
  if (aborted) return new HubError('FETCH.TIMEOUT', `No complete answer from ${url.host} within ${timeoutMs} ms`, { cause: e });
  // undici wraps the socket error: TypeError('fetch failed', { cause })
  let cause = (e as { cause?: unknown }).cause as { code?: string; message?: string; hubError?: HubError; cause?: unknown } | undefined;
  if (cause && !cause.code && (cause.cause as { code?: string })?.code) cause = cause.cause as typeof cause;
  const code = cause?.code ?? '';
  if (cause?.hubError) return cause.hubError;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return new HubError('FETCH.DNS', `The host name ${url.hostname} does not resolve`, { cause: e });
  if (code === 'ECONNREFUSED') return new HubError('FETCH.REFUSED', `${url.host} refused the connection`, { cause: e });
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new HubError('FETCH.CONNECT_TIMEOUT', `Could not connect to ${url.host} in time`, { cause: e });
  const tls = TLS_ERRORS[code];
  if (tls) return new HubError(tls[0], `${url.host} ${tls[1]} (${code})`, { cause: e });
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('SSL'))
    return new HubError('FETCH.TLS', `The TLS connection to ${url.host} failed verification (${code})`, { cause: e });
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return new HubError('FETCH.RESET', `${url.host} closed the connection before answering completely`, { cause: e });
  return new HubError('FETCH.NETWORK', `Could not fetch ${url.href}: ${cause?.message ?? (e as Error).message}`, { cause: e });
}
