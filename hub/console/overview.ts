/**
 * The console's first page, as data: which portals the signed-in key covers (all of them for an
 * admin; the key's portal and its subtree for an operator, the same rule as hub/keys/scope.ts),
 * how many sources there are by state, the sources that need a person (failing or disabled),
 * worst first, and the portals gone quiet for longer than their level's norm.
 */
import type { Directory } from '../directory/directory.ts';
import type { Principal } from '../keys/principal.ts';
import type { Portal, Source } from '../model.ts';
import type { Silence } from '../alerts/silence.ts';

export interface ConsoleOverview {
  /** The operator's own portal; undefined for an admin. */
  scopePortal?: Portal;
  portals: number;
  sources: number;
  byState: Record<'new' | 'ok' | 'failing' | 'disabled' | 'paused', number>;
  /** Failing and disabled sources, disabled first, then by how long they have failed. */
  attention: { source: Source; portal?: Portal }[];
  /** Portals that have published nothing for longer than their level's norm (the alerts' hourly check), longest first. */
  silent: { portal: Portal; silence: Silence }[];
}

export const ATTENTION_SHOWN = 50;

/** The ids of the portals a principal covers; undefined means every portal (an admin). */
export function scopeIds(directory: Directory, who: Principal): Set<string> | undefined {
  if (who.role === 'admin') return undefined;
  return new Set(who.portalId ? directory.subtreeIds(who.portalId) : []);
}

export function consoleOverview(directory: Directory, sources: Source[], who: Principal, silences: Silence[] = []): ConsoleOverview {
  const scope = scopeIds(directory, who);
  const mine = scope ? sources.filter((s) => scope.has(s.portalId)) : sources;
  const byState = { new: 0, ok: 0, failing: 0, disabled: 0, paused: 0 };
  for (const s of mine) {
    if (s.paused) byState.paused++;
    else byState[s.health.state]++;
  }
  const attention = mine
    .filter((s) => !s.paused && (s.health.state === 'failing' || s.health.state === 'disabled'))
    .sort(
      (a, b) =>
        Number(b.health.state === 'disabled') - Number(a.health.state === 'disabled') ||
        b.health.consecutiveFailures - a.health.consecutiveFailures ||
        a.id.localeCompare(b.id),
    )
    .slice(0, ATTENTION_SHOWN)
    .map((source) => ({ source, portal: directory.get(source.portalId) }));
  return {
    ...(who.role !== 'admin' && who.portalId && directory.get(who.portalId) ? { scopePortal: directory.get(who.portalId) } : {}),
    portals: scope ? scope.size : directory.all().length,
    sources: mine.length,
    byState,
    attention,
    silent: silences
      .filter((s) => !scope || scope.has(s.portalId))
      .sort((a, b) => a.since.localeCompare(b.since))
      .slice(0, ATTENTION_SHOWN)
      .flatMap((silence) => {
        const portal = directory.get(silence.portalId);
        return portal ? [{ portal, silence }] : [];
      }),
  };
}
