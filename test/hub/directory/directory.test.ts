import { expect } from 'chai';
import { Directory } from '../../../hub/directory/directory.ts';
import { planImport, readDirectory, writeOrder } from '../../../hub/directory/import.ts';
import { lookupOver, placementErrors } from '../../../hub/directory/placement.ts';
import { isHubError, type HubError } from '../../../hub/errors.ts';
import type { Portal, PortalInput } from '../../../hub/model.ts';

const at = '2025-07-01T00:00:00.000Z';
const portal = (id: string, level: Portal['level'], parentId?: string, adminCode?: string): Portal => ({
  id,
  name: `Cổng ${id}`,
  url: `https://${id}.gov.vn`,
  level,
  createdAt: at,
  ...(parentId ? { parentId } : {}),
  ...(adminCode ? { adminCode } : {}),
});

const stored = [
  portal('chinhphu', 'central'),
  portal('bo-khcn', 'ministry', 'chinhphu'),
  portal('quangninh', 'province', undefined, '22'),
  portal('quangninh-sokhcn', 'department', 'quangninh'),
  portal('quangninh-halong', 'commune', 'quangninh', '22066'),
  portal('hue', 'province', undefined, '46'),
];

function caught(run: () => unknown): HubError {
  try {
    run();
  } catch (e) {
    if (isHubError(e)) return e;
    throw e;
  }
  throw new Error('expected a HubError');
}

describe('portal directory', () => {
  const dir = new Directory(stored);

  it('answers subtrees, children, levels and ancestors', () => {
    expect(dir.subtreeIds('quangninh').sort()).to.deep.equal(['quangninh', 'quangninh-halong', 'quangninh-sokhcn']);
    expect(dir.subtreeIds('hue')).to.deep.equal(['hue']);
    expect(dir.subtreeIds('nope')).to.deep.equal([]);
    expect(dir.childrenOf('chinhphu').map((p) => p.id)).to.deep.equal(['bo-khcn']);
    expect(dir.idsAtLevels(['province']).sort()).to.deep.equal(['hue', 'quangninh']);
    expect(dir.ancestors('quangninh-halong').map((p) => p.id)).to.deep.equal(['quangninh']);
    expect(dir.roots().map((p) => p.id)).to.deep.equal(['chinhphu', 'quangninh', 'hue']);
  });

  it('nests a tree, department before commune, and cuts it at a depth', () => {
    const tree = dir.tree('quangninh')!;
    expect(tree.portal.id).to.equal('quangninh');
    expect(tree.children.map((c) => c.portal.id)).to.deep.equal(['quangninh-sokhcn', 'quangninh-halong']);
    expect(dir.tree('quangninh', 0)!.children).to.deep.equal([]);
    expect(dir.tree('nope')).to.equal(undefined);
  });

  it('fingerprints its portals, so feeds rendered under an older directory are not reused', () => {
    expect(new Directory([...stored].reverse()).version).to.equal(dir.version);
    const renamed = stored.map((p) => (p.id === 'hue' ? { ...p, name: 'Cổng thông tin điện tử thành phố Huế' } : p));
    expect(new Directory(renamed).version).to.not.equal(dir.version);
  });

  it('survives a cycle in stored data without looping', () => {
    const looped = new Directory([portal('a', 'other', 'b'), portal('b', 'other', 'a')]);
    expect(looped.subtreeIds('a').sort()).to.deep.equal(['a', 'b']);
    expect(looped.ancestors('a').map((p) => p.id)).to.deep.equal(['b']);
  });
});

describe('portal placement', () => {
  const lookup = lookupOver(stored);
  const check = (input: Partial<PortalInput> & Pick<PortalInput, 'id' | 'level'>) => placementErrors({ name: 'x', url: 'https://x.gov.vn', ...input }, lookup);

  it('accepts the two-tier hierarchy', () => {
    expect(check({ id: 'hue-phuxuan', level: 'commune', parentId: 'hue', adminCode: '19753' })).to.deep.equal([]);
    expect(check({ id: 'bo-noivu', level: 'ministry', parentId: 'chinhphu' })).to.deep.equal([]);
    expect(check({ id: 'cuc-a', level: 'department', parentId: 'bo-khcn' })).to.deep.equal([]);
  });

  it('refuses a parent that does not fit the level, is unknown, or is the portal itself', () => {
    expect(check({ id: 'xa-a', level: 'commune', parentId: 'bo-khcn' })[0]).to.deep.include({ field: '/parentId' });
    expect(check({ id: 'xa-a', level: 'commune', parentId: 'bo-khcn' })[0].message).to.contain('under a province portal, not a ministry');
    expect(check({ id: 'xa-a', level: 'commune', parentId: 'nope' })[0].message).to.contain('not a registered portal');
    expect(check({ id: 'other-a', level: 'other', parentId: 'other-a' })[0].message).to.equal('is the portal itself');
    expect(check({ id: 'chinhphu2', level: 'central', parentId: 'chinhphu' })[0].message).to.contain('has no parent');
  });

  it('refuses a code of the wrong length or level, or one already taken', () => {
    expect(check({ id: 'p', level: 'province', adminCode: '22066' })[0]).to.deep.equal({ field: '/adminCode', message: 'a province code has 2 digits' });
    expect(check({ id: 'p', level: 'ministry', parentId: 'chinhphu', adminCode: '22' })[0].message).to.contain('only province');
    expect(check({ id: 'p', level: 'province', adminCode: '46' })[0]).to.deep.equal({ field: '/adminCode', message: 'is already the code of "hue"' });
    expect(check({ id: 'hue', level: 'province', adminCode: '46' })).to.deep.equal([]);
  });

  it('refuses to move a portal below its own subtree', () => {
    const moving = lookupOver([
      ...stored.filter((p) => p.id !== 'quangninh-sokhcn'),
      portal('quangninh-sokhcn', 'other', 'quangninh'),
      portal('x', 'other', 'quangninh-sokhcn'),
    ]);
    const errors = placementErrors({ id: 'quangninh-sokhcn', name: 'x', url: 'https://x.gov.vn', level: 'other', parentId: 'x' }, moving);
    expect(errors[0].message).to.contain('a cycle');
  });
});

describe('directory import', () => {
  const now = new Date('2025-07-02T00:00:00Z');

  it('reads CSV with a header, leaving empty cells unset', () => {
    const rows = readDirectory('\uFEFFid,name,url,level,parentId,adminCode\nquangtri,Cổng tỉnh Quảng Trị,https://quangtri.gov.vn,province,,44\n', 'csv');
    expect(rows).to.deep.equal([
      { at: '/line/2', value: { id: 'quangtri', name: 'Cổng tỉnh Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province', adminCode: '44' } },
    ]);
  });

  it('names unknown CSV columns and malformed files', () => {
    expect(caught(() => readDirectory('id,nom\na,b\n', 'csv')).errors).to.deep.equal([{ field: '/line/1/nom', message: 'is not a known column' }]);
    expect(caught(() => readDirectory('{"portals": [', 'json')).code).to.equal('DIRECTORY.MALFORMED');
    expect(caught(() => readDirectory('{"portals": []}', 'json')).code).to.equal('DIRECTORY.EMPTY');
    expect(caught(() => readDirectory('id,name\n"a,b\n', 'csv')).code).to.equal('DIRECTORY.MALFORMED');
  });

  it('plans creates, updates and unchanged rows, parents in any order, written parents first', () => {
    const rows = readDirectory(
      JSON.stringify({
        portals: [
          { id: 'quangtri-dongha', name: 'Phường Đông Hà', url: 'https://dongha.quangtri.gov.vn', level: 'commune', parentId: 'quangtri' },
          { id: 'quangtri', name: 'Cổng tỉnh Quảng Trị', url: 'https://quangtri.gov.vn', level: 'province', adminCode: '44' },
          { id: 'hue', name: 'Cổng thành phố Huế', url: 'https://hue.gov.vn', level: 'province', adminCode: '46' },
          { id: 'chinhphu', name: 'Cổng chinhphu', url: 'https://chinhphu.gov.vn', level: 'central' },
        ],
      }),
      'json',
    );
    const plan = planImport(rows, stored, now);
    expect(plan.created.map((p) => p.id)).to.deep.equal(['quangtri-dongha', 'quangtri']);
    expect(plan.updated.map((p) => p.id)).to.deep.equal(['hue']);
    expect(plan.updated[0].createdAt).to.equal(at);
    expect(plan.unchanged).to.deep.equal(['chinhphu']);
    expect(plan.created[0].createdAt).to.equal(now.toISOString());
    expect(writeOrder(plan).map((p) => p.id)).to.deep.equal(['quangtri', 'hue', 'quangtri-dongha']);
  });

  it('reports every bad row and field, and plans nothing', () => {
    const csv = [
      'id,name,url,level,parentId,adminCode',
      'good,Cổng tốt,https://good.gov.vn,province,,44',
      'Bad Id,Cổng,https://x.gov.vn,province,,',
      'xa-1,Xã 1,https://xa1.gov.vn,commune,bo-khcn,',
      'good,Trùng,https://dup.gov.vn,province,,',
      'p2,Cổng,ftp://x,kingdom,,',
      'p3,Cổng,https://p3.gov.vn,province,,22',
    ].join('\n');
    const error = caught(() => planImport(readDirectory(csv, 'csv'), stored, now));
    expect(error.code).to.equal('DIRECTORY.IMPORT_INVALID');
    expect(error.status).to.equal(422);
    expect(error.message).to.equal('5 of 6 rows are invalid; nothing was imported');
    const fields = error.errors!.map((e) => e.field);
    expect(fields).to.include.members(['/line/3/id', '/line/4/parentId', '/line/5/id', '/line/6/url', '/line/6/level', '/line/7/adminCode']);
    expect(fields.some((f) => f.startsWith('/line/2'))).to.equal(false);
    expect(error.errors!.find((e) => e.field === '/line/5/id')!.message).to.equal('"good" is already used at /line/2');
  });
});
