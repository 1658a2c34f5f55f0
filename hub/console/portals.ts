/**
 * The console's portal and source lists, as data: the directory tree in a principal's scope with
 * each portal's number of sources and of failing ones, one portal with its children and sources,
 * and every source in scope filtered by state and paged. Each is one pass over the cached
 * directory and the source list, with items per source over the last 7 days from a cached count
 * (hub/stats/recent-items.ts): nothing here reads the store per row.
 */
import type { Directory } from '../directory/directory.ts';
import type { Principal } from '../keys/principal.ts';
import type { Portal, Source } from '../model.ts';
import { foldText } from '../pipeline/normalize/fold.ts';
import { scopeIds } from './overview.ts';

/** A source's state as the lists filter it: paused wins over health. */
export type SourceState = 'new' | 'ok' | 'failing' | 'disabled' | 'paused';
export const SOURCE_STATES: SourceState[] = ['failing', 'disabled', 'new', 'ok', 'paused'];
export const stateOf = (s: Pick<Source, 'paused' | 'health'>): SourceState => (s.paused ? 'paused' : s.health.state);
/** Failing and disabled (not paused) sources: the ones a person has to look at. */
const needsCare = (s: Source) => !s.paused && (s.health.state === 'failing' || s.health.state === 'disabled');

export const SOURCES_PAGE = 100;

export interface SourceTally {
  sources: number;
  failing: number;
}

export interface PortalNode extends SourceTally {
  portal: Portal;
  children: PortalNode[];
  /** With a filter: whether this portal's name or id matched (its ancestors are shown around it). */
  match: boolean;
}

export interface PortalTreeData {
  roots: PortalNode[];
  /** The filter as typed. */
  q: string;
  /** Portals in scope, and those shown (matches with the portals above them). */
  inScope: number;
  matches: number;
}

export interface SourceRow {
  source: Source;
  portal?: Portal;
  /** Items published in the last 7 days. */
  recent: number;
}

export interface PortalPageData {
  portal: Portal;
  /** From the top of the directory down to the parent. */
  ancestors: Portal[];
  children: (SourceTally & { portal: Portal })[];
  sources: SourceRow[];
}

export interface SourceListData {
  rows: SourceRow[];
  state?: SourceState;
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
}

function tallies(sources: Source[]): Map<string, SourceTally> {
  const out = new Map<string, SourceTally>();
  for (const s of sources) {
    let t = out.get(s.portalId);
    if (!t) out.set(s.portalId, (t = { sources: 0, failing: 0 }));
    t.sources++;
    if (needsCare(s)) t.failing++;
  }
  return out;
}

const NO_SOURCES: SourceTally = { sources: 0, failing: 0 };

/** The tree of the portals in `who`'s scope; with `q`, only portals whose name or id holds it, with the portals above them. */
export function portalTree(directory: Directory, sources: Source[], who: Principal, q = ''): PortalTreeData {
  const scope = scopeIds(directory, who);
  const counts = tallies(sources);
  const wanted = foldText(q).trim();
  const roots = scope ? (who.portalId && directory.get(who.portalId) ? [directory.get(who.portalId)!] : []) : directory.roots();
  let matches = 0;
  const seen = new Set<string>();
  const build = (portal: Portal): PortalNode | undefined => {
    if (seen.has(portal.id)) return undefined;
    seen.add(portal.id);
    const children = directory
      .childrenOf(portal.id)
      .map(build)
      .filter((n): n is PortalNode => !!n);
    const match = !!wanted && (foldText(portal.name).includes(wanted) || portal.id.includes(wanted) || foldText(portal.nameEn ?? '').includes(wanted));
    if (match) matches++;
    if (wanted && !match && !children.length) return undefined;
    return { portal, ...(counts.get(portal.id) ?? NO_SOURCES), children, match };
  };
  return {
    roots: roots.map(build).filter((n): n is PortalNode => !!n),
    q,
    inScope: scope ? scope.size : directory.size,
    matches,
  };
}

/** One portal (the caller has checked it is in scope), its child portals and its sources. */
export function portalPage(directory: Directory, sources: Source[], recent: Map<string, number>, portal: Portal): PortalPageData {
  const children = directory.childrenOf(portal.id);
  const childIds = new Set(children.map((c) => c.id));
  const counts = tallies(sources.filter((s) => childIds.has(s.portalId)));
  return {
    portal,
    ancestors: directory.ancestors(portal.id),
    children: children.map((c) => ({ portal: c, ...(counts.get(c.id) ?? NO_SOURCES) })),
    sources: sources
      .filter((s) => s.portalId === portal.id)
      .sort(bySourceOrder)
      .map((source) => ({ source, portal, recent: recent.get(source.id) ?? 0 })),
  };
}

/** Every source in `who`'s scope, failing ones first, in pages. */
export function sourceList(
  directory: Directory,
  sources: Source[],
  recent: Map<string, number>,
  who: Principal,
  query: { state?: SourceState; page?: number },
): SourceListData {
  const scope = scopeIds(directory, who);
  const mine = sources.filter((s) => (!scope || scope.has(s.portalId)) && (!query.state || stateOf(s) === query.state));
  const pages = Math.max(1, Math.ceil(mine.length / SOURCES_PAGE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const rows = mine
    .sort((a, b) => Number(needsCare(b)) - Number(needsCare(a)) || compare(a.portalId, b.portalId) || bySourceOrder(a, b))
    .slice((page - 1) * SOURCES_PAGE, page * SOURCES_PAGE)
    .map((source) => ({ source, portal: directory.get(source.portalId), recent: recent.get(source.id) ?? 0 }));
  return { rows, ...(query.state ? { state: query.state } : {}), page, pages, total: mine.length };
}

/** Plain code-unit order: thousands of rows sort in a few milliseconds (a collator would take far longer). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySourceOrder = (a: Source, b: Source) => Number(needsCare(b)) - Number(needsCare(a)) || compare(a.url, b.url) || compare(a.id, b.id);
