/**
 * A store at national scale for bench:scorecard and bench:console: the portal tree of
 * ./store-corpus.ts (1,346 portals: the Government, 22 ministries, 63 provinces each with 8
 * departments and 12 communes; `extraPortals` adds portals of level "other" to reach a round
 * figure), sources (80 % ok, 10 % failing, 5 % disabled, 5 % new, 3 % paused) and items published
 * over the last 24 weeks (about half in the scorecards' 12), each fetched 0–3 hours after it was
 * published, 40 % with an image, 2 % in cross-portal clusters. Deterministic (seeded).
 */
import type { Item, Portal, Source } from '../hub/model.ts';
import type { Store } from '../hub/store/store.ts';
import type { Hub } from '../hub/hub.ts';
import { makeItem, portalTree, seeded } from './store-corpus.ts';

const BATCH = 1_000;
const DAY = 86_400_000;

export interface NationalCorpus {
  portals: Portal[];
  sources: Source[];
  items: number;
}

export async function fillNationalStore(
  store: Store,
  options: { items: number; sources: number; now: number; extraPortals?: number },
): Promise<NationalCorpus> {
  const portals = portalTree();
  for (let i = 1; i <= (options.extraPortals ?? 0); i++)
    portals.push({ id: `khac-${i}`, name: `Cổng khác ${i}`, url: `https://khac${i}.gov.vn`, level: 'other', createdAt: '2026-01-01T00:00:00Z' });
  for (const p of portals) await store.putPortal(p);
  const random = seeded(7);
  const sources: Source[] = Array.from({ length: options.sources }, (_, n) => {
    const portal = portals[n % portals.length];
    const r = random();
    const state = r < 0.8 ? 'ok' : r < 0.9 ? 'failing' : r < 0.95 ? 'disabled' : 'new';
    return {
      id: `${portal.id}-s${n}`,
      portalId: portal.id,
      url: `${portal.url}/rss/${n}.rss`,
      kind: 'feed',
      intervalSeconds: 600,
      paused: random() < 0.03,
      createdAt: '2026-01-01T00:00:00.000Z',
      health: { state, consecutiveFailures: state === 'failing' ? 3 : 0, warnings: [], rejected: [] },
    };
  });
  for (let i = 0; i < sources.length; i += 500) await Promise.all(sources.slice(i, i + 500).map((s) => store.putSource(s)));
  for (let n = 0; n < options.items; n += BATCH) {
    const batch: Item[] = [];
    for (let k = n; k < Math.min(options.items, n + BATCH); k++) {
      const item = makeItem(k, portals, random);
      const published = options.now - Math.floor(random() * 24 * 7 * DAY);
      const fetched = published + Math.floor(random() * 3 * 3600_000);
      batch.push({
        ...item,
        publishedAt: new Date(published).toISOString(),
        updatedAt: new Date(published).toISOString(),
        fetchedAt: new Date(fetched).toISOString(),
        ...(random() < 0.4 ? { image: `${item.url}.jpg` } : {}),
      });
    }
    await store.putItems(batch);
  }
  return { portals, sources, items: options.items };
}

/**
 * A change as a poll makes it: one new item of a portal stored and announced (the feed cache is
 * emptied, the scorecards re-tally that portal). `n` numbers it (ids distinct from the corpus's).
 */
export async function storeNewItem(hub: Hub, portals: Portal[], n: number): Promise<void> {
  const random = seeded(1000 + n);
  const at = new Date().toISOString();
  const item: Item = { ...makeItem(10_000_000 + n, portals, random), publishedAt: at, updatedAt: at, fetchedAt: at };
  await hub.store.putItems([item]);
  hub.announcer.announce({ created: [item], updated: [] });
}
