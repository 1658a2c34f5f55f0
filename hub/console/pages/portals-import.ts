/**
 * Bulk import of the portal directory (admin): a text box for CSV or JSON (a chosen file is read
 * into it by console.js `data-into`; without JavaScript the text is pasted), "check" (a dry run:
 * nothing stored) and "import". The answer lists every row with what was or would be done, or
 * the row's error right next to it.
 */
import { esc } from '../../pages/layout.ts';
import { fieldMessage } from '../../error-words.ts';
import { CSV_COLUMNS } from '../../directory/import.ts';
import type { ImportView } from '../portal-import.ts';
import { consolePage } from '../frame.ts';
import { formProblem, postForm, problemBox } from '../forms.ts';
import type { ConsoleView } from '../view.ts';
import { portalHref } from './portals.ts';

export function renderPortalImport(view: ConsoleView, data?: ImportView): string {
  const { t } = view;
  const outcomeWords = { created: t.ptImpCreated, updated: t.ptImpUpdated, unchanged: t.ptImpUnchanged };
  const problem = data?.error ? formProblem(data.error, view) : undefined;
  // the rows carry their own errors: the summary at the top keeps only the file's own
  if (problem) problem.fields = new Map([...problem.fields].filter(([name]) => name === 'text'));
  const errorList = (errors: { field: string; message: string }[]) =>
    `<ul class="row-errors">${errors.map((e) => `<li>${e.field ? `<code>${esc(e.field)}</code>: ` : ''}${esc(fieldMessage(e.message, view.lang))}</li>`).join('')}</ul>`;
  const rows = data?.rows.length
    ? `<div class="table-wrap"><table class="import-rows cards"><thead><tr><th scope="col">${esc(t.ptImpColRow)}</th><th scope="col">${esc(t.ptId)}</th><th scope="col">${esc(t.ptName)}</th><th scope="col">${esc(t.ptLevel)}</th><th scope="col">${esc(t.ptParent)}</th><th scope="col">${esc(t.ptImpColOutcome)}</th></tr></thead><tbody>${data.rows
        .map((r) => {
          const id = r.outcome && r.outcome !== 'unchanged' && !data.dryRun ? `<a href="${portalHref(r.id)}">${esc(r.id)}</a>` : esc(r.id);
          const outcome = r.errors.length
            ? `<span class="badge state-disabled">${esc(t.ptImpError)}</span>${errorList(r.errors)}`
            : r.outcome
              ? `<span class="badge state-${r.outcome === 'unchanged' ? 'paused' : 'ok'}">${esc(outcomeWords[r.outcome])}</span>`
              : '';
          return `<tr id="row-${esc(r.label)}"${r.errors.length ? ' class="row-invalid"' : ''}><th scope="row" data-label="${esc(t.ptImpColRow)}">${esc(r.label)}</th><td data-label="${esc(t.ptId)}" class="nowrap"><code>${id}</code></td><td data-label="${esc(t.ptName)}">${esc(r.name)}</td><td data-label="${esc(t.ptLevel)}" class="nowrap">${esc(r.level)}</td><td data-label="${esc(t.ptParent)}" class="nowrap">${esc(r.parentId)}</td><td data-label="${esc(t.ptImpColOutcome)}">${outcome}</td></tr>`;
        })
        .join('')}</tbody></table></div>`
    : '';
  const result = data
    ? `<section aria-labelledby="result-heading" class="import-result">
<h2 id="result-heading">${esc(t.ptImpResultHeading)}</h2>
${data.error ? `<p class="field-error">${esc(t.ptImpRefused)}</p>` : data.dryRun ? `<p class="notice" role="status">${esc(t.ptImpDry)}</p>` : `<p class="notice" role="status">${esc(t.ptDoneImported)}</p>`}
${data.result ? `<p>${esc(t.ptImpCreated)}: ${data.result.created.length} · ${esc(t.ptImpUpdated)}: ${data.result.updated.length} · ${esc(t.ptImpUnchanged)}: ${data.result.unchanged.length}</p>` : ''}
${data.general.length ? `<p><strong>${esc(t.ptImpFileProblem)}</strong></p>${errorList(data.general)}` : ''}
${rows}
</section>`
    : '';
  const inner = `<div class="field${problem ? ' invalid' : ''}"><label for="f-text">${esc(t.ptImpText)}</label><p class="hint" id="f-text-hint">${esc(t.ptImpColumns)} <code>${esc(CSV_COLUMNS.join(','))}</code></p>
<textarea id="f-text" name="text" rows="12" required spellcheck="false" aria-describedby="f-text-hint"${problem ? ' aria-invalid="true"' : ''}>${esc(data?.text ?? '')}</textarea></div>
<div class="field"><label for="f-file">${esc(t.ptImpFile)}</label><p class="hint" id="f-file-hint">${esc(t.ptImpFileHint)}</p><input type="file" id="f-file" accept=".csv,.json,text/csv,application/json" data-into="#f-text" aria-describedby="f-file-hint"></div>
<p class="actions"><button type="submit" name="action" value="check" class="secondary">${esc(t.ptImpCheck)}</button> <button type="submit" name="action" value="import">${esc(t.ptImpRun)}</button></p>`;
  const main = `<h1>${esc(t.ptImpHeading)}</h1>
<p>${esc(t.ptImpIntro)}</p>
${problemBox(view, problem)}
${result}
${postForm(view, '/console/portals/import', inner, { className: 'card' })}`;
  return consolePage(view, { title: t.ptImpHeading, section: 'portals', main });
}
