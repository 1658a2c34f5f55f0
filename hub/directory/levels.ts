/**
 * The portal levels, in the directory's order (the Government first, communes and others last).
 * The record's type is the schema's enum (generated): a level added to or dropped from
 * schemas/common.schema.json fails to compile here until this list follows.
 */
import type { PortalLevel } from '../model.ts';

const ORDER: Record<PortalLevel, number> = { central: 0, ministry: 1, province: 2, department: 3, commune: 4, other: 5 };

export const PORTAL_LEVELS: readonly PortalLevel[] = (Object.keys(ORDER) as PortalLevel[]).sort((a, b) => ORDER[a] - ORDER[b]);

export const isPortalLevel = (v: unknown): v is PortalLevel => typeof v === 'string' && Object.hasOwn(ORDER, v);
