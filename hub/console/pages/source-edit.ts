/**
 * Editing a source: its kind, interval and options. "Preview the change" shows what the edited
 * settings would publish beside what the source publishes now; "save" changes it. A refused form
 * comes back as typed, with the reasons next to the fields.
 */
import { esc } from '../../pages/layout.ts';
import type { ConsoleSource } from '../source.ts';
import { postForm, problemBox } from '../forms.ts';
import { consolePage } from '../frame.ts';
import type { ConsoleView } from '../view.ts';
import { extraDetails, itemCard, previewBlock, settingsFields, type DraftForm } from './source-parts.ts';
import { sourcePath } from './source.ts';

export interface SourceEditData extends ConsoleSource, DraftForm {}

export function renderSourceEdit(view: ConsoleView, data: SourceEditData): string {
  const { t } = view;
  const { source } = data;
  const path = sourcePath(source.id);
  const now = data.items.items.length
    ? `<ul class="item-cards">${data.items.items
        .slice(0, data.preview ? data.preview.items.length || 5 : 5)
        .map((i) => itemCard(view, i, data.timeZone))
        .join('')}</ul>`
    : `<p>${esc(t.srcNoItems)}</p>`;
  const comparison = data.preview
    ? `<div class="compare">
<section aria-labelledby="now-heading"><h2 id="now-heading">${esc(t.srcNowHeading)}</h2>${now}</section>
${previewBlock(view, data.preview, data.timeZone, t.srcAfterHeading)}
</div>`
    : '';
  const main = `<h1>${esc(t.srcEditHeading)} <span class="url">${esc(source.url)}</span></h1>
<p><a href="${path}">${esc(t.srcBackToSource)}</a></p>
${problemBox(view, data.problem)}
${data.error ? extraDetails(view, data.error, () => path) : ''}
${comparison}
${postForm(
  view,
  `${path}/edit`,
  `${settingsFields(view, data.draft, data.problem, data.defaultInterval)}
<p class="actions"><button type="submit" name="do" value="preview" class="secondary">${esc(t.srcPreviewChange)}</button> <button type="submit" name="do" value="save">${esc(t.srcSaveChange)}</button></p>`,
  { className: 'stack' },
)}`;
  return consolePage(view, { title: `${t.srcEditHeading} ${source.url}`, section: 'sources', main });
}
