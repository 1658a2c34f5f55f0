/**
 * Adding a source the way an operator thinks of it, in three steps that each work without script:
 * 1. the portal and any address of it (its home page will do);
 * 2. what the hub found there (feeds, sitemaps, list pages), one to choose, or the address as it is;
 * 3. the items exactly as they will be published, the settings to adjust, preview again, save.
 */
import { esc } from '../../pages/layout.ts';
import type { DiscoveredSource, Discovery, Portal } from '../../model.ts';
import { field, postForm, problemBox, select, type FormProblem } from '../forms.ts';
import { consolePage } from '../frame.ts';
import type { ConsoleView } from '../view.ts';
import { extraDetails, kindOptions, previewBlock, settingsFields, type DraftForm } from './source-parts.ts';

export const NEW_SOURCE_PATH = '/console/sources/new';

function steps(view: ConsoleView, step: 1 | 2 | 3): string {
  const { t } = view;
  const names = [t.srcStepUrl, t.srcStepChoose, t.srcStepPreview];
  return `<ol class="steps">${names.map((name, i) => `<li${i + 1 === step ? ' aria-current="step" class="current"' : ''}>${esc(name)}</li>`).join('')}</ol>`;
}

function page(view: ConsoleView, step: 1 | 2 | 3, main: string): string {
  const { t } = view;
  return consolePage(view, {
    title: `${t.srcAddHeading} (${step}/3)`,
    section: 'sources',
    main: `<h1>${esc(t.srcAddHeading)}</h1>
${steps(view, step)}
${main}`,
  });
}

function portalSelect(view: ConsoleView, portals: Portal[], portalId: string, problem?: FormProblem): string {
  const { t } = view;
  return select(
    {
      name: 'portal',
      label: t.srcPortalLabel,
      value: portalId,
      required: true,
      options: [
        ...(portals.length === 1 ? [] : [['', t.srcPortalPick] as [string, string]]),
        ...portals.map((p): [string, string] => [p.id, `${p.name} (${p.id})`]),
      ],
    },
    problem,
    view,
  );
}

export interface AddUrlData {
  portals: Portal[];
  portalId: string;
  url: string;
  problem?: FormProblem;
}

/** Step 1: which portal, and an address. A GET form: nothing changes yet. */
export function renderAddUrl(view: ConsoleView, data: AddUrlData): string {
  const { t } = view;
  const main = `${problemBox(view, data.problem)}
<p>${esc(t.srcAddIntro)}</p>
<form method="get" action="${NEW_SOURCE_PATH}" class="stack">
${portalSelect(view, data.portals, data.portalId, data.problem)}
${field({ name: 'url', label: t.srcUrlLabel, value: data.url, type: 'url', required: true, hint: t.srcUrlHint, autocomplete: 'url' }, data.problem, view)}
<p><button type="submit">${esc(t.srcFind)}</button></p>
</form>`;
  return page(view, 1, main);
}

function why(view: ConsoleView, c: DiscoveredSource): string {
  const { t } = view;
  const words: Record<DiscoveredSource['via'], string> = {
    self: t.srcViaSelf,
    'link-alternate': t.srcViaLink,
    'wordpress-link': t.srcViaWordpress,
    'page-link': t.srcViaPageLink,
    'robots-txt': t.srcViaRobots,
    'common-path': t.srcViaCommon,
  };
  return words[c.via];
}

export const candidateValue = (c: Pick<DiscoveredSource, 'kind' | 'url'>) => `${c.kind}|${c.url}`;

/** Step 2: what the hub found, as choices; the address itself, with a kind, as the last one. */
export function renderCandidates(view: ConsoleView, data: { portalId: string; url: string; discovery: Discovery }): string {
  const { t } = view;
  const kinds = Object.fromEntries(kindOptions(view, false));
  const { candidates, problems } = data.discovery;
  const choices = candidates
    .map(
      (
        c,
        i,
      ) => `<li class="choice"><input type="radio" name="source" id="c-${i}" value="${esc(candidateValue(c))}"${i === 0 ? ' checked' : ''} aria-describedby="c-${i}-why">
<label for="c-${i}"><strong>${esc(c.title ?? c.url)}</strong> <span class="badge kind">${esc(kinds[c.kind] ?? c.kind)}</span></label>
<p class="hint" id="c-${i}-why"><span class="url">${esc(c.url)}</span><br>${esc(why(view, c))}${c.format ? ` · ${esc(t.srcFormat)} ${esc(c.format)}` : ''}${
        c.itemCount !== undefined ? ` · ${esc(t.srcEntries.replace('{n}', String(c.itemCount)))}` : ''
      }</p></li>`,
    )
    .join('\n');
  const main = `<p>${esc(t.srcFoundAt)} <span class="url">${esc(data.discovery.finalUrl ?? data.url)}</span>${data.discovery.title ? ` — ${esc(data.discovery.title)}` : ''}</p>
<form method="get" action="${NEW_SOURCE_PATH}" class="stack">
<input type="hidden" name="portal" value="${esc(data.portalId)}">
<input type="hidden" name="url" value="${esc(data.url)}">
<fieldset><legend>${esc(candidates.length ? t.srcChooseLegend : t.srcNoneFound)}</legend>
<ul class="choices">
${choices}
<li class="choice"><input type="radio" name="source" id="c-asis" value="asis"${candidates.length ? '' : ' checked'} aria-describedby="c-asis-hint">
<label for="c-asis"><strong>${esc(t.srcUseAsIs)}</strong></label>
<p class="hint" id="c-asis-hint"><span class="url">${esc(data.url)}</span><br>${esc(t.srcUseAsIsHint)}</p>
${select({ name: 'asisKind', label: t.srcKindLabel, value: '', options: kindOptions(view, true) })}
</li>
</ul>
</fieldset>
${
  problems.length
    ? `<details class="discovery-problems"><summary>${esc(t.srcDiscoveryProblems.replace('{n}', String(problems.length)))}</summary><ul>${problems
        .map((p) => `<li><span class="url">${esc(p.url)}</span>: ${esc(p.message)} <code>${esc(p.code)}</code></li>`)
        .join('')}</ul></details>`
    : ''
}
<p class="actions"><button type="submit">${esc(t.srcToPreview)}</button> <a href="${NEW_SOURCE_PATH}?portal=${encodeURIComponent(data.portalId)}&amp;url=${encodeURIComponent(data.url)}&amp;edit=1">${esc(t.srcOtherUrl)}</a></p>
</form>`;
  return page(view, 2, main);
}

export interface AddPreviewData extends DraftForm {
  portal?: Portal;
}

/** Step 3: the preview and the settings; "preview again" and "save" post the same form. */
export function renderAddPreview(view: ConsoleView, data: AddPreviewData): string {
  const { t } = view;
  const { draft } = data;
  const candidateHref = (url: string, kind: string) =>
    `${NEW_SOURCE_PATH}?portal=${encodeURIComponent(draft.portalId)}&url=${encodeURIComponent(url)}&source=${encodeURIComponent(`${kind}|${url}`)}`;
  const main = `${problemBox(view, data.problem)}
${data.error ? extraDetails(view, data.error, candidateHref, draft.url) : ''}
<dl class="facts">
<dt>${esc(t.srcPortalLabel)}</dt><dd>${esc(data.portal ? `${data.portal.name} (${data.portal.id})` : draft.portalId)}</dd>
<dt>${esc(t.srcUrlLabel)}</dt><dd><span class="url">${esc(draft.url)}</span> <a href="${NEW_SOURCE_PATH}?portal=${encodeURIComponent(draft.portalId)}&amp;url=${encodeURIComponent(draft.url)}">${esc(t.srcChooseAgain)}</a></dd>
</dl>
${data.preview ? previewBlock(view, data.preview, data.timeZone, t.srcPreviewHeading) : `<p>${esc(t.srcPreviewAgainHint)}</p>`}
${postForm(
  view,
  NEW_SOURCE_PATH,
  `<h2>${esc(t.srcSettingsHeading)}</h2>
<input type="hidden" name="portalId" value="${esc(draft.portalId)}">
<input type="hidden" name="url" value="${esc(draft.url)}">
${settingsFields(view, draft, data.problem, data.defaultInterval)}
<p class="actions"><button type="submit" name="do" value="preview" class="secondary">${esc(t.srcPreviewAgain)}</button> <button type="submit" name="do" value="save">${esc(t.srcSave)}</button></p>
<p class="hint">${esc(t.srcSaveHint)}</p>`,
  { className: 'stack' },
)}`;
  return page(view, 3, main);
}
