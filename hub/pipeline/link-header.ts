/** An HTTP Link header (RFC 8288): the first target of each relation type, as written. */
export function linkRelations(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (header ?? '').matchAll(/<([^>]+)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2])?.[1]?.toLowerCase().split(/\s+/) ?? [];
    for (const rel of rels) if (!out.has(rel)) out.set(rel, m[1]);
  }
  return out;
}

/**
 * A URL made safe to place in a header: in a Link target (`<…>`) or a Location. Every character
 * outside RFC 3986's unreserved, reserved and `%` is percent-encoded, so a `>`, `"` or a space
 * that came from a request's query cannot close the target and add relations of its own
 * (`?q=x>;rel="hub",<https://evil.example/hub`), and no control character or CR/LF gets through.
 */
export function headerUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (c) => encodeURIComponent(c));
}

/** An RFC 8288 Link header value, each target encoded with headerUrl. */
export function linkHeader(...links: [url: string, rel: string][]): string {
  return links.map(([url, rel]) => `<${headerUrl(url)}>; rel="${rel}"`).join(', ');
}
