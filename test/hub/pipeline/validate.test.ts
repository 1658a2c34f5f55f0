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
    expect(reasons).to.contain('/title');
    expect(reasons).to.contain('/url');
  });
});
