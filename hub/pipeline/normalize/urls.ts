/** Links: absolute, http(s) only, without tracking parameters. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|zarsrc|_hsenc|_hsmi|mc_cid|mc_eid)$/i;

/** An absolute http(s) URL for `href` relative to `base`, or undefined when there is none. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  let text = href.trim().replace(/[\r\n\t]/g, '');
  if (!text) return undefined;
  // `http:foo` (no slashes) is a relative reference with a scheme, which portals mean as relative
  text = text.replace(/^(https?):(?!\/)/i, '');
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href;
}

function paramName(pair: string): string {
  const name = pair.split('=')[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a stray % in a portal's link
  }
}

/** The URL without tracking parameters (utm_*, fbclid …); other parameters keep their order and spelling. */
export function withoutTracking(abs: string | undefined): string | undefined {
  if (!abs || !abs.includes('?')) return abs;
  const url = new URL(abs);
  const kept = url.search.slice(1).split('&').filter((pair) => pair && !TRACKING.test(paramName(pair)));
  url.search = kept.length ? `?${kept.join('&')}` : '';
  return url.href;
}

/** The canonical form of an article link: absolute, tracking parameters removed, no fragment. */
export function canonicalUrl(href: string | undefined, base: string | undefined): string | undefined {
  const abs = withoutTracking(absoluteUrl(href, base));
  if (!abs) return undefined;
  const url = new URL(abs);
  url.hash = '';
  return url.href;
}
