/**
 * The console's portal pages: the directory tree in the signed-in key's scope (nested lists with
 * <details>, a filter by name that works as a plain GET form), one portal with its children and
 * its sources (state, last refresh, items in the last 7 days, the last error in plain words and
 * what to do, the ownership steps of pending ones), and the list of every source in scope.
 */
import { levelName as levelWords } from '../../pages/levels.ts';
import { esc, safeHref } from '../../pages/layout.ts';
import type { Portal, PortalLevel } from '../../model.ts';
import type { PortalNode, PortalPageData, PortalTreeData, SourceListData, SourceRow, SourceState } from '../portals.ts';
import { SOURCE_STATES } from '../portals.ts';
import { consolePage } from '../frame.ts';
import { postForm, select } from '../forms.ts';
import { lastErrorText, stateBadge, timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';
import { ownershipSteps } from './ownership.ts';

export const portalHref = (id: string) => `/console/portals/${encodeURIComponent(id)}`;
const sourceHref = (id: string) => `/console/sources/${encodeURIComponent(id)}`;

export const levelName = (view: ConsoleView, level: PortalLevel): string => levelWords(view.t, level);

const number = (view: ConsoleView, n: number) => n.toLocaleString(view.lang === 'vi' ? 'vi-VN' : 'en-GB');

/** What a page says after a form succeeded (?done=…), as a status line. */
export type DoneNotice = 'created' | 'updated' | 'deleted' | 'imported' | 'verified' | 'pending' | 'approved';
export function doneNotice(view: ConsoleView, done: unknown): string {
  const { t } = view;
  const words: Record<DoneNotice, string> = {
    created: t.ptDoneCreated,
    updated: t.ptDoneUpdated,
    deleted: t.ptDoneDeleted,
    imported: t.ptDoneImported,
    verified: t.owDoneVerified,
    pending: t.owDonePending,
    approved: t.owDoneApproved,
  };
  return typeof done === 'string' && Object.hasOwn(words, done) ? `<p class="notice" role="status">${esc(words[done as DoneNotice])}</p>` : '';
}

function tally(view: ConsoleView, sources: number, failing: number): string {
  const { t } = view;
  return `<span class="tally">${number(view, sources)} ${esc(t.ptSourcesCount)}</span>${
    failing ? ` <span class="badge state-failing">${number(view, failing)} ${esc(t.ptFailingCount)}</span>` : ''
  }`;
}

function node(view: ConsoleView, n: PortalNode, open: boolean): string {
  const below = n.children.length
    ? `<details${open ? ' open' : ''}><summary>${number(view, n.children.length)} ${esc(view.t.ptBelow)}</summary><ul>${n.children
        .map((c) => node(view, c, open))
        .join('')}</ul></details>`
    : '';
  const name = `<a href="${portalHref(n.portal.id)}">${esc(n.portal.name)}</a>`;
  return `<li><div class="portal-line">${n.match ? `<strong class="match">${name}</strong>` : name} <span class="muted">${esc(levelName(view, n.portal.level))}</span> ${tally(view, n.sources, n.failing)}</div>${below}</li>`;
}

export function renderPortalTree(view: ConsoleView, data: PortalTreeData): string {
  const { t, principal } = view;
  const admin = principal?.role === 'admin';
  const filtering = !!data.q.trim();
  const open = filtering || data.roots.length <= 3;
  const tree = data.roots.length
    ? `<ul class="portal-tree" aria-label="${esc(t.ptTreeLabel)}">${data.roots.map((r) => node(view, r, open)).join('')}</ul>`
    : `<p>${esc(filtering ? t.ptNoMatch : t.ptNone)}</p>`;
  const main = `<h1>${esc(t.ptHeading)}</h1>
<p>${esc(admin ? t.ptIntroAdmin : t.ptIntroOperator)} ${esc(t.ptInScope)} ${number(view, data.inScope)}.</p>
<p class="actions">${
    admin
      ? `<a class="button" href="/console/portals/new">${esc(t.ptAdd)}</a> <a class="button secondary" href="/console/portals/import">${esc(t.ptImport)}</a>`
      : principal?.portalId
        ? `<a class="button" href="/console/portals/new?parent=${encodeURIComponent(principal.portalId)}">${esc(t.ptAdd)}</a>`
        : ''
  }</p>
<form method="get" action="/console/portals" class="filter" role="search">
<div class="field"><label for="f-q">${esc(t.ptFilterLabel)}</label><p class="hint" id="f-q-hint">${esc(t.ptFilterHint)}</p>
<div class="filter-row"><input type="search" id="f-q" name="q" value="${esc(data.q)}" aria-describedby="f-q-hint"> <button type="submit">${esc(t.ptFilterButton)}</button>${
    filtering ? ` <a href="/console/portals">${esc(t.ptFilterClear)}</a>` : ''
  }</div></div>
</form>
${filtering ? `<p role="status">${esc(t.ptMatches)} ${number(view, data.matches)}</p>` : ''}
${tree}`;
  return consolePage(view, { title: t.ptHeading, section: 'portals', main });
}

/** Sources as a table: state, last refresh, items in the last 7 days, last error in words; the portal too when asked. */
export function sourceTable(view: ConsoleView, rows: SourceRow[], options: { withPortal?: boolean } = {}): string {
  const { t } = view;
  const label = (text: string) => `data-label="${esc(text)}"`;
  const body = rows
    .map(
      ({ source, portal, recent }) => `<tr>
<td ${label(t.colSource)}><a class="break" href="${sourceHref(source.id)}">${esc(source.url)}</a></td>
${options.withPortal ? `<td ${label(t.colPortal)}>${portal ? `<a href="${portalHref(portal.id)}">${esc(portal.name)}</a>` : esc(source.portalId)}</td>` : ''}
<td ${label(t.ptColKind)} class="nowrap">${esc(source.kind)}</td>
<td ${label(t.colState)}>${stateBadge(view, source)}${source.ownership?.state === 'pending' ? ` <span class="badge state-new">${esc(t.owPendingBadge)}</span>` : ''}</td>
<td ${label(t.ptColRefreshed)}>${timeText(view, source.health.lastFetchedAt)}</td>
<td ${label(t.ptColRecent)} class="num">${number(view, recent)}</td>
<td ${label(t.colLastError)}>${lastErrorText(view, source)}</td>
</tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table class="cards"><thead><tr><th scope="col">${esc(t.colSource)}</th>${options.withPortal ? `<th scope="col">${esc(t.colPortal)}</th>` : ''}<th scope="col">${esc(t.ptColKind)}</th><th scope="col">${esc(t.colState)}</th><th scope="col">${esc(t.ptColRefreshed)}</th><th scope="col" class="num">${esc(t.ptColRecent)}</th><th scope="col">${esc(t.colLastError)}</th></tr></thead><tbody>${body}</tbody></table></div>
<p class="hint">${esc(t.ptCountsNote)}</p>`;
}

function fieldsList(view: ConsoleView, portal: Portal, parent: Portal | undefined): string {
  const { t } = view;
  const row = (label: string, value: string) => `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
  return `<dl class="fields">
${row(t.ptId, `<code>${esc(portal.id)}</code>`)}
${row(t.ptLevel, esc(levelName(view, portal.level)))}
${row(t.ptParent, parent ? `<a href="${portalHref(parent.id)}">${esc(parent.name)}</a>` : portal.parentId ? esc(portal.parentId) : esc(t.ptNoParent))}
${row(t.ptUrl, `<a class="break" href="${safeHref(portal.url)}" rel="noopener">${esc(portal.url)}</a>`)}
${portal.nameEn ? row(t.ptNameEn, esc(portal.nameEn)) : ''}
${portal.adminCode ? row(t.ptAdminCode, `<code>${esc(portal.adminCode)}</code>`) : ''}
${portal.logoUrl ? row(t.ptLogoUrl, `<a class="break" href="${safeHref(portal.logoUrl)}" rel="noopener">${esc(portal.logoUrl)}</a>`) : ''}
${portal.contact ? row(t.ptContact, esc(portal.contact)) : ''}
${portal.timeZone ? row(t.ptTimeZone, esc(portal.timeZone)) : ''}
${row(t.ptAlertEmails, portal.alertEmails ? (portal.alertEmails.length ? portal.alertEmails.map((a) => esc(a)).join(', ') : esc(t.ptAlertEmailsNobody)) : esc(t.ptAlertEmailsInherited))}
${row(t.ptCreatedAt, timeText(view, portal.createdAt))}
</dl>`;
}

export function renderPortal(view: ConsoleView, data: PortalPageData, done?: unknown): string {
  const { t, principal } = view;
  const { portal } = data;
  // the portal a key is scoped to is an admin's to change: no buttons that would only be refused
  const manages = principal?.role === 'admin' || principal?.portalId !== portal.id;
  const id = encodeURIComponent(portal.id);
  const parent = data.ancestors.at(-1);
  const crumbs = data.ancestors.length
    ? `<nav aria-label="${esc(t.ptBreadcrumb)}" class="crumbs"><ol>${data.ancestors
        .map((a) => `<li><a href="${portalHref(a.id)}">${esc(a.name)}</a></li>`)
        .join('')}<li aria-current="page">${esc(portal.name)}</li></ol></nav>`
    : '';
  const children = data.children.length
    ? `<div class="table-wrap"><table class="cards"><thead><tr><th scope="col">${esc(t.colPortal)}</th><th scope="col">${esc(t.ptColLevel)}</th><th scope="col" class="num">${esc(t.ptColSources)}</th><th scope="col" class="num">${esc(t.ptColFailing)}</th></tr></thead><tbody>${data.children
        .map(
          (c) =>
            `<tr><td data-label="${esc(t.colPortal)}"><a href="${portalHref(c.portal.id)}">${esc(c.portal.name)}</a></td><td data-label="${esc(t.ptColLevel)}">${esc(levelName(view, c.portal.level))}</td><td data-label="${esc(t.ptColSources)}" class="num">${number(view, c.sources)}</td><td data-label="${esc(t.ptColFailing)}" class="num">${c.failing ? `<span class="badge state-failing">${number(view, c.failing)}</span>` : '0'}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : `<p>${esc(t.ptNoChildren)}</p>`;
  const pending = data.sources.map((r) => ownershipSteps(view, r.source, `${portalHref(portal.id)}`)).join('');
  const main = `${crumbs}
<h1>${esc(portal.name)}</h1>
${doneNotice(view, done)}
<p class="actions">${manages ? `<a class="button" href="/console/portals/${id}/edit">${esc(t.ptEdit)}</a> ` : ''}<a class="button secondary" href="/console/portals/new?parent=${id}">${esc(t.ptAddChild)}</a> <a class="button secondary" href="/console/sources/new?portal=${id}">${esc(t.ptAddSource)}</a> <a class="button secondary" href="/console/portals/${id}/scorecard">${esc(t.ptScorecard)}</a></p>
<h2>${esc(t.ptFieldsHeading)}</h2>
${fieldsList(view, portal, parent)}
<h2>${esc(t.ptSourcesHeading)}</h2>
${data.sources.length ? sourceTable(view, data.sources) : `<p>${esc(t.ptNoSources)}</p>`}
${pending}
<h2>${esc(t.ptChildrenHeading)}</h2>
${children}
${
  manages
    ? `<h2>${esc(t.ptDelete)}</h2><p class="hint">${esc(t.ptDeleteHint)}</p>${postForm(view, `/console/portals/${id}/delete`, `<button type="submit" class="danger">${esc(t.ptDelete)}</button>`, { confirm: t.ptDeleteConfirm })}`
    : ''
}`;
  return consolePage(view, { title: portal.name, section: 'portals', main });
}

export function renderSourceList(view: ConsoleView, data: SourceListData): string {
  const { t } = view;
  const stateWords: Record<SourceState, string> = { new: t.stateNew, ok: t.stateOk, failing: t.stateFailing, disabled: t.stateDisabled, paused: t.statePaused };
  const link = (page: number) => {
    const q = new URLSearchParams();
    if (data.state) q.set('state', data.state);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return `/console/sources${s ? `?${s}` : ''}`;
  };
  const paging =
    data.pages > 1
      ? `<nav class="paging" aria-label="${esc(t.ptPaging)}">${data.page > 1 ? `<a href="${esc(link(data.page - 1))}" rel="prev">${esc(t.ptPrev)}</a>` : ''} <span>${esc(t.ptPage)} ${data.page}/${data.pages}</span> ${
          data.page < data.pages ? `<a href="${esc(link(data.page + 1))}" rel="next">${esc(t.ptNext)}</a>` : ''
        }</nav>`
      : '';
  const main = `<h1>${esc(t.ptSrcHeading)}</h1>
<p>${esc(t.ptSrcIntro)}</p>
<form method="get" action="/console/sources" class="filter">
${select({ name: 'state', label: t.colState, value: data.state ?? '', options: [['', t.ptSrcStateAll], ...SOURCE_STATES.map((s): [string, string] => [s, stateWords[s]])] })}
<button type="submit">${esc(t.ptSrcShow)}</button>
</form>
<p role="status">${esc(t.ptSrcTotal)} ${number(view, data.total)}</p>
${data.rows.length ? sourceTable(view, data.rows, { withPortal: true }) : `<p>${esc(t.ptSrcNone)}</p>`}
${paging}`;
  return consolePage(view, { title: t.ptSrcHeading, section: 'sources', main });
}
