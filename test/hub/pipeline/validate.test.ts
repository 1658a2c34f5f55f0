import { expect } from 'chai';
import { validateItem } from '../../../hub/pipeline/validate.ts';
import { normalizeItem } from '../../../hub/pipeline/normalize/index.ts';

const ctx = { sourceId: 's1', portalId: 'hue', baseUrl: 'https://hue.gov.vn/', timeZone: 'Asia/Ho_Chi_Minh', fetchedAt: new Date('2026-11-24T03:00:00Z') };

describe('pipeline/validate', () => {
  it('accepts a normalized item', () => {
    const item = normalizeItem({ guid: 'a', url: '/a', title: 'Tin A', published: '2026-11-24T08:00:00+07:00' }, ctx);
    expect(validateItem(item)).to.deep.equal({ ok: true });
  });

  it('rejects an item without title or link, naming the fields', () => {
    const item = normalizeItem({ guid: 'b', title: '' }, ctx);
    const result = validateItem(item);
    expect(result.ok).to.equal(false);
    const reasons = (result as { reasons: string[] }).reasons.join('; ');
    expect(reasons).to.contain('no title');
    expect(reasons).to.contain('no link');
  });

  it('counts lengths in UTF-16 code units, as the normalizer cuts: what it keeps passes, nothing longer does', () => {
    // 600 astral characters are 1,200 code units: cut to 1,000 by the normalizer, and valid
    const long = '𝐀'.repeat(600);
    const item = normalizeItem({ guid: 'c', url: '/c', title: long, authors: ['x'.repeat(400)], published: '2026-11-24T08:00:00+07:00' }, ctx);
    expect(item.title.length).to.be.at.most(1000);
    expect(item.authors[0].length).to.be.at.most(300);
    expect(validateItem(item)).to.deep.equal({ ok: true });
    // the same 600 characters written past the normalizer are over the bound
    const result = validateItem({ ...item, title: long });
    expect(result.ok).to.equal(false);
    expect((result as { reasons: string[] }).reasons.join('; ')).to.contain('title too long (over 1000 characters)');
  });
});
