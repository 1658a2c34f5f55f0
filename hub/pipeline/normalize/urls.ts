/** Links: absolute, http(s) only, without tracking parameters. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|zarsrc|_hsenc|_hsmi|mc_cid|mc_eid)$/i;

/** An absolute http(s) URL for `href` relative to `base`, or undefined when there is none. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  return parseAbsolute(href, base)?.href;
}

function parseAbsolute(href: string | undefined, base: string | undefined): URL | undefined {
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
  return url;
}

function paramName(pair: string): string {
  const name = pair.split('=')[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a stray % in a portal's link
  }
}

/** Drops tracking parameters in place; other parameters keep their order and spelling. */
function dropTracking(url: URL): URL {
  if (!url.href.includes('?')) return url;
  const kept = url.search.slice(1).split('&').filter((pair) => pair && !TRACKING.test(paramName(pair)));
  url.search = kept.length ? `?${kept.join('&')}` : '';
  return url;
}

/** A link inside content: absolute, http(s), without tracking parameters (one URL parse). */
export function linkUrl(href: string | undefined, base: string | undefined): string | undefined {
  const url = parseAbsolute(href, base);
  return url && dropTracking(url).href;
}

/** The canonical form of an article link: absolute, tracking parameters removed, no fragment. */
export function canonicalUrl(href: string | undefined, base: string | undefined): string | undefined {
  const url = parseAbsolute(href, base);
  if (!url) return undefined;
  dropTracking(url).hash = '';
  return url.href;
}
