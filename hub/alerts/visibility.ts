/**
 * A portal's alertEmails are people's addresses: the public reads of the directory leave them out.
 * They are shown to a key that covers the portal (an admin, or an operator of the portal or of a
 * portal above it), the same rule as for changing it.
 */
import type { Directory } from '../directory/directory.ts';
import type { Principal } from '../keys/principal.ts';
import type { Portal, PortalTree } from '../model.ts';

export function seesAlertEmails(viewer: Principal | undefined, directory: Directory, portalId: string): boolean {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  const scope = viewer.portalId;
  return !!scope && (scope === portalId || directory.ancestors(portalId).some((p) => p.id === scope));
}

export function portalAsSeenBy(viewer: Principal | undefined, directory: Directory, portal: Portal): Portal {
  if (!portal.alertEmails || seesAlertEmails(viewer, directory, portal.id)) return portal;
  const { alertEmails: _hidden, ...shown } = portal;
  return shown;
}

export function treeAsSeenBy(viewer: Principal | undefined, directory: Directory, tree: PortalTree): PortalTree {
  return { portal: portalAsSeenBy(viewer, directory, tree.portal), children: tree.children.map((c) => treeAsSeenBy(viewer, directory, c)) };
}
