import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fieldErrors, validatorFor } from '../../../../schemas/index.ts';
import { topicAssigner, topicTaxonomy } from '../../../../hub/pipeline/normalize/topics.ts';

const item = (over: Partial<{ title: string; url: string; categories: string[]; media: { url: string; type: string }[] }> = {}) => ({
  title: 'Tin',
  url: 'https://x.gov.vn/tin/1.html',
  categories: [],
  media: [],
  ...over,
});

describe('normalize/topics', () => {
  it('ships a taxonomy whose ids are exactly the ids the schemas accept', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../../schemas/topics.schema.json', import.meta.url), 'utf8'));
    expect(topicTaxonomy().map((t) => t.id)).to.deep.equal(schema.$defs.topicId.enum);
    for (const required of [
      'chinh-sach-moi',
      'chi-dao-dieu-hanh',
      'cai-cach-hanh-chinh',
      'chuyen-doi-so',
      'hoi-dap',
      'kinh-te-xa-hoi',
      'thong-cao-bao-chi',
      'da-phuong-tien',
    ])
      expect(
        topicTaxonomy().some((t) => t.id === required),
        required,
      ).to.equal(true);
  });

  it('maps categories by the taxonomy aliases, folded: case, diacritics and old tone placement do not matter', () => {
    const assign = topicAssigner();
    expect(assign(item({ categories: ['CHUYỂN ĐỔI SỐ'] }))).to.deep.equal(['chuyen-doi-so']);
    expect(assign(item({ categories: ['Thủ tục hành chính', 'Văn hoá'] }))).to.deep.equal(['cai-cach-hanh-chinh', 'van-hoa-du-lich']);
    expect(assign(item({ categories: ['Tin tổng hợp'] }))).to.deep.equal([]);
  });

  it('gives audio and video items the multimedia topic whatever their category', () => {
    expect(topicAssigner()(item({ media: [{ url: 'https://x.gov.vn/a.mp3', type: 'audio/mpeg' }] }))).to.deep.equal(['da-phuong-tien']);
    expect(topicAssigner()(item({ media: [{ url: 'https://x.gov.vn/a.pdf', type: 'application/pdf' }] }))).to.deep.equal([]);
  });

  it('applies a source categoryMap, rules with all their conditions, and fixed topics', () => {
    const assign = topicAssigner({
      categoryMap: { 'Tin Sở': 'chi-dao-dieu-hanh' },
      topicRules: [
        { topic: 'hoi-dap', titlePattern: '^hoi dap' },
        { topic: 'thong-cao-bao-chi', urlPrefix: 'https://x.gov.vn/thong-cao/', category: 'Tin tức' },
      ],
      topics: ['kinh-te-xa-hoi'],
      taxonomyAliases: false,
    });
    expect(assign(item({ categories: ['tin sở'] }))).to.have.members(['kinh-te-xa-hoi', 'chi-dao-dieu-hanh']);
    expect(assign(item({ title: 'Hỏi đáp: bảo hiểm y tế' }))).to.have.members(['kinh-te-xa-hoi', 'hoi-dap']);
    // both conditions of the second rule must hold
    expect(assign(item({ url: 'https://x.gov.vn/thong-cao/1.html' }))).to.deep.equal(['kinh-te-xa-hoi']);
    expect(assign(item({ url: 'https://x.gov.vn/thong-cao/1.html', categories: ['Tin tức'] }))).to.have.members(['kinh-te-xa-hoi', 'thong-cao-bao-chi']);
    // aliases are off for this source
    expect(assign(item({ categories: ['Chuyển đổi số'] }))).to.deep.equal(['kinh-te-xa-hoi']);
  });

  it('compiles the same options once, and different options apart', () => {
    const a = topicAssigner({ categoryMap: { 'Tin địa phương': 'kinh-te-xa-hoi' } });
    expect(topicAssigner({ categoryMap: { 'Tin địa phương': 'kinh-te-xa-hoi' } })).to.equal(a);
    const b = topicAssigner({ categoryMap: { 'Tin địa phương': 'chinh-sach-moi' } });
    expect(b).to.not.equal(a);
    const item = { title: 'Tin', url: 'https://x.gov.vn/1', categories: ['Tin địa phương'], media: [] };
    expect(a(item)).to.deep.equal(['kinh-te-xa-hoi']);
    expect(b(item)).to.deep.equal(['chinh-sach-moi']);
  });

  it("validates a source's topic options by the feed adapter schema, naming the bad field", () => {
    const validate = validatorFor('adapters/feed.schema.json');
    expect(
      validate({ categoryMap: { 'Chuyển đổi số': 'chuyen-doi-so' }, topicRules: [{ topic: 'hoi-dap', titlePattern: '^hoi dap' }], topics: ['thong-bao'] }),
    ).to.equal(true);
    expect(validate({ categoryMap: { 'Thể thao': 'bong-da' } })).to.equal(false);
    expect(fieldErrors(validate.errors).map((e) => e.field)).to.include('/categoryMap/Thể thao');
    expect(validate({ topicRules: [{ topic: 'hoi-dap' }] }), 'a rule without a condition').to.equal(false);
    expect(validate({ topicRules: [{ topic: 'hoi-dap', titlePattern: '(' }] }), 'a pattern that is not a regular expression').to.equal(false);
    expect(fieldErrors(validate.errors).map((e) => e.field)).to.include('/topicRules/0/titlePattern');
  });
});
