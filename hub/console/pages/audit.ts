/**
 * The audit log (admin only; Hub.listAudit refuses operators): who did what, newest first, with
 * filters (the key that acted, the portal concerned, the action or its family, the thing changed,
 * the days from and to, in the hub's time zone), paged by the log's
 * cursor. Each entry's change is shown compactly: the fields that differ, before → after, in a
 * <details> that stays closed until asked.
 */
import { esc } from '../../pages/layout.ts';
import type { ApiKey, AuditEntry } from '../../model.ts';
import { consolePage } from '../frame.ts';
import { field, select } from '../forms.ts';
import { timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';

export interface AuditFilters {
  actor?: string;
  portal?: string;
  action?: string;
  target?: string;
  /** Days (YYYY-MM-DD) in the hub's time zone, both included. */
  from?: string;
  to?: string;
  before?: string;
}

export interface AuditPageData {
  entries: AuditEntry[];
  nextBefore: string | null;
  filters: AuditFilters;
  /** The keys there are, to pick the actor from. */
  keys: ApiKey[];
}

/** A value as short JSON: enough to see what changed, not the whole record. */
function short(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** The top-level fields of a change: those that differ between before and after (all of them on a create or delete). */
export function changedFields(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) return before === undefined && after === undefined ? [] : [{ field: '', before, after }];
  const names = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return names.filter((n) => JSON.stringify(b?.[n]) !== JSON.stringify(a?.[n])).map((n) => ({ field: n, before: b?.[n], after: a?.[n] }));
}

function changeCell(view: ConsoleView, e: AuditEntry): string {
  const { t } = view;
  const changes = changedFields(e.before, e.after);
  if (!changes.length) return '—';
  const rows = changes
    .map(
      (c) =>
        `<li>${c.field ? `<code>${esc(c.field)}</code>: ` : ''}<span class="before">${esc(short(c.before))}</span> <span aria-hidden="true">→</span><span class="visually-hidden">${esc(t.auditBecame)}</span> <span class="after">${esc(short(c.after))}</span></li>`,
    )
    .join('');
  return `<details><summary>${esc(t.auditChanges.replace('{n}', String(changes.length)))}</summary><ul class="changes">${rows}</ul></details>`;
}

function target(e: AuditEntry): string {
  const id = encodeURIComponent(e.target.id);
  const link = e.target.type === 'portal' ? `/console/portals/${id}` : e.target.type === 'source' ? `/console/sources/${id}` : undefined;
  return `${esc(e.target.type)} ${link ? `<a href="${link}"><code>${esc(e.target.id)}</code></a>` : `<code>${esc(e.target.id)}</code>`}`;
}

/** The page's own address with some filters changed (empty ones left out). */
export function auditHref(filters: AuditFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/console/audit?${s}` : '/console/audit';
}

export function renderAudit(view: ConsoleView, data: AuditPageData): string {
  const { t } = view;
  const { filters } = data;
  const actors: [string, string][] = [
    ['', t.auditAnyActor],
    ['admin', t.auditBootstrapAdmin],
    ['cli', t.auditCli],
    ...data.keys.map((k): [string, string] => [k.id, `${k.label ?? k.id} (${k.id})`]),
  ];
  if (filters.actor && !actors.some(([v]) => v === filters.actor)) actors.push([filters.actor, filters.actor]);
  const form = `<form method="get" action="/console/audit" class="card filters" role="search" aria-label="${esc(t.auditFilters)}">
${select({ name: 'actor', label: t.auditActor, value: filters.actor ?? '', options: actors })}
${field({ name: 'portal', label: t.auditPortal, value: filters.portal ?? '', hint: t.auditPortalHint, attrs: 'maxlength="64"' })}
${field({ name: 'action', label: t.auditAction, value: filters.action ?? '', hint: t.auditActionHint, attrs: 'maxlength="64"' })}
${field({ name: 'target', label: t.auditTarget, value: filters.target ?? '', hint: t.auditTargetHint, attrs: 'maxlength="200"' })}
${field({ name: 'from', label: t.auditFrom, value: filters.from ?? '', type: 'date' })}
${field({ name: 'to', label: t.auditTo, value: filters.to ?? '', type: 'date' })}
<div class="filter-buttons"><button type="submit">${esc(t.auditFilter)}</button> <a href="/console/audit">${esc(t.auditClear)}</a></div>
</form>`;
  const rows = data.entries
    .map(
      (e) => `<tr>
<td>${timeText(view, e.at)}</td>
<td>${esc(e.actor.label ?? e.actor.keyId)}<br><span class="detail"><a href="${esc(auditHref({ ...filters, actor: e.actor.keyId, before: undefined }))}"><code>${esc(e.actor.keyId)}</code></a> · ${esc(e.actor.role === 'admin' ? t.roleAdmin : t.roleOperator)}${e.actor.ip ? ` · ${esc(e.actor.ip)}` : ''}</span></td>
<td><code>${esc(e.action)}</code></td>
<td>${target(e)}</td>
<td>${e.portalId ? `<a href="${esc(auditHref({ ...filters, portal: e.portalId, before: undefined }))}"><code>${esc(e.portalId)}</code></a>` : '—'}</td>
<td>${changeCell(view, e)}</td>
</tr>`,
    )
    .join('');
  const paging = [
    filters.before ? `<a href="${esc(auditHref({ ...filters, before: undefined }))}">${esc(t.auditNewest)}</a>` : '',
    data.nextBefore ? `<a href="${esc(auditHref({ ...filters, before: data.nextBefore }))}" rel="next">${esc(t.auditOlder)}</a>` : '',
  ].filter(Boolean);
  const main = `<h1>${esc(t.auditHeading)}</h1>
<p>${esc(t.auditIntro)}</p>
${form}
${
  rows
    ? `<div class="table-wrap"><table class="audit"><caption class="visually-hidden">${esc(t.auditHeading)}</caption><thead><tr>
<th scope="col">${esc(t.auditColTime)}</th><th scope="col">${esc(t.auditActor)}</th><th scope="col">${esc(t.auditColAction)}</th><th scope="col">${esc(t.auditColTarget)}</th><th scope="col">${esc(t.auditPortal)}</th><th scope="col">${esc(t.auditColChange)}</th>
</tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p>${esc(t.auditNone)}</p>`
}
${paging.length ? `<nav class="paging" aria-label="${esc(t.auditPaging)}">${paging.join(' ')}</nav>` : ''}`;
  return consolePage(view, { title: t.auditHeading, section: 'audit', main });
}
