/** The portal directory over HTTP: bulk import (JSON and CSV, all or nothing), listing, trees. */
import { expect } from 'chai';
import { startTestHub, ADMIN_KEY, type TestHub } from '../../support/hub.ts';
import { validatorFor } from '../../../schemas/index.ts';

const csv = (lines: string[]) => lines.join('\r\n');

describe('portal directory API (integration)', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(async () => hub?.stop());

  const importCsv = (body: string, query = '') =>
    fetch(`${hub.url}/api/v1/portals:import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv; charset=utf-8' },
      body,
    });

  it('imports a JSON directory with parents after their children', async () => {
    const res = await hub.api('/api/v1/portals:import', {
      method: 'POST',
      body: {
        portals: [
          { id: 'quangninh-halong', name: 'Phường Hạ Long', url: 'https://halong.quangninh.gov.vn', level: 'commune', parentId: 'quangninh' },
          { id: 'chinhphu', name: 'Cổng Thông tin điện tử Chính phủ', url: 'https://chinhphu.vn', level: 'central' },
          {
            id: 'quangninh',
            name: 'Cổng thông tin điện tử tỉnh Quảng Ninh',
            nameEn: 'Quang Ninh Province Portal',
            url: 'https://www.quangninh.gov.vn',
            level: 'province',
            adminCode: '22',
          },
        ],
      },
    });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ dryRun: false, created: ['quangninh-halong', 'chinhphu', 'quangninh'], updated: [], unchanged: [] });
    expect((await (await hub.api('/api/v1/portals/quangninh-halong')).json()).parentId).to.equal('quangninh');
  });

  it('imports CSV, updating registered portals, and checks without writing on dryRun', async () => {
    const body = csv([
      'id,name,nameEn,url,level,parentId,adminCode,logoUrl',
      'quangninh,Cổng thông tin điện tử tỉnh Quảng Ninh,Quang Ninh Province Portal,https://www.quangninh.gov.vn,province,,22,https://www.quangninh.gov.vn/logo.png',
      'quangninh-sokhcn,Sở Khoa học và Công nghệ,,https://sokhcn.quangninh.gov.vn,department,quangninh,,',
      '"hue","Cổng thông tin điện tử thành phố Huế, cố đô",Hue City Portal,https://hue.gov.vn,province,,46,',
    ]);
    const dry = await importCsv(body, '?dryRun=true');
    expect(await dry.json()).to.deep.equal({ dryRun: true, created: ['quangninh-sokhcn', 'hue'], updated: ['quangninh'], unchanged: [] });
    expect((await hub.api('/api/v1/portals/hue')).status).to.equal(404);
    const res = await importCsv(body);
    expect(res.status).to.equal(200);
    expect((await res.json()).created).to.deep.equal(['quangninh-sokhcn', 'hue']);
    expect((await (await hub.api('/api/v1/portals/hue')).json()).name).to.equal('Cổng thông tin điện tử thành phố Huế, cố đô');
    expect((await (await hub.api('/api/v1/portals/quangninh')).json()).logoUrl).to.equal('https://www.quangninh.gov.vn/logo.png');
  });

  it('imports nothing from a file with bad rows, naming each row and field', async () => {
    const before = (await (await hub.api('/api/v1/portals')).json()).portals;
    const res = await importCsv(
      csv([
        'id,name,url,level,parentId,adminCode',
        'quangtri,Cổng tỉnh Quảng Trị,https://quangtri.gov.vn,province,,44',
        'xa-sai,Xã sai,https://xa.gov.vn,commune,chinhphu,',
        'tinh-trung-ma,Tỉnh trùng mã,https://x.gov.vn,province,,22',
      ]),
    );
    expect(res.status).to.equal(422);
    const problem = await res.json();
    expect(problem.code).to.equal('DIRECTORY.IMPORT_INVALID');
    expect(problem.detail).to.equal('2 of 3 rows are invalid; nothing was imported');
    expect(problem.errors).to.deep.equal([
      { field: '/line/3/parentId', message: 'a commune portal belongs under a province portal, not a central one' },
      { field: '/line/4/adminCode', message: 'is already the code of "quangninh"' },
    ]);
    expect((await (await hub.api('/api/v1/portals')).json()).portals).to.deep.equal(before);
    const json = await hub.api('/api/v1/portals:import', {
      method: 'POST',
      body: {
        portals: [
          { id: 'ok', name: 'x', url: 'https://x.gov.vn', level: 'other' },
          { id: 'BAD', level: 'x' },
        ],
      },
    });
    expect(json.status).to.equal(422);
    expect((await json.json()).errors.map((e: { field: string }) => e.field)).to.include.members([
      '/portals/1/id',
      '/portals/1/name',
      '/portals/1/url',
      '/portals/1/level',
    ]);
    expect((await hub.api('/api/v1/portals/ok')).status).to.equal(404);
  });

  it('needs a key, and a JSON or CSV body', async () => {
    expect((await hub.api('/api/v1/portals:import', { method: 'POST', body: { portals: [] }, key: null })).status).to.equal(401);
    const xml = await fetch(`${hub.url}/api/v1/portals:import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/xml' },
      body: '<x/>',
    });
    expect(xml.status).to.equal(415);
    const empty = await hub.api('/api/v1/portals:import', { method: 'POST', body: { portals: [] } });
    expect(empty.status).to.equal(400);
    expect((await empty.json()).errors[0].field).to.equal('/portals');
  });

  it('lists portals in directory order, by parent and by level', async () => {
    const all = (await (await hub.api('/api/v1/portals')).json()).portals.map((p: { id: string }) => p.id);
    expect(all).to.deep.equal(['chinhphu', 'quangninh', 'hue', 'quangninh-sokhcn', 'quangninh-halong']);
    const children = (await (await hub.api('/api/v1/portals?parent=quangninh')).json()).portals.map((p: { id: string }) => p.id);
    expect(children).to.deep.equal(['quangninh-sokhcn', 'quangninh-halong']);
    const provinces = (await (await hub.api('/api/v1/portals?level=province&level=central')).json()).portals.map((p: { id: string }) => p.id);
    expect(provinces).to.deep.equal(['chinhphu', 'quangninh', 'hue']);
    expect((await hub.api('/api/v1/portals?parent=nope')).status).to.equal(404);
    const bad = await hub.api('/api/v1/portals?level=kingdom');
    expect(bad.status).to.equal(400);
    expect((await bad.json()).errors[0].field).to.equal('level');
  });

  it('returns a portal subtree as a tree, to a depth', async () => {
    const tree = await (await hub.api('/api/v1/portals/quangninh/tree')).json();
    const fits = validatorFor('openapi.yaml#/components/schemas/PortalTree');
    expect(fits(tree), JSON.stringify(fits.errors)).to.equal(true);
    expect(tree.portal.id).to.equal('quangninh');
    expect(tree.children.map((c: { portal: { id: string } }) => c.portal.id)).to.deep.equal(['quangninh-sokhcn', 'quangninh-halong']);
    expect((await (await hub.api('/api/v1/portals/quangninh/tree?depth=0')).json()).children).to.deep.equal([]);
    expect((await hub.api('/api/v1/portals/nope/tree')).status).to.equal(404);
  });

  it('refuses a single portal that does not fit the directory', async () => {
    const res = await hub.api('/api/v1/portals', {
      method: 'POST',
      body: { id: 'xa-a', name: 'Xã A', url: 'https://xa-a.gov.vn', level: 'commune', parentId: 'chinhphu', adminCode: '22' },
    });
    expect(res.status).to.equal(422);
    const problem = await res.json();
    expect(problem.code).to.equal('PORTAL.MISPLACED');
    expect(problem.errors.map((e: { field: string }) => e.field)).to.deep.equal(['/parentId', '/adminCode']);
  });
});
