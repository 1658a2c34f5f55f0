/** Links: absolute, http(s) only, without tracking parameters. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|zarsrc|_hsenc|_hsmi|mc_cid|mc_eid)$/i;

/** An absolute http(s) URL for `href` relative to `base`, or undefined when there is none. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  return parseAbsolute(href, base)?.href;
}

const ABSOLUTE = /^https?:\/\//i;

function parseAbsolute(href: string | undefined, base: string | undefined): URL | undefined {
  if (!href) return undefined;
  let text = href.trim().replace(/[\r\n\t]/g, '');
  if (!text) return undefined;
  // `http:foo` (no slashes) is a relative reference with a scheme, which portals mean as relative
  text = text.replace(/^(https?):(?!\/)/i, '');
  let url: URL;
  try {
    // an absolute link (scheme and //) does not read its base: not parsing it halves the cost
    url = base && !ABSOLUTE.test(text) ? new URL(text, base) : new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url;
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
