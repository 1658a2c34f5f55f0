/**
 * WebSub discovery (§4): the hub and the topic's canonical (self) URL, from HTTP Link headers
 * first (RFC 8288), then from the feed's own <link>/<atom:link> elements, or JSON Feed `hubs`.
 */
import type { Fetched } from '../pipeline/fetch.ts';

export interface Discovered {
  hub: string;
  self: string;
}

function fromLinkHeader(header: string | undefined): { hub?: string; self?: string } {
  const out: { hub?: string; self?: string } = {};
  for (const m of (header ?? '').matchAll(/<([^>]+)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2])?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (rel.includes('hub')) out.hub ??= m[1];
    if (rel.includes('self')) out.self ??= m[1];
  }
  return out;
}

function fromXml(text: string): { hub?: string; self?: string } {
  const out: { hub?: string; self?: string } = {};
  // only the channel/feed head: entries carry links of their own
  const head = text.slice(0, Math.max(0, text.search(/<(item|entry)[\s>]/i)) || 20_000);
  for (const m of head.matchAll(/<(?:atom:)?link\b([^>]*)\/?>/gi)) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(m[1])?.[1];
    const rel = attr('rel')?.toLowerCase();
    const href = attr('href')?.replace(/&amp;/g, '&');
    if (!href) continue;
    if (rel === 'hub') out.hub ??= href;
    if (rel === 'self') out.self ??= href;
  }
  return out;
}

export function discoverHub(fetched: Fetched, channel?: { websubHub?: string; selfUrl?: string }): Discovered | undefined {
  const header = fromLinkHeader(fetched.headers.link);
  const body = channel?.websubHub ? { hub: channel.websubHub, self: channel.selfUrl } : fromXml(fetched.body.toString('utf8'));
  const hub = header.hub ?? body.hub;
  if (!hub) return undefined;
  try {
    return { hub: new URL(hub, fetched.finalUrl).href, self: new URL(header.self ?? body.self ?? fetched.finalUrl, fetched.finalUrl).href };
  } catch {
    return undefined;
  }
}
