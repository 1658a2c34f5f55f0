/**
 * A directory import as the console shows it: every row of the file as read (its line or index,
 * id, name, level, parent) next to what the import did or would do with it (new, updated,
 * unchanged) or, when the hub refused the file, that row's errors. Errors that name no row (a
 * malformed file, unknown CSV columns) are the file's own. The import itself is
 * Hub.importPortals, all rows or none; this only reads the same text again to lay the answer out.
 */
import type { FieldError } from '../../schemas/index.ts';
import { asHubError, type HubError } from '../errors.ts';
import type { ImportResult } from '../model.ts';
import { readDirectory, type DirectoryFormat, type DirectoryRow } from '../directory/import.ts';

export interface ImportRowView {
  /** Where the row is: `/line/3` (CSV) or `/portals/2` (JSON). */
  at: string;
  /** The row's line (CSV) or position from 1 (JSON), as a person counts. */
  label: string;
  id: string;
  name: string;
  level: string;
  parentId: string;
  outcome?: 'created' | 'updated' | 'unchanged';
  /** This row's errors: the field (after the row's own part of the pointer) and the message. */
  errors: FieldError[];
}

export interface ImportView {
  text: string;
  dryRun: boolean;
  rows: ImportRowView[];
  /** Errors of the whole file (no row named). */
  general: FieldError[];
  /** The refusal, when there was one. */
  error?: HubError;
  result?: ImportResult;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Runs `importing` (the use case) and lays its answer out by row. */
export async function importView(source: string, format: DirectoryFormat, dryRun: boolean, importing: () => Promise<ImportResult>): Promise<ImportView> {
  let read: DirectoryRow[] = [];
  try {
    read = readDirectory(source, format);
  } catch {
    // the use case names what is wrong with the file
  }
  const rows: ImportRowView[] = read.map((r) => ({
    at: r.at,
    label: r.at.startsWith('/line/') ? r.at.slice('/line/'.length) : String(Number(r.at.split('/').pop()) + 1),
    id: text(r.value.id),
    name: text(r.value.name),
    level: text(r.value.level),
    parentId: text(r.value.parentId),
    errors: [],
  }));
  const view: ImportView = { text: source, dryRun, rows, general: [] };
  try {
    const result = await importing();
    view.result = result;
    const outcome = new Map<string, ImportRowView['outcome']>([
      ...result.created.map((id): [string, 'created'] => [id, 'created']),
      ...result.updated.map((id): [string, 'updated'] => [id, 'updated']),
      ...result.unchanged.map((id): [string, 'unchanged'] => [id, 'unchanged']),
    ]);
    for (const row of rows) {
      const o = outcome.get(row.id);
      if (o) row.outcome = o;
    }
  } catch (e) {
    const error = asHubError(e);
    // a refusal of the caller (an operator) is a page of its own, not a row's
    if (!error.expose || error.status === 401 || error.status === 403) throw e;
    view.error = error;
    const byAt = new Map(rows.map((r) => [r.at, r]));
    for (const f of error.errors ?? []) {
      // /line/3/parentId → row /line/3, field parentId; /portals/2 → row /portals/2
      const parts = f.field.split('/');
      const row = byAt.get(parts.slice(0, 3).join('/'));
      if (row) row.errors.push({ field: parts.slice(3).join('/'), message: f.message });
      else view.general.push(f);
    }
  }
  return view;
}
