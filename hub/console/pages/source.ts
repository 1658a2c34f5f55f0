/**
 * A source's page for those who manage it: what it is and how it is doing, what to do about its
 * last error or its layout drift, the actions (refresh now, pause or resume, edit, delete), its
 * refresh history and its latest items, both paged by cursor.
 */
import { ownershipSteps } from './ownership.ts';
import { esc, safeHref } from '../../pages/layout.ts';
import type { RefreshReport } from '../../model.ts';
import type { ConsoleSource } from '../source.ts';
import { postForm } from '../forms.ts';
import { consolePage } from '../frame.ts';
import { lastErrorText, stateBadge, timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';
import { errorWords } from '../../error-words.ts';
import { itemCard } from './source-parts.ts';

export const sourcePath = (id: string) => `/console/sources/${encodeURIComponent(id)}`;

export type SourceNotice = 'created' | 'refreshed' | 'paused' | 'resumed' | 'saved' | 'muted' | 'unmuted';
export const SOURCE_NOTICES: readonly SourceNotice[] = ['created', 'refreshed', 'paused', 'resumed', 'saved', 'muted', 'unmuted'];

export function intervalText(view: ConsoleView, seconds: number): string {
  const { t } = view;
  if (seconds % 3600 === 0) return t.srcEveryHours.replace('{n}', String(seconds / 3600));
  if (seconds % 60 === 0) return t.srcEveryMinutes.replace('{n}', String(seconds / 60));
  return t.srcEverySeconds.replace('{n}', String(seconds));
}

/** A refresh in a sentence: what it found, or why it failed. */
export function reportSummary(view: ConsoleView, r: RefreshReport): string {
  const { t } = view;
  if (r.error) return `${errorWords(r.error.code, view.lang).title}: ${r.error.message}`;
  if (r.notModified) return t.srcNotModified;
  return t.srcCounts
    .replace('{new}', String(r.new))
    .replace('{updated}', String(r.updated))
    .replace('{unchanged}', String(r.unchanged))
    .replace('{rejected}', String(r.rejected));
}

function noticeText(view: ConsoleView, notice: SourceNotice | undefined, latest: RefreshReport | undefined): string {
  if (!notice) return '';
  const { t } = view;
  const said = {
    created: t.srcNoticeCreated,
    refreshed: t.srcNoticeRefreshed,
    paused: t.srcNoticePaused,
    resumed: t.srcNoticeResumed,
    saved: t.srcNoticeSaved,
    muted: t.srcNoticeMuted,
    unmuted: t.srcNoticeUnmuted,
  }[notice];
  const report = (notice === 'created' || notice === 'refreshed') && latest ? ` ${reportSummary(view, latest)}` : '';
  return `<p class="notice" role="status">${esc(said)}${esc(report)}</p>`;
}

const TRIGGERS = (view: ConsoleView): Record<RefreshReport['trigger'], string> => ({
  schedule: view.t.srcTriggerSchedule,
  operator: view.t.srcTriggerOperator,
  push: view.t.srcTriggerPush,
});

function historyTable(view: ConsoleView, data: ConsoleSource, timeZone: string, more: string): string {
  const { t } = view;
  const { reports, nextCursor } = data.refreshes;
  if (!reports.length) return `<p>${esc(t.srcNoRefreshes)}</p>`;
  const triggers = TRIGGERS(view);
  const n = (x: number | undefined) => (x === undefined ? '—' : x.toLocaleString(view.lang === 'vi' ? 'vi-VN' : 'en-GB'));
  const rows = reports
    .map(
      (r) => `<tr>
<td>${esc(triggers[r.trigger])}</td>
<td>${timeText(view, r.startedAt, timeZone)}</td>
<td>${esc(t.srcMs.replace('{n}', n(r.durationMs)))}</td>
<td>${r.httpStatus ?? '—'}${r.notModified ? ` <span class="muted">(${esc(t.srcNotModifiedShort)})</span>` : ''}</td>
<td>${n(r.bytes)}</td>
<td class="num" data-col="new">${n(r.new)}</td>
<td class="num">${n(r.updated)}</td>
<td class="num">${n(r.unchanged)}</td>
<td class="num">${n(r.rejected)}</td>
<td>${r.error ? `<strong>${esc(errorWords(r.error.code, view.lang).title)}</strong><br><span class="detail">${esc(r.error.message)}</span>` : '—'}</td>
</tr>`,
    )
    .join('');
  return `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="history-heading"><table class="history"><caption class="visually-hidden">${esc(t.srcHistoryHeading)}</caption><thead><tr>
<th scope="col">${esc(t.srcColTrigger)}</th><th scope="col">${esc(t.srcColStarted)}</th><th scope="col">${esc(t.srcColDuration)}</th><th scope="col">${esc(t.srcColHttp)}</th><th scope="col">${esc(t.srcColBytes)}</th>
<th scope="col" class="num">${esc(t.srcColNew)}</th><th scope="col" class="num">${esc(t.srcColUpdated)}</th><th scope="col" class="num">${esc(t.srcColUnchanged)}</th><th scope="col" class="num">${esc(t.srcColRejected)}</th><th scope="col">${esc(t.srcColError)}</th>
</tr></thead><tbody>${rows}</tbody></table></div>
${nextCursor ? `<p><a href="${esc(more)}refreshes=${encodeURIComponent(nextCursor)}#history-heading">${esc(t.srcOlderRefreshes)}</a></p>` : ''}`;
}

export interface SourcePageData extends ConsoleSource {
  notice?: SourceNotice;
  timeZone: string;
  /** The query of this page without its cursors (to page one list and keep the other). */
  query: { refreshes?: string; items?: string };
}

export function renderSource(view: ConsoleView, data: SourcePageData): string {
  const { t } = view;
  const { source, portal } = data;
  const path = sourcePath(source.id);
  const latest = data.query.refreshes ? undefined : data.refreshes.reports[0];
  const h = source.health;
  const nextDue = latest?.nextDueAt ?? h.backoffUntil;
  const kinds: Record<string, string> = { feed: t.srcKindFeed, html: t.srcKindHtml, json: t.srcKindJson, sitemap: t.srcKindSitemap };
  const langQ = view.path.includes('lang=') ? `lang=${view.lang}&` : '';
  const moreRefreshes = `${path}?${langQ}${data.query.items ? `items=${encodeURIComponent(data.query.items)}&` : ''}`;
  const moreItems = `${path}?${langQ}${data.query.refreshes ? `refreshes=${encodeURIComponent(data.query.refreshes)}&` : ''}`;
  const drift = h.drift
    ? `<section class="drift" aria-labelledby="drift-heading"><h2 id="drift-heading">${esc(t.srcDriftHeading)}</h2>
<p>${esc(t.srcDriftSaid.replace('{field}', h.drift.field))} <code>${esc(h.drift.selector)}</code></p>
<p class="detail">${esc(h.drift.message)}</p>
<p>${esc(t.srcDriftCounts.replace('{matched}', String(h.drift.matched)).replace('{missing}', String(h.drift.missing)))} ${esc(t.srcSince)} ${timeText(view, h.drift.since, data.timeZone)}</p>
<p><strong>${esc(t.whatToDo)}</strong> ${esc(t.srcDriftWhat)} <a href="${path}/edit">${esc(t.srcEdit)}</a></p></section>`
    : '';
  const problems =
    h.warnings.length || h.rejected.length
      ? `<section aria-labelledby="warn-heading"><h2 id="warn-heading">${esc(t.srcLastFetchHeading)}</h2>
${h.warnings.length ? `<h3>${esc(t.srcWarningsHeading)}</h3><ul class="warnings">${h.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
${h.rejected.length ? `<h3>${esc(t.srcRejectedHeading)}</h3><ul class="rejected">${h.rejected.map((r) => `<li><strong>${esc(r.ref)}</strong>: ${esc(r.reasons.join('; '))}</li>`).join('')}</ul>` : ''}
</section>`
      : '';
  const items = data.items.items.length
    ? `<ul class="item-cards">${data.items.items.map((i) => itemCard(view, i, data.timeZone)).join('')}</ul>
${data.items.nextCursor ? `<p><a href="${esc(moreItems)}items=${encodeURIComponent(data.items.nextCursor)}#items-heading">${esc(t.srcOlderItems)}</a></p>` : ''}`
    : `<p>${esc(t.srcNoItems)}</p>`;
  const pending = source.ownership?.state === 'pending' ? `<p class="notice warn">${esc(t.srcOwnershipPending)}</p>` : '';
  const main = `${noticeText(view, data.notice, data.refreshes.reports[0])}
<h1>${esc(t.srcPageHeading)} <span class="url">${esc(source.url)}</span></h1>
${pending}
${ownershipSteps(view, source)}
<dl class="facts">
<dt>${esc(t.srcUrlLabel)}</dt><dd><a href="${safeHref(source.url)}" rel="noopener noreferrer" class="url">${esc(source.url)}</a></dd>
<dt>${esc(t.srcPortalLabel)}</dt><dd><a href="/console/portals/${encodeURIComponent(source.portalId)}">${esc(portal?.name ?? source.portalId)}</a></dd>
<dt>${esc(t.srcKindLabel)}</dt><dd>${esc(kinds[source.kind] ?? source.kind)} (<code>${esc(source.kind)}</code>)</dd>
<dt>${esc(t.colState)}</dt><dd>${stateBadge(view, source)}${source.paused ? ` ${esc(t.srcPausedSaid)}` : ''}</dd>
<dt>${esc(t.srcInterval)}</dt><dd>${esc(intervalText(view, source.intervalSeconds))}</dd>
<dt>${esc(t.srcLastSuccess)}</dt><dd>${timeText(view, h.lastSuccessAt, data.timeZone)}</dd>
<dt>${esc(t.srcNextDue)}</dt><dd>${source.paused ? esc(t.srcNotWhilePaused) : timeText(view, nextDue, data.timeZone)}</dd>
<dt>${esc(t.srcAlerts)}</dt><dd>${esc(source.alertsMuted ? t.srcAlertsMuted : t.srcAlertsOn)}</dd>
<dt>${esc(t.srcId)}</dt><dd><code>${esc(source.id)}</code></dd>
</dl>
<div class="actions">
${postForm(view, `${path}/refresh`, `<button type="submit">${esc(t.srcRefreshNow)}</button>`, { className: 'inline' })}
${postForm(
  view,
  `${path}/pause`,
  `<input type="hidden" name="paused" value="${source.paused ? '0' : '1'}"><button type="submit" class="secondary">${esc(source.paused ? t.srcResume : t.srcPause)}</button>`,
  { className: 'inline' },
)}
${postForm(
  view,
  `${path}/alerts`,
  `<input type="hidden" name="muted" value="${source.alertsMuted ? '0' : '1'}"><button type="submit" class="secondary">${esc(source.alertsMuted ? t.srcUnmute : t.srcMute)}</button>`,
  { className: 'inline' },
)}
<a class="button secondary" href="${path}/edit">${esc(t.srcEdit)}</a>
${postForm(view, `${path}/delete`, `<button type="submit" class="danger">${esc(t.srcDelete)}</button>`, { className: 'inline', confirm: t.srcDeleteConfirm.replace('{url}', source.url) })}
</div>
<section aria-labelledby="error-heading"><h2 id="error-heading">${esc(t.colLastError)}</h2>
<p>${lastErrorText(view, source)}</p>
${h.consecutiveFailures ? `<p>${esc(t.srcFailures.replace('{n}', String(h.consecutiveFailures)))}</p>` : ''}
</section>
${drift}
${problems}
<section aria-labelledby="history-heading"><h2 id="history-heading">${esc(t.srcHistoryHeading)}</h2>
${data.query.refreshes ? `<p><a href="${path}#history-heading">${esc(t.srcNewest)}</a></p>` : ''}
${historyTable(view, data, data.timeZone, moreRefreshes)}
</section>
<section aria-labelledby="items-heading"><h2 id="items-heading">${esc(t.srcItemsHeading)}</h2>
${data.query.items ? `<p><a href="${path}#items-heading">${esc(t.srcNewest)}</a></p>` : ''}
${items}
</section>`;
  return consolePage(view, { title: `${t.srcPageHeading} ${source.url}`, section: 'sources', main });
}

/** The confirmation step of a delete, for a browser without script (or a form sent without it). */
export function renderDeleteConfirm(view: ConsoleView, data: ConsoleSource): string {
  const { t } = view;
  const { source } = data;
  const path = sourcePath(source.id);
  const main = `<h1>${esc(t.srcDeleteHeading)}</h1>
<p>${esc(t.srcDeleteAsk.replace('{url}', source.url))}</p>
<p>${esc(t.srcDeleteItems)}</p>
${postForm(view, `${path}/delete`, `<input type="hidden" name="confirmed" value="1"><p class="actions"><button type="submit" class="danger">${esc(t.srcDeleteYes)}</button> <a href="${path}">${esc(t.srcCancel)}</a></p>`)}`;
  return consolePage(view, { title: t.srcDeleteHeading, section: 'sources', main });
}
