/** Links: absolute, http(s) only, without tracking parameters. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|zarsrc|_hsenc|_hsmi|mc_cid|mc_eid)$/i;

/** An absolute http(s) URL for `href` relative to `base`, or undefined when there is none. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  return parseAbsolute(href, base)?.href;
}

const ABSOLUTE = /^https?:\/\//i;

/** A parsed link: its serialization and its host (what callers read of a URL). */
interface Parsed {
  href: string;
  hostname: string;
}

/**
 * Links most portals write — lower-case http(s), a plain registered host name, no port or
 * credentials, path, query and fragment in characters the URL standard leaves as they are and no
 * dot segments — serialize to themselves (with `/` for an empty path). Those are read by this
 * pattern instead of the URL parser, which costs four times more; anything else goes to the
 * parser. `test/hub/pipeline/normalize/urls.test.ts` holds the two to the same answers.
 */
const HOST = String.raw`(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?`;
const PATH = String.raw`\/[A-Za-z0-9\-._~!$&'()*+,;=:@\/%]*`;
const QUERY = String.raw`\?[A-Za-z0-9\-._~!$&()*+,;=:@\/?%]*`;
const FRAGMENT = String.raw`#[A-Za-z0-9\-._~!$&'()*+,;=:@\/?%]*`;
const PLAIN_ABSOLUTE = new RegExp(`^https?:\\/\\/(${HOST})(${PATH})?((?:${QUERY})?(?:${FRAGMENT})?)$`);
const PLAIN_RELATIVE = new RegExp(`^(?!\\/\\/)${PATH}(?:${QUERY})?(?:${FRAGMENT})?$`);
// dot segments (`/./`, `/../`, `%2e`) and punycode labels (checked by the parser) are not plain
const NOT_PLAIN = /\/\.|%2e|xn--/i;

/** What comes before the path (`https://host:port`) in the base links were last resolved against, and its host. */
let lastBase: { base: string; authority: string; hostname: string } | undefined;

export function plainUrl(text: string, base: string | undefined): Parsed | undefined {
  if (text.charCodeAt(0) === 0x2f) {
    if (!base || !PLAIN_RELATIVE.test(text) || NOT_PLAIN.test(text)) return undefined;
    if (lastBase?.base !== base) {
      const url = parseUrl(base);
      if (!url) return undefined;
      lastBase = { base, authority: url.href.slice(0, url.href.length - url.pathname.length - url.search.length - url.hash.length), hostname: url.hostname };
    }
    return { href: lastBase.authority + text, hostname: lastBase.hostname };
  }
  const m = PLAIN_ABSOLUTE.exec(text);
  if (!m || NOT_PLAIN.test(text)) return undefined;
  return { href: m[2] ? text : `${text.slice(0, text.length - m[3].length)}/${m[3]}`, hostname: m[1] };
}

function parseUrl(text: string, base?: string): URL | undefined {
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

function parseAbsolute(href: string | undefined, base: string | undefined): Parsed | undefined {
  if (!href) return undefined;
  let text = href.trim().replace(/[\r\n\t]/g, '');
  if (!text) return undefined;
  // `http:foo` (no slashes) is a relative reference with a scheme, which portals mean as relative
  text = text.replace(/^(https?):(?!\/)/i, '');
  const plain = plainUrl(text, base);
  if (plain) return plain;
  // an absolute link (scheme and //) does not read its base: not parsing it halves the cost
  return parseUrl(text, base && !ABSOLUTE.test(text) ? base : undefined);
}

/** Whether a query pair (`name=value`) is a tracking parameter. */
function isTracking(pair: string): boolean {
  const eq = pair.indexOf('=');
  let name = eq < 0 ? pair : pair.slice(0, eq);
  if (name.includes('+') || name.includes('%')) {
    name = name.replace(/\+/g, ' ');
    try {
      name = decodeURIComponent(name);
    } catch {
      // a stray % in a portal's link: the name as written
    }
  }
  return TRACKING.test(name);
}

/**
 * The href without tracking parameters (other parameters keep their order and spelling; empty
 * ones go) and, when asked, without its fragment. Works on the serialized URL, where the first
 * `?` starts the query and the first `#` the fragment (both are escaped anywhere else).
 */
function cleanHref(href: string, dropFragment: boolean): string {
  const hashAt = href.indexOf('#');
  const end = hashAt < 0 ? href.length : hashAt;
  const fragment = hashAt < 0 || dropFragment ? '' : href.slice(hashAt);
  const queryAt = href.indexOf('?');
  if (queryAt < 0 || queryAt > end) return href.slice(0, end) + fragment;
  let kept = '';
  for (const pair of href.slice(queryAt + 1, end).split('&')) if (pair && !isTracking(pair)) kept += kept ? `&${pair}` : pair;
  return href.slice(0, queryAt) + (kept ? `?${kept}` : '') + fragment;
}

/**
 * A URL inside content (link, image, media): absolute, http(s), and for links without tracking
 * parameters; one URL parse. The href and the host, which iframes are checked by.
 */
export function contentUrl(href: string | undefined, base: string | undefined, isLink: boolean): { href: string; hostname: string } | undefined {
  const url = parseAbsolute(href, base);
  if (!url) return undefined;
  return { href: isLink ? cleanHref(url.href, false) : url.href, hostname: url.hostname };
}

/** The canonical form of an article link: absolute, tracking parameters removed, no fragment. */
export function canonicalUrl(href: string | undefined, base: string | undefined): string | undefined {
  const url = parseAbsolute(href, base);
  return url && cleanHref(url.href, true);
}
