/**
 * Operator scope: a key bound to portal P covers P and every portal below it (parentId chains).
 * An operator manages sources anywhere in that subtree and child portals strictly below P; the
 * portal P itself (and everything above or beside it) belongs to an admin.
 */
import { HubError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { Principal } from './principal.ts';

/** P and its ancestors, nearest first; stops at a cycle or a missing parent. */
export async function ancestry(store: Store, portalId: string): Promise<string[]> {
  const chain: string[] = [];
  for (let id: string | undefined = portalId; id && !chain.includes(id) && chain.length < 64;) {
    chain.push(id);
    id = (await store.getPortal(id))?.parentId;
  }
  return chain;
}

export const outOfScope = (who: Principal, portalId: string, what: string) =>
  new HubError(
    'AUTH.SCOPE',
    who.role === 'operator'
      ? `This key is scoped to the portal "${who.portalId}" and the portals below it; ${what} "${portalId}" is outside that subtree`
      : `This key cannot ${what}`,
  );

export const adminOnly = (what: string) => new HubError('AUTH.ADMIN_ONLY', `Only an admin key can ${what}`);

/** May `who` manage what belongs to this portal (its sources, its data)? */
export async function coversPortal(store: Store, who: Principal, portalId: string): Promise<boolean> {
  if (who.role === 'admin') return true;
  return !!who.portalId && (await ancestry(store, portalId)).includes(who.portalId);
}

export async function assertCoversPortal(store: Store, who: Principal, portalId: string, what = 'the portal'): Promise<void> {
  if (!(await coversPortal(store, who, portalId))) throw outOfScope(who, portalId, what);
}

/** May `who` create, change or remove the portal itself? Operators only below their own portal. */
export async function assertCanManagePortal(store: Store, who: Principal, portalId: string, parentId?: string): Promise<void> {
  if (who.role === 'admin') return;
  if (portalId === who.portalId) throw new HubError('AUTH.SCOPE', `The portal "${portalId}" a key is scoped to can only be changed by an admin`);
  // a new portal is in scope through the parent it names; an existing one through its own chain
  if (!(await coversPortal(store, who, parentId ?? portalId))) throw outOfScope(who, parentId ?? portalId, parentId ? 'the parent portal' : 'the portal');
}
