/**
 * The portal directory as a hierarchy: the Government portal above ministries and agencies,
 * provinces above their departments and communes, linked sites anywhere. Built from the store's
 * flat portal list (a few thousand portals at most: 34 provinces, about 3,300 communes) and
 * answering subtree, tree and level questions without going back to the store.
 */
import { createHash } from 'node:crypto';
import type { Portal, PortalLevel, PortalTree } from '../model.ts';

export class Directory {
  private readonly byId: Map<string, Portal>;
  private readonly children = new Map<string, Portal[]>();
  /**
   * A fingerprint of every portal's fields. Feeds are cached under it, so a portal changed
   * through another hub instance (seen here when the directory is next read) is not served from
   * a rendering made before.
   */
  readonly version: string;

  constructor(portals: Portal[]) {
    this.byId = new Map(portals.map((p) => [p.id, p]));
    const sorted = [...portals].sort(byLevelThenName);
    this.version = createHash('sha1').update(JSON.stringify(sorted)).digest('base64url').slice(0, 12);
    for (const p of sorted) {
      if (!p.parentId) continue;
      const list = this.children.get(p.parentId);
      if (list) list.push(p);
      else this.children.set(p.parentId, [p]);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Portal | undefined {
    return this.byId.get(id);
  }

  all(): Portal[] {
    return [...this.byId.values()];
  }

  childrenOf(id: string): Portal[] {
    return this.children.get(id) ?? [];
  }

  /** Portals without a parent (or whose parent is not registered), in directory order. */
  roots(): Portal[] {
    return this.all()
      .filter((p) => !p.parentId || !this.byId.has(p.parentId))
      .sort(byLevelThenName);
  }

  /** The portal and everything below it. A cycle cannot occur through the hub's own checks; the visited set makes sure. */
  subtreeIds(id: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const stack = this.byId.has(id) ? [id] : [];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      out.push(next);
      for (const c of this.childrenOf(next)) stack.push(c.id);
    }
    return out;
  }

  idsAtLevels(levels: PortalLevel[]): string[] {
    const wanted = new Set(levels);
    return this.all()
      .filter((p) => wanted.has(p.level))
      .map((p) => p.id);
  }

  /** The nested tree under a portal, `depth` levels deep (unlimited when absent). */
  tree(id: string, depth = Infinity, seen = new Set<string>()): PortalTree | undefined {
    const portal = this.byId.get(id);
    if (!portal || seen.has(id)) return undefined;
    seen.add(id);
    const children =
      depth > 0
        ? this.childrenOf(id)
            .map((c) => this.tree(c.id, depth - 1, seen))
            .filter((t): t is PortalTree => !!t)
        : [];
    return { portal, children };
  }

  /** The chain from the top of the hierarchy down to the portal's parent. */
  ancestors(id: string): Portal[] {
    const out: Portal[] = [];
    const seen = new Set([id]);
    let parent = this.byId.get(id)?.parentId;
    while (parent && !seen.has(parent)) {
      const p = this.byId.get(parent);
      if (!p) break;
      out.unshift(p);
      seen.add(parent);
      parent = p.parentId;
    }
    return out;
  }
}

const LEVEL_ORDER: Record<PortalLevel, number> = { central: 0, ministry: 1, province: 2, department: 3, commune: 4, other: 5 };

/** Directory order: by level, then by administrative code (the national list's order), then by name, then id. */
export function byLevelThenName(a: Portal, b: Portal): number {
  return (
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    (a.adminCode ?? '~').localeCompare(b.adminCode ?? '~') ||
    a.name.localeCompare(b.name, 'vi') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
