import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import type { Store } from '../../../hub/store/store.ts';
import type { RawItem } from '../../../adapters/types.ts';
import { normalizeItem } from '../../../hub/pipeline/normalize/index.ts';
import { reconcile } from '../../../hub/pipeline/dedupe.ts';
import { openTestRedisStore } from '../../support/redis.ts';

const fetchedAt = new Date('2026-11-24T03:00:00Z');
const ctxFor = (portalId: string, at = fetchedAt) => ({
  sourceId: `${portalId}-rss`,
  portalId,
  baseUrl: `https://${portalId}.gov.vn/rss`,
  timeZone: 'Asia/Ho_Chi_Minh',
  fetchedAt: at,
});

const BODY = `<p>Chiều 23/11, Thủ tướng Chính phủ chủ trì hội nghị trực tuyến toàn quốc về chuyển đổi số, với sự tham dự
của lãnh đạo các bộ, ngành và 63 tỉnh, thành phố. Thủ tướng yêu cầu các địa phương hoàn thành việc cung cấp dịch vụ công
trực tuyến toàn trình trước ngày 31/12, bảo đảm kết nối, chia sẻ dữ liệu giữa cơ sở dữ liệu quốc gia về dân cư và các hệ
thống thông tin của bộ, ngành, địa phương; đồng thời giao Bộ Công an hướng dẫn việc xác thực điện tử cho người dân.</p>`;

const article = (over: Partial<RawItem> = {}): RawItem => ({
  guid: 'a-1',
  url: 'https://chinhphu.gov.vn/thu-tuong-chu-tri-hoi-nghi-chuyen-doi-so.htm',
  title: 'Thủ tướng chủ trì hội nghị toàn quốc về chuyển đổi số',
  contentHtml: BODY,
  published: '23/11/2026 18:00',
  ...over,
});

/** Each store, opened empty, and how to throw it away: dedupe reads candidates through the Store port. */
const stores: [string, () => Promise<{ store: Store; dispose: () => Promise<void> }>][] = [
  [
    'embedded',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hub-dedupe-'));
      const store = await EmbeddedStore.open(dir);
      return {
        store,
        dispose: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'redis',
    async () => {
      const store = await openTestRedisStore();
      // its close() deletes the run's keys
      return { store, dispose: () => store.close() };
    },
  ],
];

for (const [kind, openStore] of stores)
  describe(`dedupe (${kind} store)`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await openStore());
    });
    afterEach(async () => {
      await dispose();
    });

    async function ingest(portalId: string, raws: RawItem[], at = fetchedAt) {
      const out = await reconcile(
        raws.map((r) => normalizeItem(r, ctxFor(portalId, at))),
        store,
      );
      await store.putItems(out.toWrite);
      return out;
    }

    it('groups the same canonical URL from another portal into one cluster', async () => {
      const [first] = (await ingest('chinhphu', [article()])).created;
      const [again] = (
        await ingest('hanoi', [
          article({ guid: 'hn-77', url: 'https://chinhphu.gov.vn/thu-tuong-chu-tri-hoi-nghi-chuyen-doi-so.htm?utm_source=hanoi', title: 'Tin khác hẳn' }),
        ])
      ).created;
      expect(again.id).to.not.equal(first.id);
      expect(again.clusterId).to.equal(first.clusterId);
    });

    it('groups a republished article by near-identical title and body, edits and all', async () => {
      const [first] = (await ingest('chinhphu', [article()])).created;
      const republished = article({
        guid: 'dn-5',
        url: 'https://danang.gov.vn/tin/thu-tuong-chu-tri-hoi-nghi-5.html',
        title: 'Thủ tướng chủ trì Hội nghị toàn quốc về chuyển đổi số', // a capital letter changed
        contentHtml: `<p><em>(Cổng TTĐT Đà Nẵng)</em></p>${BODY.replace('63 tỉnh, thành phố', '63 tỉnh, thành phố trực thuộc Trung ương')}`,
        published: '24/11/2026 07:15',
      });
      const [copy] = (await ingest('danang', [republished])).created;
      expect(copy.clusterId).to.equal(first.clusterId);
    });

    it('finds a republished article whose title gained or lost words (title keys, not a word search)', async () => {
      const [first] = (await ingest('chinhphu', [article()])).created;
      // "trực tuyến" added: 12 of 14 words shared (0.86), and a new long word among the first
      const [copy] = (
        await ingest('hue', [
          article({ guid: 'h-9', url: 'https://hue.gov.vn/tin/9.html', title: 'Thủ tướng chủ trì hội nghị trực tuyến toàn quốc về chuyển đổi số' }),
        ])
      ).created;
      expect(copy.clusterId).to.equal(first.clusterId);
      const [other] = (
        await ingest('hanoi', [article({ guid: 'hn-9', url: 'https://hanoi.gov.vn/tin/9.html', title: 'Hà Nội chủ trì hội thảo về chuyển đổi số cấp xã' })])
      ).created;
      expect(other.clusterId).to.equal(other.id);
    });

    it('clusters a republication among hundreds of templated titles, and keeps the templated notices apart', async () => {
      // 150 communes post their weekly schedule under one title template: every pair of them shares
      // title keys, more than CANDIDATES_PER_KEY of them
      const notices = Array.from({ length: 150 }, (_, n) => ({
        portal: `xa-${n}`,
        raw: article({
          guid: `lich-${n}`,
          url: `https://xa${n}.gov.vn/lich-${n}.html`,
          title: `Lịch công tác tuần ${n} của Ủy ban nhân dân xã ${n}`,
          contentHtml: `<p>Thứ Hai ${n}: Chủ tịch xã ${n} họp giao ban; thứ Ba ${n}: Phó Chủ tịch xã ${n} kiểm tra công trình ${n}; thứ Tư ${n}: tiếp công dân ${n} tại trụ sở ${n}; thứ Năm ${n}: hội nghị ${n} về đất đai ${n}.</p>`,
          published: '22/11/2026 07:00',
        }),
      }));
      for (const { portal, raw } of notices) await ingest(portal, [raw]);
      expect(new Set((await store.queryItems({ limit: 200 })).items.map((i) => i.clusterId)).size, 'no two notices merged').to.equal(150);
      const [first] = (await ingest('chinhphu', [article()])).created;
      const [copy] = (await ingest('hue', [article({ guid: 'h-1', url: 'https://hue.gov.vn/tin/1.html', published: '24/11/2026 07:15' })])).created;
      expect(copy.clusterId).to.equal(first.clusterId);
    });

    it('does not merge items that merely share a title', async () => {
      const [first] = (
        await ingest('chinhphu', [
          article({
            title: 'Thông báo lịch tiếp công dân tháng 12',
            contentHtml:
              '<p>Lãnh đạo Bộ tiếp công dân vào thứ Năm hằng tuần tại trụ sở số 8 Tôn Thất Thuyết, Hà Nội; người dân đăng ký trước qua cổng dịch vụ công.</p>',
          }),
        ])
      ).created;
      const [other] = (
        await ingest('quangninh', [
          article({
            guid: 'qn-1',
            url: 'https://quangninh.gov.vn/tb/1.html',
            title: 'Thông báo lịch tiếp công dân tháng 12',
            contentHtml:
              '<p>Chủ tịch UBND tỉnh tiếp công dân định kỳ ngày 15 hằng tháng tại Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh, phường Hồng Hà, thành phố Hạ Long.</p>',
          }),
        ])
      ).created;
      expect(other.clusterId).to.not.equal(first.clusterId);
      expect(other.clusterId).to.equal(other.id);
    });

    it('does not merge the same article published months apart (a yearly notice)', async () => {
      const [first] = (await ingest('chinhphu', [article()])).created;
      const [later] = (
        await ingest('hue', [article({ guid: 'h-1', url: 'https://hue.gov.vn/a.html', published: '23/03/2027 18:00' })], new Date('2027-03-24T00:00:00Z'))
      ).created;
      expect(later.clusterId).to.not.equal(first.clusterId);
    });

    it('updates a re-fetched item whose content changed, keeping its id and cluster, and leaves an unchanged one alone', async () => {
      const [first] = (await ingest('chinhphu', [article()])).created;
      const same = await ingest('chinhphu', [article()], new Date('2026-11-24T04:00:00Z'));
      expect(same).to.include({ unchanged: 1 });
      expect(same.toWrite).to.have.length(0);
      const edited = await ingest(
        'chinhphu',
        [article({ title: 'Thủ tướng chủ trì hội nghị toàn quốc về chuyển đổi số năm 2026' })],
        new Date('2026-11-24T05:00:00Z'),
      );
      expect(edited.created).to.have.length(0);
      expect(edited.updated).to.have.length(1);
      expect(edited.updated[0]).to.include({ id: first.id, clusterId: first.clusterId, updatedAt: '2026-11-24T12:00:00+07:00' });
      expect(await store.countItems()).to.equal(1);
    });
  });
