/**
 * An unknown topic is a mistake named back, as an unknown portal is (422 FILTER.INVALID), wherever
 * the filter language is used: the items API, the feeds, the embeds, the live stream.
 */
import { expect } from 'chai';
import { Directory } from '../../../hub/directory/directory.ts';
import { resolveFilter } from '../../../hub/filter/filter.ts';
import { HubError } from '../../../hub/errors.ts';
import { topicTaxonomy } from '../../../hub/pipeline/normalize/topics.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

const directory = new Directory([{ id: 'hue', name: 'Huế', url: 'https://hue.gov.vn', level: 'province', createdAt: '2025-07-01T00:00:00Z' }]);

describe('unknown topics in the filter language', () => {
  it('resolveFilter names an unknown topic as it names an unknown portal, and lets the taxonomy ones through', () => {
    let error: unknown;
    try {
      resolveFilter({ topic: ['chuyen-doi-so', 'chuyen-doi-sô', 'khong-co'], portal: ['nope'] }, directory);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(HubError);
    const e = error as HubError;
    expect(e.code).to.equal('FILTER.INVALID');
    expect(e.status).to.equal(422);
    expect(e.errors!.map((f) => f.field)).to.deep.equal(['portal', 'topic', 'topic']);
    expect(e.errors![2].message).to.match(/^"khong-co" is not a topic of the taxonomy \(one of .*chuyen-doi-so/);
    for (const t of topicTaxonomy()) expect(resolveFilter({ topic: [t.id] }, directory).topics).to.deep.equal([t.id]);
  });

  describe('over HTTP (integration)', () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ demo: true });
    });
    after(() => hub?.stop());
    const get = (path: string) => hub.api(path, { key: null });

    for (const path of [
      '/api/v1/items?topic=khong-co',
      '/feeds/all.rss?topic=khong-co',
      '/feeds/portals/quangninh.json?topic=khong-co',
      '/embed/items.json?topic=khong-co',
    ]) {
      it(`${path.split('?')[0]}: 422 FILTER.INVALID naming the topic, as for an unknown portal`, async () => {
        const res = await get(path);
        expect(res.status).to.equal(422);
        const problem = await res.json();
        expect(problem.code).to.equal('FILTER.INVALID');
        expect(problem.errors).to.deep.include({ field: 'topic', message: problem.errors[0].message });
        expect(problem.errors[0].message).to.match(/^"khong-co" is not a topic/);
        const portal = await (await get(path.replace('topic=khong-co', 'portal=khong-co'))).json();
        expect(portal.status).to.equal(problem.status);
      });
    }

    it('the embed page says it in Vietnamese', async () => {
      const res = await get('/embed/list?topic=khong-co');
      expect(res.status).to.equal(422);
      expect(await res.text()).to.contain('Không có chủ đề “khong-co”');
    });

    it('the live stream refuses it before it starts', async () => {
      const res = await get('/api/v1/stream?topic=khong-co');
      expect(res.status).to.equal(422);
      expect((await res.json()).code).to.equal('FILTER.INVALID');
    });

    it('a topic of the taxonomy still answers 200', async () => {
      const res = await get('/api/v1/items?topic=chuyen-doi-so');
      expect(res.status).to.equal(200);
      const items: { topics: string[] }[] = (await res.json()).items;
      expect(items).to.have.length.greaterThan(0);
      expect(items.every((i) => i.topics.includes('chuyen-doi-so'))).to.equal(true);
    });
  });
});
