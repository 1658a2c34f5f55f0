/**
 * An item's id is stable across re-fetches: derived from its source and its guid, else its
 * canonical link, else its title and date. A cluster starts as the item's own id; dedupe.ts
 * moves it into an existing cluster when another portal published the same article.
 */
import { hash } from 'node:crypto';

export function itemId(sourceId: string, key: { guid?: string; url?: string; title?: string; published?: string }): string {
  const basis = key.guid ? `g:${key.guid.trim()}` : key.url ? `u:${key.url}` : `t:${key.title ?? ''}|${key.published ?? ''}`;
  return hash('sha256', `${sourceId}\n${basis}`, 'hex').slice(0, 24);
}
