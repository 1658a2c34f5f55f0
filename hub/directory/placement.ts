/**
 * Where a portal may sit in the directory. The schema checks each field; these rules check the
 * portal against the others: its parent exists and fits its level, it does not end up below
 * itself, and its administrative code fits its level and is not taken.
 */
import type { FieldError } from '../../schemas/index.ts';
import type { Portal, PortalInput, PortalLevel } from '../model.ts';

/**
 * Levels a parent may have, per level. Two-tier local government since 1 July 2025: communes and
 * wards sit directly under a province; departments (sở, cục) under a province or a ministry.
 */
const PARENT_LEVELS: Record<PortalLevel, PortalLevel[]> = {
  central: [],
  ministry: ['central'],
  province: ['central'],
  department: ['central', 'ministry', 'province'],
  commune: ['province'],
  other: ['central', 'ministry', 'province', 'department', 'commune', 'other'],
};

/** National code list: 2 digits for a province or centrally-run city, 5 for a commune or ward. */
const CODE_LENGTH: Partial<Record<PortalLevel, number>> = { province: 2, commune: 5 };

export interface PlacementLookup {
  get(id: string): Pick<Portal, 'id' | 'level' | 'parentId' | 'adminCode'> | undefined;
  /** The portal (other than `exceptId`) holding this administrative code. */
  holderOfCode(code: string, exceptId: string): string | undefined;
}

export function placementErrors(input: PortalInput, lookup: PlacementLookup, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (input.parentId) {
    const parent = lookup.get(input.parentId);
    const allowed = PARENT_LEVELS[input.level];
    if (input.parentId === input.id) errors.push({ field: `${prefix}/parentId`, message: 'is the portal itself' });
    else if (!parent) errors.push({ field: `${prefix}/parentId`, message: `"${input.parentId}" is not a registered portal` });
    else if (!allowed.includes(parent.level))
      errors.push({
        field: `${prefix}/parentId`,
        message: allowed.length
          ? `a ${input.level} portal belongs under a ${allowed.join(' or ')} portal, not a ${parent.level} one`
          : `a ${input.level} portal has no parent`,
      });
    else if (isBelow(input.parentId, input.id, lookup))
      errors.push({ field: `${prefix}/parentId`, message: `"${input.parentId}" is below "${input.id}" in the directory (a cycle)` });
  }
  if (input.adminCode) {
    const length = CODE_LENGTH[input.level];
    if (length === undefined)
      errors.push({
        field: `${prefix}/adminCode`,
        message: `only province (2 digits) and commune (5 digits) portals carry an administrative code, not a ${input.level} portal`,
      });
    else if (input.adminCode.length !== length) errors.push({ field: `${prefix}/adminCode`, message: `a ${input.level} code has ${length} digits` });
    else {
      const holder = lookup.holderOfCode(input.adminCode, input.id);
      if (holder) errors.push({ field: `${prefix}/adminCode`, message: `is already the code of "${holder}"` });
    }
  }
  return errors;
}

/** Whether `id` is `ancestorId` or lies below it, walking parents up from `id`. */
function isBelow(id: string, ancestorId: string, lookup: PlacementLookup): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = id; at && !seen.has(at); at = lookup.get(at)?.parentId) {
    if (at === ancestorId) return true;
    seen.add(at);
  }
  return false;
}

/** A lookup over a set of portals, with pending changes (an import) laid over the stored ones. */
export function lookupOver(portals: Iterable<Pick<Portal, 'id' | 'level' | 'parentId' | 'adminCode'>>): PlacementLookup {
  const byId = new Map<string, Pick<Portal, 'id' | 'level' | 'parentId' | 'adminCode'>>();
  for (const p of portals) byId.set(p.id, p);
  const codes = new Map<string, string[]>();
  for (const p of byId.values()) if (p.adminCode) codes.set(p.adminCode, [...(codes.get(p.adminCode) ?? []), p.id]);
  return {
    get: (id) => byId.get(id),
    holderOfCode: (code, exceptId) => codes.get(code)?.find((id) => id !== exceptId),
  };
}
