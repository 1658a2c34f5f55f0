/**
 * Bulk import of a directory from JSON or CSV. Every row is checked (its schema, its place in the
 * hierarchy against the stored portals and the other rows) before anything is written: a file
 * with one bad row imports nothing and the error names each bad row and field.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { fieldErrors, validatorFor, type FieldError } from '../../schemas/index.ts';
import { HubError } from '../errors.ts';
import type { Portal, PortalInput } from '../model.ts';
import { byLevelThenName } from './directory.ts';
import { lookupOver, placementErrors } from './placement.ts';

export type DirectoryFormat = 'json' | 'csv';

/** One row as read, with where it came from, so errors point at the line an operator edits. */
export interface DirectoryRow {
  /** JSON pointer prefix (`/portals/3`) or CSV line (`/line/5`). */
  at: string;
  value: Record<string, unknown>;
}

/** CSV header names, in the order `hub portals export` would write them. */
export const CSV_COLUMNS = ['id', 'name', 'nameEn', 'url', 'level', 'parentId', 'adminCode', 'logoUrl', 'contact', 'timeZone', 'alertEmails'] as const;

/** CSV cells that hold a list: the values separated by `;` (or spaces). */
const CSV_LISTS = new Set(['alertEmails']);

export const MAX_IMPORT_ROWS = 20_000;

/** Reads a directory file. JSON: `{"portals": [...]}` or a bare array. CSV: a header row naming the fields. */
export function readDirectory(text: string, format: DirectoryFormat): DirectoryRow[] {
  const rows = format === 'csv' ? readCsv(text) : readJson(text);
  if (!rows.length) throw new HubError('DIRECTORY.EMPTY', 'The directory file has no portals', { errors: [{ field: '/portals', message: 'is empty' }] });
  if (rows.length > MAX_IMPORT_ROWS)
    throw new HubError('DIRECTORY.TOO_MANY_ROWS', `A directory import holds at most ${MAX_IMPORT_ROWS} portals; this one has ${rows.length}`);
  return rows;
}

function readJson(text: string): DirectoryRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new HubError('DIRECTORY.MALFORMED', `The directory is not valid JSON: ${(e as Error).message}`, {
      errors: [{ field: '/', message: 'is not valid JSON' }],
    });
  }
  const list = Array.isArray(doc) ? doc : (doc as { portals?: unknown })?.portals;
  if (!Array.isArray(list))
    throw new HubError('DIRECTORY.MALFORMED', 'A JSON directory is an array of portals or an object with a "portals" array', {
      errors: [{ field: '/portals', message: 'must be an array' }],
    });
  return list.map((value, i) => ({ at: `/portals/${i}`, value: value as Record<string, unknown> }));
}

function readCsv(text: string): DirectoryRow[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new HubError('DIRECTORY.MALFORMED', `The directory is not valid CSV: ${(e as Error).message}`, {
      errors: [{ field: line ? `/line/${line}` : '/', message: 'is not valid CSV' }],
    });
  }
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    throw new HubError('DIRECTORY.UNKNOWN_COLUMNS', `Unknown CSV columns: ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`, {
      errors: unknown.map((h) => ({ field: `/line/1/${h}`, message: 'is not a known column' })),
    });
  // line 1 is the header; an empty cell means "not set"
  return records.map((r, i) => ({
    at: `/line/${i + 2}`,
    value: Object.fromEntries(
      Object.entries(r)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, CSV_LISTS.has(k) ? v.split(/[;\s]+/).filter(Boolean) : v]),
    ),
  }));
}

export interface ImportPlan {
  created: Portal[];
  updated: Portal[];
  unchanged: string[];
}

/**
 * Checks every row against the schema, the other rows and the stored directory, and says what
 * would be written. Throws one error listing every bad row; returns a plan only when all are good.
 * A row whose id is registered replaces that portal's fields (keeping its createdAt).
 */
export function planImport(rows: DirectoryRow[], stored: Portal[], now: Date): ImportPlan {
  const validate = validatorFor('common.schema.json#/$defs/portalInput');
  const errors: FieldError[] = [];
  const good: { at: string; input: PortalInput }[] = [];
  const firstAt = new Map<string, string>();
  for (const row of rows) {
    if (!validate(row.value)) {
      errors.push(...fieldErrors(validate.errors, row.at));
      continue;
    }
    const input = row.value as unknown as PortalInput;
    const earlier = firstAt.get(input.id);
    if (earlier) {
      errors.push({ field: `${row.at}/id`, message: `"${input.id}" is already used at ${earlier}` });
      continue;
    }
    firstAt.set(input.id, row.at);
    good.push({ at: row.at, input });
  }
  // rows may name parents that come later in the file, so place them against the whole result
  const storedById = new Map(stored.map((p) => [p.id, p]));
  const lookup = lookupOver([...stored.filter((p) => !firstAt.has(p.id)), ...good.map((g) => g.input)]);
  for (const { at, input } of good) errors.push(...placementErrors(input, lookup, at));
  if (errors.length) {
    const badRows = new Set(errors.map((e) => e.field.split('/').slice(0, 3).join('/'))).size;
    throw new HubError('DIRECTORY.IMPORT_INVALID', `${badRows} of ${rows.length} rows are invalid; nothing was imported`, { errors });
  }
  const plan: ImportPlan = { created: [], updated: [], unchanged: [] };
  for (const { input } of good) {
    const existing = storedById.get(input.id);
    const portal: Portal = { ...input, createdAt: existing?.createdAt ?? now.toISOString() };
    if (!existing) plan.created.push(portal);
    else if (sameFields(existing, portal)) plan.unchanged.push(portal.id);
    else plan.updated.push(portal);
  }
  return plan;
}

/** Parents before children, so a reader never sees a portal whose parent is not there yet. */
export function writeOrder(plan: ImportPlan): Portal[] {
  const writes = [...plan.created, ...plan.updated];
  const byId = new Map(writes.map((p) => [p.id, p]));
  const depth = (p: Portal, seen = 0): number => (p.parentId && byId.has(p.parentId) && seen < byId.size ? 1 + depth(byId.get(p.parentId)!, seen + 1) : 0);
  const depths = new Map(writes.map((p) => [p.id, depth(p)]));
  return writes.sort((a, b) => depths.get(a.id)! - depths.get(b.id)! || byLevelThenName(a, b));
}

function sameFields(a: Portal, b: Portal): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Guesses the format from a file name or a content type, then from the first character. */
export function directoryFormat(hint: string | undefined, text: string): DirectoryFormat {
  if (hint && /csv/i.test(hint)) return 'csv';
  if (hint && /json/i.test(hint)) return 'json';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}
