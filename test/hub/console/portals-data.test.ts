/**
 * The console's portal and source lists as data and HTML, at the size of the national directory
 * (1,350 portals, 10,000 sources): scope, state filter and paging, every portal rendered. Their
 * server time at that size is measured by `npm run bench:console`, not here.
 */
import { expect } from 'chai';
import { Directory } from '../../../hub/directory/directory.ts';
import type { Portal, Source } from '../../../hub/model.ts';
import { LANGS } from '../../../hub/pages/i18n/index.ts';
import { portalPage, portalTree, sourceList, SOURCES_PAGE } from '../../../hub/console/portals.ts';
import { renderPortal, renderPortalTree, renderSourceList } from '../../../hub/console/pages/portals.ts';
import type { ConsoleView } from '../../../hub/console/view.ts';
import type { Principal } from '../../../hub/keys/principal.ts';

const PROVINCES = 34;
const PORTALS = 1350;
const SOURCES = 10_000;

const at = '2026-11-24T00:00:00.000Z';
function directory(): Portal[] {
  const out: Portal[] = [{ id: 'chinhphu', name: 'Cổng Thông tin điện tử Chính phủ', url: 'https://chinhphu.vn', level: 'central', createdAt: at }];
  for (let p = 0; p < PROVINCES; p++)
    out.push({ id: `tinh-${p}`, name: `Tỉnh số ${p}`, url: `https://tinh${p}.gov.vn`, level: 'province', parentId: 'chinhphu', createdAt: at });
  for (let i = 0; out.length < PORTALS; i++) {
    const p = i % PROVINCES;
    out.push({
      id: `xa-${p}-${i}`,
      name: `Xã Bình An ${i}`,
      url: `https://xa${i}.tinh${p}.gov.vn`,
      level: i % 7 ? 'commune' : 'department',
      parentId: `tinh-${p}`,
      createdAt: at,
    });
  }
  return out;
}

function sources(portals: Portal[]): Source[] {
  return Array.from({ length: SOURCES }, (_, i) => {
    const portal = portals[1 + (i % (portals.length - 1))];
    const state = i % 10 === 0 ? 'failing' : i % 37 === 0 ? 'disabled' : 'ok';
    return {
      id: `${portal.id}-${i.toString(16).padStart(8, '0')}`,
      portalId: portal.id,
      url: `${portal.url}/rss/${i}.xml`,
      kind: 'feed',
      intervalSeconds: 900,
      paused: i % 53 === 0,
      createdAt: at,
      health: {
        state,
        consecutiveFailures: state === 'ok' ? 0 : 3,
        warnings: [],
        rejected: [],
        lastFetchedAt: at,
        ...(state === 'ok' ? {} : { lastError: { code: 'FETCH.HTTP_STATUS', message: 'HTTP 503', at } }),
      },
    } as Source;
  });
}

const view = (principal: Principal, path: string): ConsoleView => ({ lang: 'vi', t: LANGS.vi, path, csrf: 'token', principal });
const ADMIN: Principal = { keyId: 'admin', role: 'admin' };
const OPERATOR: Principal = { keyId: 'k1', role: 'operator', portalId: 'tinh-3' };

describe('console portal lists at national size', () => {
  const portals = directory();
  const dir = new Directory(portals);
  const all = sources(portals);
  const recent = new Map(all.map((s, i) => [s.id, i % 13]));

  it('keeps an operator to their subtree: the tree, the sources list', () => {
    const tree = portalTree(dir, all, OPERATOR);
    expect(tree.roots.map((r) => r.portal.id)).to.deep.equal(['tinh-3']);
    expect(tree.inScope).to.equal(dir.subtreeIds('tinh-3').length);
    const list = sourceList(dir, all, recent, OPERATOR, { page: 1 });
    const mine = new Set(dir.subtreeIds('tinh-3'));
    expect(list.total).to.equal(all.filter((s) => mine.has(s.portalId)).length);
    expect(list.rows.every((r) => mine.has(r.source.portalId))).to.equal(true);
  });

  it('filters by state, failing and disabled first, SOURCES_PAGE to a page', () => {
    const failing = sourceList(dir, all, recent, ADMIN, { state: 'failing' });
    expect(failing.total).to.equal(all.filter((s) => !s.paused && s.health.state === 'failing').length);
    expect(failing.rows.every((r) => r.source.health.state === 'failing' && !r.source.paused)).to.equal(true);
    const first = sourceList(dir, all, recent, ADMIN, { page: 1 });
    expect(first.rows).to.have.length(SOURCES_PAGE);
    expect(first.pages).to.equal(Math.ceil(SOURCES / SOURCES_PAGE));
    const last = sourceList(dir, all, recent, ADMIN, { page: 10_000 });
    expect(last.page).to.equal(first.pages);
    expect(last.rows).to.have.length(SOURCES - (first.pages - 1) * SOURCES_PAGE);
    // every page together lists every source once
    const seen = new Set<string>();
    for (let p = 1; p <= first.pages; p++) for (const r of sourceList(dir, all, recent, ADMIN, { page: p }).rows) seen.add(r.source.id);
    expect(seen.size).to.equal(SOURCES);
    expect(first.rows[0].source.health.state).to.be.oneOf(['failing', 'disabled']);
    expect(first.rows[0].recent).to.equal(recent.get(first.rows[0].source.id));
  });

  it('renders the tree, a filtered tree, a province and a page of sources of the whole directory', () => {
    const tree = renderPortalTree(view(ADMIN, '/console/portals'), portalTree(dir, all, ADMIN));
    expect(tree).to.include(`href="/console/portals/${portals.at(-1)!.id}"`);
    expect(tree.match(/href="\/console\/portals\/[^"/?]+"/g)!.length).to.be.at.least(PORTALS);
    const filtered = renderPortalTree(view(ADMIN, '/console/portals?q=binh an 12'), portalTree(dir, all, ADMIN, 'binh an 12'));
    expect(filtered.length).to.be.below(tree.length);
    expect(renderPortal(view(ADMIN, '/console/portals/tinh-5'), portalPage(dir, all, recent, dir.get('tinh-5')!))).to.include('tinh-5');
    const page3 = renderSourceList(view(ADMIN, '/console/sources'), sourceList(dir, all, recent, ADMIN, { page: 3 }));
    expect(page3.match(/href="\/console\/sources\/[^"/?]+"/g)!.length).to.be.at.least(SOURCES_PAGE);
  });
});
