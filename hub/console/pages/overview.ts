/** The console's first page: the signed-in key's scope, its sources by state, and what needs a person. */
import { esc } from '../../pages/layout.ts';
import type { ConsoleOverview } from '../overview.ts';
import { consolePage } from '../frame.ts';
import { lastErrorText, stateBadge, timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';

export function renderOverview(view: ConsoleView, data: ConsoleOverview): string {
  const { t } = view;
  const stat = (label: string, n: number, cls = '') =>
    `<div class="stat${cls}"><dt>${esc(label)}</dt><dd>${n.toLocaleString(view.lang === 'vi' ? 'vi-VN' : 'en-GB')}</dd></div>`;
  const scope = data.scopePortal
    ? `<p>${esc(t.scopeOperator)} <a href="/console/portals/${encodeURIComponent(data.scopePortal.id)}">${esc(data.scopePortal.name)}</a></p>`
    : `<p>${esc(t.scopeAdmin)}</p>`;
  const rows = data.attention
    .map(
      ({ source, portal }) => `<tr>
<td><a href="/console/sources/${encodeURIComponent(source.id)}">${esc(source.url)}</a></td>
<td>${portal ? `<a href="/console/portals/${encodeURIComponent(portal.id)}">${esc(portal.name)}</a>` : esc(source.portalId)}</td>
<td>${stateBadge(view, source)}</td>
<td>${lastErrorText(view, source)}</td>
</tr>`,
    )
    .join('');
  const main = `<h1>${esc(t.overviewHeading)}</h1>
${scope}
<dl class="stats">
${stat(t.statPortals, data.portals)}
${stat(t.statSources, data.sources)}
${stat(t.statFailing, data.byState.failing, data.byState.failing ? ' warn' : '')}
${stat(t.statDisabled, data.byState.disabled, data.byState.disabled ? ' warn' : '')}
${stat(t.statPaused, data.byState.paused)}
</dl>
<h2>${esc(t.attentionHeading)}</h2>
${
  rows
    ? `<div class="table-wrap"><table><thead><tr><th scope="col">${esc(t.colSource)}</th><th scope="col">${esc(t.colPortal)}</th><th scope="col">${esc(t.colState)}</th><th scope="col">${esc(t.colLastError)}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p>${esc(t.attentionNone)}</p>`
}
<h2>${esc(t.silentHeading)}</h2>
<p class="hint">${esc(t.silentHint)}</p>
${
  data.silent.length
    ? `<div class="table-wrap"><table><thead><tr><th scope="col">${esc(t.colPortal)}</th><th scope="col">${esc(t.silentLast)}</th><th scope="col">${esc(t.silentNorm)}</th></tr></thead><tbody>${data.silent
        .map(
          ({ portal, silence }) => `<tr>
<td><a href="/console/portals/${encodeURIComponent(portal.id)}">${esc(portal.name)}</a></td>
<td>${silence.lastPublishedAt ? timeText(view, silence.lastPublishedAt) : esc(t.silentNever)}</td>
<td>${esc(t.silentDays.replace('{n}', String(silence.days)))}</td>
</tr>`,
        )
        .join('')}</tbody></table></div>`
    : `<p>${esc(t.silentNone)}</p>`
}`;
  return consolePage(view, { title: t.overviewHeading, section: 'overview', main });
}
