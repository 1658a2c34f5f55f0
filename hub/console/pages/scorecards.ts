/**
 * Scorecards in the console: the national table of one level (Hub.scorecards), sortable by each
 * column through links (?sort=…&order=…, aria-sort on the sorted header), each row's 12 weeks as
 * a small inline SVG, the grade's rule in words and the CSV of the same table (the public API's);
 * and one portal's card (Hub.scorecard, alone or with its subtree), every figure labelled. The
 * scorecards are public in the API, so every signed-in key sees every portal's here too.
 */
import { PORTAL_LEVELS } from '../../directory/levels.ts';
import { levelName } from '../../pages/levels.ts';
import { esc } from '../../pages/layout.ts';
import type { Scorecard, ScorecardRow, ScorecardTable } from '../../model.ts';
import type { MessageKey } from '../../pages/i18n/index.ts';
import { consolePage } from '../frame.ts';
import { select } from '../forms.ts';
import { timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';
import { weeksChart, weeksSparkline } from './charts.ts';

// number formats made once per language (toLocaleString makes one on every call: slow over a table)
const NUMBER = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};
const PERCENT = {
  vi: new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
};

export function numberText(view: Pick<ConsoleView, 'lang'>, n: number | null): string {
  return n === null ? '—' : NUMBER[view.lang].format(n);
}

export function shareText(view: Pick<ConsoleView, 'lang'>, share: number | null): string {
  return share === null ? '—' : PERCENT[view.lang].format(share);
}

/** A delay in words: 45 giây, 12 phút, 2 giờ 5 phút, 3 ngày 4 giờ. */
export function durationText(view: Pick<ConsoleView, 't'>, seconds: number | null): string {
  const { t } = view;
  if (seconds === null) return '—';
  if (seconds < 60) return t.durSeconds.replace('{n}', String(seconds));
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t.durMinutes.replace('{n}', String(minutes));
  if (minutes < 24 * 60) return t.durHours.replace('{h}', String(Math.floor(minutes / 60))).replace('{m}', String(minutes % 60));
  const hours = Math.round(minutes / 60);
  return t.durDays.replace('{d}', String(Math.floor(hours / 24))).replace('{h}', String(hours % 24));
}

const gradeBadge = (view: ConsoleView, grade: ScorecardRow['grade']) =>
  `<span class="grade grade-${esc(grade)}"><span class="visually-hidden">${esc(view.t.scGrade)} </span>${esc(grade)}</span>`;

function sourcesText(view: ConsoleView, s: ScorecardRow['sources']): string {
  const { t } = view;
  return `<span class="src-counts"><span class="state-ok">${s.ok} ${esc(t.stateOk)}</span><span class="sep"> · </span><span class="state-failing">${s.failing} ${esc(t.stateFailing)}</span><span class="sep"> · </span><span class="state-disabled">${s.disabled} ${esc(t.stateDisabled)}</span></span>`;
}

export const cardHref = (portalId: string, subtree = false) => `/console/portals/${encodeURIComponent(portalId)}/scorecard${subtree ? '?subtree=1' : ''}`;

/** The table's own address sorted by a column: ascending first, the other way when it is already so. */
function sortHref(table: ScorecardTable, column: string): string {
  const order = table.sort === column && table.order === 'asc' ? 'desc' : 'asc';
  return `/console/scorecards?${new URLSearchParams({ level: table.level, sort: column, order })}`;
}

export function csvHref(table: Pick<ScorecardTable, 'level' | 'sort' | 'order'>): string {
  return `/api/v1/scorecards.csv?${new URLSearchParams({ level: table.level, ...(table.sort ? { sort: table.sort, order: table.order } : {}) })}`;
}

/** The table's columns: header text, the SORT_COLUMNS key it sorts by (none: not sortable), the cell. */
const COLUMNS: [MessageKey, string | undefined, (view: ConsoleView, r: ScorecardRow) => string, string?][] = [
  ['scColPortal', 'name', (_v, r) => `<a href="${cardHref(r.portalId)}">${esc(r.name)}</a>`],
  ['scGrade', 'grade', (v, r) => gradeBadge(v, r.grade), 'num'],
  ['scColWeeks', undefined, (v, r) => weeksSparkline(v, r.name, r.weeks)],
  ['scColItems', 'itemsInWindow', (v, r) => numberText(v, r.itemsInWindow), 'num'],
  ['scColPerWeek', 'averagePerWeek', (v, r) => numberText(v, r.averagePerWeek), 'num'],
  ['scLastPublished', 'lastPublishedAt', (v, r) => timeText(v, r.lastPublishedAt ?? undefined)],
  ['scMedianDelay', 'medianDelaySeconds', (v, r) => durationText(v, r.medianDelaySeconds), 'num'],
  ['scColSources', 'sourcesFailing', (v, r) => sourcesText(v, r.sources)],
  ['scImageShare', 'imageShare', (v, r) => shareText(v, r.imageShare), 'num'],
  ['scTopicShare', 'topicShare', (v, r) => shareText(v, r.topicShare), 'num'],
  ['scRepublishedByOthers', 'republishedByOthers', (v, r) => numberText(v, r.republishedByOthers), 'num'],
  ['scRepublishedFromOthers', 'republishedFromOthers', (v, r) => numberText(v, r.republishedFromOthers), 'num'],
];

function gradeRuleText(view: ConsoleView, rule: Scorecard['gradeRule']): string {
  return `<section class="card grade-rule" aria-labelledby="grade-rule"><h2 id="grade-rule">${esc(view.t.scGradeRuleHeading)}</h2><p>${esc(rule[view.lang])}</p><p class="hint">${esc(view.t.scGradeRuleNote)}</p></section>`;
}

function windowText(view: ConsoleView, window: Scorecard['window']): string {
  return `<p class="muted">${esc(view.t.scWindow)} ${timeText(view, window.since)} – ${timeText(view, window.until)}</p>`;
}

export function renderScorecards(view: ConsoleView, table: ScorecardTable): string {
  const { t } = view;
  const levelForm = `<form method="get" action="/console/scorecards" class="filters inline-form">
${select({ name: 'level', label: t.scLevel, value: table.level, options: PORTAL_LEVELS.map((l): [string, string] => [l, levelName(t, l)]) })}
<div class="filter-buttons"><button type="submit">${esc(t.scShow)}</button></div>
</form>`;
  const head = COLUMNS.map(([key, sort, , cls]) => {
    const sorted = sort && table.sort === sort ? (table.order === 'asc' ? 'ascending' : 'descending') : undefined;
    const text = esc(t[key]);
    const inner = sort
      ? `<a href="${esc(sortHref(table, sort))}">${text}<span class="sort-mark" aria-hidden="true">${sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}</span></a>`
      : text;
    return `<th scope="col"${cls ? ` class="${cls}"` : ''}${sorted ? ` aria-sort="${sorted}"` : ''}>${inner}</th>`;
  }).join('');
  const rows = table.scorecards
    .map(
      (r) =>
        `<tr>${COLUMNS.map(([, , cell, cls], i) => (i === 0 ? `<th scope="row">${cell(view, r)}</th>` : `<td${cls ? ` class="${cls}"` : ''}>${cell(view, r)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  const tableLevel = levelName(t, table.level);
  const main = `<h1>${esc(t.scHeading)}</h1>
<p>${esc(t.scIntro)}</p>
${levelForm}
${windowText(view, table.window)}
<p><a href="${esc(csvHref(table))}" download="scorecards-${esc(table.level)}.csv">${esc(t.scCsv)}</a> <span class="muted">(${esc(t.scCsvHint)})</span></p>
${
  rows
    ? `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="sc-caption"><table class="scorecards"><caption id="sc-caption">${esc(t.scTableCaption.replace('{level}', tableLevel).replace('{n}', String(table.scorecards.length)))}</caption>
<thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>`
    : `<p>${esc(t.scNone)}</p>`
}
${gradeRuleText(view, table.gradeRule)}`;
  return consolePage(view, { title: t.scHeading, section: 'scorecards', main });
}

export function renderPortalScorecard(view: ConsoleView, card: Scorecard): string {
  const { t } = view;
  const fact = (label: string, value: string, id?: string) => `<div${id ? ` id="${id}"` : ''}><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
  const s = card.sources;
  const heading = t.scCardHeading.replace('{name}', card.name);
  const other = card.subtree
    ? `<a href="${cardHref(card.portalId)}">${esc(t.scPortalAlone)}</a>`
    : `<a href="${cardHref(card.portalId, true)}">${esc(t.scWithSubtree)}</a>`;
  const apiQuery = card.subtree ? '?subtree=1' : '';
  const id = encodeURIComponent(card.portalId);
  const main = `<h1>${esc(heading)}</h1>
<p>${esc(card.subtree ? t.scSubtreeNote.replace('{n}', String(card.portals)) : t.scAloneNote)} ${other}</p>
${windowText(view, card.window)}
<div class="card-top">
<p class="grade-big">${esc(t.scGrade)}: ${gradeBadge(view, card.grade)}</p>
<figure class="chart"><figcaption>${esc(t.scChartCaption)}</figcaption>${weeksChart(view, card.name, card.weeks)}</figure>
</div>
<dl class="figures">
${fact(t.scColItems, numberText(view, card.itemsInWindow), 'f-items')}
${fact(t.scColPerWeek, numberText(view, card.averagePerWeek), 'f-per-week')}
${fact(t.scLastPublished, timeText(view, card.lastPublishedAt ?? undefined), 'f-last')}
${fact(t.scMedianDelay, `${durationText(view, card.medianDelaySeconds)}${card.medianDelaySeconds === null ? '' : ` <span class="muted">(${numberText(view, card.medianDelaySeconds)} ${esc(t.scSecondsShort)})</span>`}`, 'f-delay')}
${fact(t.scSourcesTotal, numberText(view, s.total), 'f-sources')}
${fact(t.stateOk, numberText(view, s.ok), 'f-ok')}
${fact(t.stateFailing, numberText(view, s.failing), 'f-failing')}
${fact(t.stateDisabled, numberText(view, s.disabled), 'f-disabled')}
${fact(t.stateNew, numberText(view, s.new), 'f-new')}
${fact(t.statePaused, numberText(view, s.paused), 'f-paused')}
${fact(t.scImageShare, shareText(view, card.imageShare), 'f-image')}
${fact(t.scTopicShare, shareText(view, card.topicShare), 'f-topic')}
${fact(t.scRepublishedByOthers, numberText(view, card.republishedByOthers), 'f-by-others')}
${fact(t.scRepublishedFromOthers, numberText(view, card.republishedFromOthers), 'f-from-others')}
</dl>
<p class="hint">${esc(t.scDelayNote)} ${esc(t.scRepublishNote)}</p>
<details class="week-table"><summary>${esc(t.scWeeksTable)}</summary><div class="table-wrap"><table><thead><tr><th scope="col">${esc(t.scColWeek)}</th><th scope="col">${esc(t.scColWeekStart)}</th><th scope="col" class="num">${esc(t.scColItems)}</th></tr></thead><tbody>${card.weeks
    .map((w) => `<tr><th scope="row">${esc(w.week)}</th><td>${esc(w.start)}</td><td class="num">${w.items}</td></tr>`)
    .join('')}</tbody></table></div></details>
${gradeRuleText(view, card.gradeRule)}
<ul class="links">
<li><a href="/console/portals/${id}">${esc(t.scPortalPage)}</a></li>
${card.level ? `<li><a href="/console/scorecards?level=${esc(card.level)}">${esc(t.scLevelTable.replace('{level}', levelName(t, card.level)))}</a></li>` : ''}
<li><a href="/api/v1/portals/${id}/scorecard${apiQuery}">${esc(t.scJson)}</a> · <a href="/api/v1/portals/${id}/scorecard.svg${apiQuery}">${esc(t.scSvg)}</a></li>
</ul>`;
  return consolePage(view, { title: heading, section: 'scorecards', main });
}
