import { expect } from 'chai';
import { validateItem } from '../../../hub/pipeline/validate.ts';
import { normalizeItem } from '../../../hub/pipeline/normalize/index.ts';
import type { Item } from '../../../hub/model.ts';

const ctx = { sourceId: 's1', portalId: 'hue', baseUrl: 'https://hue.gov.vn/', timeZone: 'Asia/Ho_Chi_Minh', fetchedAt: new Date('2026-11-24T03:00:00Z') };
const reasons = (item: Item) => {
  const result = validateItem(item);
  expect(result.ok).to.equal(false);
  return (result as { reasons: string[] }).reasons;
};
const good = () => normalizeItem({ guid: 'a', url: '/a', title: 'Tin A', published: '2026-11-24T08:00:00+07:00' }, ctx);

describe('pipeline/validate: rejection reasons in words', () => {
  it('says "no link" and "no title", once each, for an item with neither', () => {
    expect(reasons(normalizeItem({ guid: 'b', title: '' }, ctx))).to.deep.equal(['no link (the item has no http(s) address)', 'no title']);
  });

  it('says "no link" for a javascript: link', () => {
    expect(reasons(normalizeItem({ guid: 'c', url: 'javascript:void(0)', title: 'T' }, ctx))).to.deep.equal(['no link (the item has no http(s) address)']);
  });

  it('gives the schema bound of a field that is too long', () => {
    expect(reasons({ ...good(), title: 'x'.repeat(1001) })).to.deep.equal(['title too long (over 1000 characters)']);
  });

  it('never shows a regex or Ajv wording', () => {
    const all = reasons({ ...good(), url: '', title: '', language: 'Vietnamese', topics: ['Not A Topic'] });
    expect(all.join('; ')).not.to.match(/must match|must NOT|\^/);
    expect(all).to.include('language is not a language tag such as vi or en-US');
  });
});
