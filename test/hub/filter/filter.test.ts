import { expect } from 'chai';
import { Directory } from '../../../hub/directory/directory.ts';
import { canonicalQuery, resolveFilter } from '../../../hub/filter/filter.ts';
import { isHubError } from '../../../hub/errors.ts';
import type { Portal } from '../../../hub/model.ts';

const portal = (id: string, level: Portal['level'], parentId?: string): Portal => ({
  id,
  name: id,
  url: `https://${id}.gov.vn`,
  level,
  createdAt: '2025-07-01T00:00:00Z',
  ...(parentId ? { parentId } : {}),
});
const directory = new Directory([
  portal('chinhphu', 'central'),
  portal('bo-khcn', 'ministry', 'chinhphu'),
  portal('quangninh', 'province'),
  portal('quangninh-sokhcn', 'department', 'quangninh'),
  portal('quangninh-halong', 'commune', 'quangninh'),
  portal('hue', 'province'),
]);

describe('filter language', () => {
  it('expands within to the subtree and level to the portals at it, and intersects them', () => {
    expect(resolveFilter({ within: 'quangninh' }, directory).portalIds).to.deep.equal(['quangninh', 'quangninh-halong', 'quangninh-sokhcn']);
    expect(resolveFilter({ level: ['province'] }, directory).portalIds).to.deep.equal(['hue', 'quangninh']);
    expect(resolveFilter({ within: 'quangninh', level: ['commune', 'department'] }, directory).portalIds).to.deep.equal([
      'quangninh-halong',
      'quangninh-sokhcn',
    ]);
    expect(resolveFilter({ portal: ['hue', 'bo-khcn'], level: ['province'] }, directory).portalIds).to.deep.equal(['hue']);
    expect(resolveFilter({ within: 'hue', portal: ['bo-khcn'] }, directory).portalIds).to.deep.equal([]);
    expect(resolveFilter({}, directory).portalIds).to.equal(undefined);
  });

  it('passes topic, category, q, lang, limit and cursor through', () => {
    expect(
      resolveFilter({ topic: ['chuyen-doi-so'], category: ['Tin tức'], q: '  chuyen doi so ', lang: 'EN', limit: 10, cursor: 'abc' }, directory),
    ).to.deep.equal({
      topics: ['chuyen-doi-so'],
      categories: ['Tin tức'],
      q: 'chuyen doi so',
      language: 'en',
      limit: 10,
      cursor: 'abc',
    });
    expect(resolveFilter({}, directory)).to.deep.equal({ limit: 50 });
  });

  it('reads a bare date as a whole day in Viet Nam', () => {
    const q = resolveFilter({ since: '2025-07-01', until: '2025-07-01' }, directory);
    expect(q.since).to.equal('2025-07-01T00:00:00.000+07:00');
    expect(q.until).to.equal('2025-07-01T23:59:59.999+07:00');
    expect(resolveFilter({ since: '2025-07-01T08:00:00Z' }, directory).since).to.equal('2025-07-01T08:00:00Z');
  });

  it('names unknown portals and an inverted range', () => {
    try {
      resolveFilter({ portal: ['hue', 'nope'], within: 'gone', since: '2025-08-01', until: '2025-07-01' }, directory);
      expect.fail('should have thrown');
    } catch (e) {
      if (!isHubError(e)) throw e;
      expect(e.status).to.equal(422);
      expect(e.errors).to.deep.equal([
        { field: 'portal', message: '"nope" is not a registered portal' },
        { field: 'within', message: '"gone" is not a registered portal' },
        { field: 'until', message: 'is before since' },
      ]);
    }
  });

  it('writes one canonical query for equivalent filters', () => {
    const a = canonicalQuery({ level: ['province', 'commune'], portal: ['hue', 'hue'], q: 'đổi mới', limit: 50 });
    const b = canonicalQuery({ q: 'đổi mới', portal: ['hue'], level: ['commune', 'province'] });
    expect(a).to.equal(b);
    expect(a).to.equal('portal=hue&level=commune&level=province&q=%C4%91%E1%BB%95i+m%E1%BB%9Bi');
    expect(canonicalQuery({ limit: 10, cursor: 'x' })).to.equal('limit=10');
  });
});
