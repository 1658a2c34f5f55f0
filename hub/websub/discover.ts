/**
 * WebSub discovery (§4): the hub and the topic's canonical (self) URL, from HTTP Link headers
 * first (RFC 8288), then from the feed's own <link>/<atom:link> elements, or JSON Feed `hubs`.
 */
import type { Fetched } from '../pipeline/fetch.ts';
import { linkRelations } from '../pipeline/link-header.ts';

export interface Discovered {
  hub: string;
  self: string;
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
  const links = linkRelations(fetched.headers.link);
  const header = { hub: links.get('hub'), self: links.get('self') };
  const body = channel?.websubHub ? { hub: channel.websubHub, self: channel.selfUrl } : fromXml(fetched.body.toString('utf8'));
  const hub = header.hub ?? body.hub;
  if (!hub) return undefined;
  try {
    return { hub: new URL(hub, fetched.finalUrl).href, self: new URL(header.self ?? body.self ?? fetched.finalUrl, fetched.finalUrl).href };
  } catch {
    return undefined;
  }
}
