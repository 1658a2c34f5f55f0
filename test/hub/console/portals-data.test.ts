/**
 * The console's portal and source lists as data and HTML, at the size of the national directory
 * (1,350 portals, 10,000 sources): scope, state filter and paging, and the page budget — one pass
 * over the directory and the sources, no store reads — checked as the p95 of repeated renders
 * against CONSOLE_PAGE_BUDGET_MS.
 */
import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { Directory } from '../../../hub/directory/directory.ts';
import type { Portal, Source } from '../../../hub/model.ts';
import { LANGS } from '../../../hub/pages/i18n/index.ts';
import { portalPage, portalTree, sourceList, SOURCES_PAGE } from '../../../hub/console/portals.ts';
import { renderPortal, renderPortalTree, renderSourceList } from '../../../hub/console/pages/portals.ts';
import type { ConsoleView } from '../../../hub/console/view.ts';
import type { Principal } from '../../../hub/keys/principal.ts';

/** The console's budget per page, server time, p95 (docs/benchmarks.md). */
const CONSOLE_PAGE_BUDGET_MS = 50;
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

  it('renders the tree, a province and a page of sources within the budget (p95 of 30)', () => {
    const timings: Record<string, number[]> = { tree: [], filtered: [], province: [], sources: [] };
    const time = (name: string, f: () => string) => {
      const start = performance.now();
      const html = f();
      timings[name].push(performance.now() - start);
      return html;
    };
    for (let i = 0; i < 30; i++) {
      const tree = time('tree', () => renderPortalTree(view(ADMIN, '/console/portals'), portalTree(dir, all, ADMIN)));
      expect(tree).to.include(`href="/console/portals/${portals.at(-1)!.id}"`);
      time('filtered', () => renderPortalTree(view(ADMIN, '/console/portals?q=binh an 12'), portalTree(dir, all, ADMIN, 'binh an 12')));
      time('province', () => renderPortal(view(ADMIN, '/console/portals/tinh-5'), portalPage(dir, all, recent, dir.get('tinh-5')!)));
      time('sources', () => renderSourceList(view(ADMIN, '/console/sources'), sourceList(dir, all, recent, ADMIN, { page: 3 })));
    }
    for (const [name, list] of Object.entries(timings)) {
      const p95 = list.sort((a, b) => a - b)[Math.ceil(list.length * 0.95) - 1];
      if (process.env.SHOW_TIMINGS) console.log(`${name}: p95 ${p95.toFixed(1)} ms`);
      expect(p95, `${name}: p95 ${p95.toFixed(1)} ms`).to.be.below(CONSOLE_PAGE_BUDGET_MS);
    }
  });
});
