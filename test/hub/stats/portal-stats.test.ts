/** Portal statistics over a real embedded store, with a fixed clock. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { portalStats, vnDay } from '../../../hub/stats/portal-stats.ts';
import { makeItem } from '../store/contract.ts';

// 2026-11-24 09:00 in Viet Nam
const NOW = new Date('2026-11-24T02:00:00Z');
const at = (iso: string) => ({ publishedAt: iso, updatedAt: iso, fetchedAt: iso });

describe('portal statistics', () => {
  let dir: string;
  let store: EmbeddedStore;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-stats-'));
    store = await EmbeddedStore.open(dir);
    await store.putItems([
      // 00:30 on the 24th in Viet Nam is still the 23rd in UTC: it counts for the 24th
      makeItem(1, { portalId: 'hue', ...at('2026-11-24T00:30:00+07:00'), topics: ['chuyen-doi-so', 'giao-duc'] }),
      makeItem(2, { portalId: 'hue', ...at('2026-11-23T23:59:00+07:00'), topics: ['chuyen-doi-so'] }),
      makeItem(3, { portalId: 'hue', ...at('2026-11-23T08:00:00+07:00'), topics: [] }),
      makeItem(4, { portalId: 'hue', ...at('2026-10-26T00:00:00+07:00'), topics: ['giao-duc'] }),
      // one day before the window
      makeItem(5, { portalId: 'hue', ...at('2026-10-25T23:59:59+07:00'), topics: ['y-te'] }),
      makeItem(6, { portalId: 'hue-phuxuan', ...at('2026-11-20T10:00:00+07:00'), topics: ['y-te'] }),
      makeItem(7, { portalId: 'danang', ...at('2026-11-22T10:00:00+07:00'), topics: ['y-te'] }),
    ]);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts items per Vietnamese day over 30 days, with topic shares', async () => {
    const stats = await portalStats(store, 'hue', ['hue'], NOW, false);
    expect(stats.window).to.deep.equal({ since: '2026-10-26T00:00:00+07:00', until: NOW.toISOString(), days: 30 });
    expect(stats.itemsPerDay).to.have.length(30);
    expect(stats.itemsPerDay[0]).to.deep.equal({ date: '2026-10-26', items: 1 });
    expect(stats.itemsPerDay.at(-1)).to.deep.equal({ date: '2026-11-24', items: 1 });
    expect(stats.itemsPerDay.at(-2)).to.deep.equal({ date: '2026-11-23', items: 2 });
    expect(stats.itemsPerDay.reduce((n, d) => n + d.items, 0)).to.equal(4);
    expect(stats.itemsInWindow).to.equal(4);
    expect(stats.lastPublishedAt).to.equal('2026-11-24T00:30:00+07:00');
    expect(stats.topics).to.deep.equal([
      { topic: 'chuyen-doi-so', items: 2, share: 0.5 },
      { topic: 'giao-duc', items: 2, share: 0.5 },
    ]);
    expect(stats.untagged).to.deep.equal({ items: 1, share: 0.25 });
  });

  it('counts a subtree, and answers an empty portal with zeros', async () => {
    const sub = await portalStats(store, 'hue', ['hue', 'hue-phuxuan'], NOW, true);
    expect(sub).to.include({ subtree: true, portals: 2, itemsInWindow: 5 });
    expect(sub.topics[0]).to.deep.equal({ topic: 'chuyen-doi-so', items: 2, share: 0.4 });
    const empty = await portalStats(store, 'camau', ['camau'], NOW, false);
    expect(empty).to.include({ itemsInWindow: 0, lastPublishedAt: null });
    expect(empty.topics).to.deep.equal([]);
    expect(empty.untagged).to.deep.equal({ items: 0, share: 0 });
    expect(vnDay(Date.parse('2026-11-23T17:00:00Z'))).to.equal('2026-11-24');
  });
});
