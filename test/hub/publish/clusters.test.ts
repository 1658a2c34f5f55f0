/** "Also published by" follows clusters, however the dedupe step formed them (same URL or near-identical text). */
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { withAlsoPublishedBy } from '../../../hub/publish/clusters.ts';
import { makeItem } from '../store/contract.ts';
import type { Store } from '../../../hub/store/store.ts';

const portalsOf = async (store: Store) => new Map((await store.listPortals()).map((p) => [p.id, p]));

describe('publish/clusters', () => {
  it('lists copies found through the cluster, also when their URLs differ, origin first', async () => {
    const store = await EmbeddedStore.open(mkdtempSync(join(tmpdir(), 'hub-clusters-')));
    try {
      for (const [id, url] of [
        ['hue', 'https://hue.gov.vn'],
        ['danang', 'https://danang.gov.vn'],
      ] as const)
        await store.putPortal({ id, name: id.toUpperCase(), url, level: 'province', createdAt: '2026-11-24T00:00:00Z' });
      const original = makeItem(1, { portalId: 'hue', url: 'https://hue.gov.vn/tin/1.html' });
      // republished by another portal under its own URL: clustered by text, not by URL
      const copy = makeItem(2, { portalId: 'danang', url: 'https://danang.gov.vn/tin-tuc/ban-sao.html', clusterId: original.clusterId });
      const alone = makeItem(3, { portalId: 'danang', url: 'https://danang.gov.vn/tin-tuc/rieng.html' });
      await store.putItems([original, copy, alone]);
      const [c, o, a] = await withAlsoPublishedBy([copy, original, alone], store, await portalsOf(store), 'https://hub.example');
      expect(c.alsoPublishedBy).to.deep.equal([
        {
          itemId: original.id,
          portalId: 'hue',
          portalName: 'HUE',
          url: original.url,
          permalink: `https://hub.example/i/${original.id}`,
          publishedAt: original.publishedAt,
          origin: true,
        },
      ]);
      expect(o.alsoPublishedBy!.map((p) => [p.portalId, p.origin])).to.deep.equal([['danang', false]]);
      expect(a).to.not.have.property('alsoPublishedBy');
      // a page holding only the copy still names the original (found in the store, not on the page)
      const [only] = await withAlsoPublishedBy([copy], store, await portalsOf(store), 'https://hub.example');
      expect(only.alsoPublishedBy!.map((p) => p.itemId)).to.deep.equal([original.id]);
    } finally {
      await store.close();
    }
  });
});
