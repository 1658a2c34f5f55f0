/**
 * Proof of ownership. A source on a host under its portal's registered domain belongs to that
 * portal. Any other host could be another agency's site republished under this portal's name, so
 * the source stays `pending` (not polled, nothing published) until the operator shows control of
 * the host (the hub's token in /.well-known/portal-hub.txt, RFC 8615, or in a
 * <meta name="portal-hub-verification"> tag on its home page), or an admin approves it.
 *
 * Whose domain counts. A portal's URL is only as trustworthy as whoever typed it: an operator may
 * create child portals below their own with any URL (`https://vn/`, another province's site), so a
 * child portal's URL alone proves nothing. The rule: a source is verified by domain only when its
 * host is under its portal's registered domain AND under the domain its registrant has proven —
 * for an admin any portal's URL (admins register the directory), for an operator the URL of the
 * portal their key is scoped to, which only an admin can register or change. A child portal an
 * operator created outside that domain is harmless: its sources stay pending until the token is
 * served (or an admin approves them), like any other foreign host.
 */
import { randomBytes } from 'node:crypto';
import type { Portal, Source, SourceOwnership } from '../model.ts';
import type { Principal } from '../keys/principal.ts';
import { fetchUrl, type FetchPolicy } from '../pipeline/fetch.ts';
import { isHubError } from '../errors.ts';

export const WELL_KNOWN_PATH = '/.well-known/portal-hub.txt';
export const META_NAME = 'portal-hub-verification';

/** The portal's registered domain: the host of its URL without a leading `www.`. */
export function registeredDomain(portal: Pick<Portal, 'url'>): string {
  return new URL(portal.url).hostname.toLowerCase().replace(/^www\./, '');
}

/** Whether `host` is the domain or one of its subdomains (`rss.quangninh.gov.vn` under `quangninh.gov.vn`). */
export function hostUnder(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

const newToken = () => `portal-hub-${randomBytes(18).toString('base64url')}`;

/**
 * Ownership of a new (or moved) source registered by `who`. An admin's word settles it. `scope` is
 * the portal an operator's key is scoped to (the domain an admin registered for them); without it
 * an operator's source is never verified by domain.
 */
export function initialOwnership(url: string, portal: Pick<Portal, 'url'>, who: Principal, now: Date, scope?: Pick<Portal, 'url'>): SourceOwnership {
  const host = new URL(url).hostname.toLowerCase();
  const at = now.toISOString();
  const proven = who.role === 'admin' || (!!scope && hostUnder(host, registeredDomain(scope)));
  if (proven && hostUnder(host, registeredDomain(portal))) return { state: 'verified', method: 'domain', host, settledAt: at };
  if (who.role === 'admin') return { state: 'approved', method: 'admin', host, settledAt: at, settledBy: who.keyId };
  return { state: 'pending', host, token: newToken(), requestedAt: at };
}

export const isPending = (s: Pick<Source, 'ownership'>) => s.ownership?.state === 'pending';

/** `<meta name="portal-hub-verification" content="…">` in either attribute order. */
function metaTokens(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    const name = attr('name');
    if ((name?.[1] ?? name?.[2] ?? name?.[3])?.toLowerCase() !== META_NAME) continue;
    const content = attr('content');
    const value = content?.[1] ?? content?.[2] ?? content?.[3];
    if (value) out.push(value.trim());
  }
  return out;
}

/**
 * Looks for the token on the source's host, through the same guarded fetcher as feeds (so a
 * pending source cannot be used to probe internal addresses either).
 */
export async function checkOwnership(source: Source, policy: FetchPolicy, now: Date): Promise<SourceOwnership> {
  const ownership = source.ownership;
  if (!ownership || ownership.state !== 'pending' || !ownership.token) return ownership ?? { state: 'verified', method: 'domain' };
  const origin = new URL(source.url).origin;
  const small = { ...policy, maxBytes: Math.min(policy.maxBytes, 512 * 1024) };
  const seen: string[] = [];
  const settle = (method: 'well-known' | 'meta'): SourceOwnership => {
    const { token: _token, lastCheck: _last, ...rest } = ownership;
    return { ...rest, state: 'verified', method, settledAt: now.toISOString() };
  };
  try {
    const file = await fetchUrl({ url: `${origin}${WELL_KNOWN_PATH}`, accept: 'text/plain' }, small);
    if (file.body.toString('utf8').split(/\s+/).includes(ownership.token)) return settle('well-known');
    seen.push(`${WELL_KNOWN_PATH} does not contain the token`);
  } catch (e) {
    seen.push(`${WELL_KNOWN_PATH}: ${isHubError(e) ? e.code : 'error'} ${(e as Error).message}`);
  }
  try {
    const home = await fetchUrl({ url: `${origin}/`, accept: 'text/html' }, small);
    if (metaTokens(home.body.toString('utf8')).includes(ownership.token)) return settle('meta');
    seen.push(`the home page has no <meta name="${META_NAME}" content="${ownership.token}">`);
  } catch (e) {
    seen.push(`home page: ${isHubError(e) ? e.code : 'error'} ${(e as Error).message}`);
  }
  return { ...ownership, lastCheck: { at: now.toISOString(), message: `Token not found: ${seen.join('; ')}` } };
}
