/**
 * What the source pages share: the source's editable settings as a form (kind, interval, the
 * adapter's options: an html source's selectors as fields, every other option as JSON), reading
 * that form back, and a preview shown as the items will be published, with its problems in words.
 */
import { esc, safeHref } from '../../pages/layout.ts';
import { adapterKinds, getAdapter } from '../../../adapters/registry.ts';
import { ajv, SCHEMA_BASE } from '../../../schemas/index.ts';
import { errorWords, fieldMessage } from '../../error-words.ts';
import type { HubError } from '../../errors.ts';
import type { Item, Preview } from '../../model.ts';
import { field, formProblem, select, type FormProblem } from '../forms.ts';
import { timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';

/** An html source's selectors shown as fields of their own (when they are plain selectors). */
export const HTML_FIELDS = ['itemSelector', 'title', 'link', 'date', 'dateFormat', 'summary', 'image', 'category'] as const;

/** The settings as typed: strings, kept as they are when the hub refuses them. */
/** What a page with the source form shows: the draft as typed, its preview, or why it was refused. */
export interface DraftForm {
  draft: SourceDraft;
  preview?: Preview;
  problem?: FormProblem;
  /** The refusal, for what it carries besides field errors. */
  error?: HubError;
  timeZone: string;
  defaultInterval: number;
}

export interface SourceDraft {
  portalId: string;
  url: string;
  /** '' in the add flow: let the hub tell by the body. */
  kind: string;
  intervalSeconds: string;
  /** Options as JSON text (the html fields taken out when shown as fields). */
  options: string;
  /** html only: the selector fields. */
  selectors: Partial<Record<(typeof HTML_FIELDS)[number], string>>;
}

/** The settings of an existing source, or of a preview's suggestion, as a draft. */
export function draftOf(values: {
  portalId: string;
  url: string;
  kind: string;
  intervalSeconds?: number | string;
  options?: Record<string, unknown>;
}): SourceDraft {
  const options = { ...(values.options ?? {}) };
  const selectors: SourceDraft['selectors'] = {};
  if (values.kind === 'html')
    for (const name of HTML_FIELDS)
      if (typeof options[name] === 'string') {
        selectors[name] = options[name] as string;
        delete options[name];
      }
  return {
    portalId: values.portalId,
    url: values.url,
    kind: values.kind,
    intervalSeconds: values.intervalSeconds === undefined ? '' : String(values.intervalSeconds),
    options: Object.keys(options).length ? JSON.stringify(options, null, 2) : '',
    selectors,
  };
}

/** The draft a form sent (fields named as `settingsFields` writes them). */
export function draftFromForm(form: URLSearchParams): SourceDraft {
  const selectors: SourceDraft['selectors'] = {};
  for (const name of HTML_FIELDS) {
    const v = form.get(`opt-${name}`);
    if (v !== null) selectors[name] = v;
  }
  return {
    portalId: form.get('portalId') ?? '',
    url: (form.get('url') ?? '').trim(),
    kind: form.get('kind') ?? '',
    intervalSeconds: (form.get('intervalSeconds') ?? '').trim(),
    options: form.get('options') ?? '',
    selectors,
  };
}

export interface ReadDraft {
  kind?: string;
  intervalSeconds?: number;
  options?: Record<string, unknown>;
  /** Field errors found before asking the hub (the options are not JSON). */
  errors: { field: string; message: string }[];
}

/**
 * A draft as use-case input. An interval that is not a whole number is passed on as typed, so the
 * hub's schema names the field; options that are not a JSON object are refused here, by field.
 */
export function readDraft(draft: SourceDraft, lang: ConsoleView['lang']): ReadDraft {
  const errors: ReadDraft['errors'] = [];
  let options: Record<string, unknown> | undefined;
  const text = draft.options.trim();
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) options = parsed as Record<string, unknown>;
      else
        errors.push({
          field: '/options',
          message:
            lang === 'vi'
              ? 'phải là một đối tượng JSON, ví dụ {"timeZone": "Asia/Ho_Chi_Minh"}'
              : 'must be a JSON object, e.g. {"timeZone": "Asia/Ho_Chi_Minh"}',
        });
    } catch (e) {
      errors.push({ field: '/options', message: `${lang === 'vi' ? 'không phải JSON hợp lệ' : 'is not valid JSON'}: ${(e as Error).message}` });
    }
  }
  if (draft.kind === 'html') {
    for (const name of HTML_FIELDS) {
      const v = draft.selectors[name]?.trim();
      if (v) (options ??= {})[name] = v;
    }
  }
  const interval = draft.intervalSeconds;
  return {
    ...(draft.kind ? { kind: draft.kind } : {}),
    ...(interval ? { intervalSeconds: /^\d+$/.test(interval) ? Number(interval) : (interval as unknown as number) } : {}),
    ...(options ? { options } : {}),
    errors,
  };
}

/**
 * A refusal's field errors by the name of the field that shows them: /options/itemSelector is the
 * html field `opt-itemSelector` when it is shown, else the options' JSON.
 */
export function draftProblem(e: HubError, view: ConsoleView, kind: string): FormProblem {
  const problem = formProblem(e, view);
  if (kind !== 'html') return problem;
  const shownApart = (f: { field: string }) => {
    const name = /^\/options\/([^/]+)/.exec(f.field)?.[1];
    return name && (HTML_FIELDS as readonly string[]).includes(name) ? `opt-${name}` : undefined;
  };
  if (!(e.errors ?? []).some(shownApart)) return problem;
  problem.fields.delete('options');
  for (const f of e.errors ?? []) {
    const name = shownApart(f) ?? (f.field.startsWith('/options') ? 'options' : undefined);
    if (!name) continue;
    const said = fieldMessage(f.message, view.lang);
    problem.fields.set(name, problem.fields.has(name) ? `${problem.fields.get(name)}; ${said}` : said);
  }
  return problem;
}

/** The kinds to choose from, with the adapter's own name. */
export function kindOptions(view: ConsoleView, withAuto: boolean): [string, string][] {
  const { t } = view;
  const names: Record<string, string> = { feed: t.srcKindFeed, html: t.srcKindHtml, json: t.srcKindJson, sitemap: t.srcKindSitemap };
  return [
    ...(withAuto ? [['', t.srcKindAuto] as [string, string]] : []),
    ...adapterKinds().map((k): [string, string] => [k, names[k] ? `${names[k]} (${k})` : k]),
  ];
}

/** The option names of a kind and what they mean (from its schema), for the options' help. */
function optionHelp(kind: string): [string, string][] {
  try {
    const schema = ajv().getSchema(`${SCHEMA_BASE}schemas/${getAdapter(kind).optionsSchema}`)?.schema as
      { properties?: Record<string, { description?: string }> } | undefined;
    return Object.entries(schema?.properties ?? {}).map(([name, p]) => [name, p.description ?? '']);
  } catch {
    return [];
  }
}

/** Kind, interval and options; `kindFixed` keeps the kind as chosen (a hidden field). */
export function settingsFields(view: ConsoleView, draft: SourceDraft, problem: FormProblem | undefined, defaultInterval: number): string {
  const { t } = view;
  const kind = draft.kind;
  const selectorFields =
    kind === 'html'
      ? `<fieldset class="selectors"><legend>${esc(t.srcSelectorsLegend)}</legend>
<p class="hint">${esc(t.srcSelectorsHint)}</p>
${HTML_FIELDS.map((name) =>
  field(
    { name: `opt-${name}`, label: name, value: draft.selectors[name] ?? '', ...(name === 'itemSelector' ? { hint: t.srcItemSelectorHint } : {}) },
    problem,
    view,
  ),
).join('\n')}
</fieldset>`
      : '';
  const help = kind ? optionHelp(kind) : [];
  return `${select({ name: 'kind', label: t.srcKindLabel, value: kind, options: kindOptions(view, !kind), hint: t.srcKindHint }, problem, view)}
${field({ name: 'intervalSeconds', label: t.srcIntervalLabel, value: draft.intervalSeconds, type: 'number', attrs: 'min="60" max="604800" step="60" inputmode="numeric"', hint: t.srcIntervalHint.replace('{n}', String(defaultInterval)) }, problem, view)}
${selectorFields}
${field({ name: 'options', label: kind === 'html' ? t.srcOtherOptionsLabel : t.srcOptionsLabel, value: draft.options, type: 'textarea', hint: t.srcOptionsHint, attrs: 'spellcheck="false" class="code"' }, problem, view)}
${
  help.length
    ? `<details class="option-help"><summary>${esc(t.srcOptionsHelp.replace('{kind}', kind))}</summary><dl>${help
        .map(([name, description]) => `<dt><code>${esc(name)}</code></dt><dd>${esc(description || '—')}</dd>`)
        .join('')}</dl></details>`
    : ''
}`;
}

/** One item as it will be published: image, title (to the portal's page), date in the hub's zone, summary, topics, flags. */
export function itemCard(
  view: ConsoleView,
  item: Pick<Item, 'title' | 'url' | 'publishedAt' | 'summary' | 'topics' | 'flags'> & { image?: string },
  timeZone: string,
): string {
  const { t } = view;
  const flags = item.flags.map((f) => `<span class="badge flag">${esc(flagWord(view, f))}</span>`).join(' ');
  return `<li class="item-card">
${item.image ? `<img src="${safeHref(item.image)}" alt="" width="96" height="64" loading="lazy" class="item-image">` : '<span class="item-image none" aria-hidden="true"></span>'}
<div class="item-text">
<p class="item-title"><a href="${safeHref(item.url)}" rel="noopener noreferrer">${esc(item.title)}</a></p>
<p class="item-meta">${timeText(view, item.publishedAt, timeZone)}${item.topics.length ? ` · ${esc(t.srcTopics)} ${item.topics.map((x) => esc(x)).join(', ')}` : ''}${flags ? ` ${flags}` : ''}</p>
${item.summary ? `<p class="item-summary">${esc(item.summary)}</p>` : ''}
</div>
</li>`;
}

export function flagWord(view: ConsoleView, flag: string): string {
  const { t } = view;
  const words: Record<string, string> = {
    'date-missing': t.srcFlagDateMissing,
    'date-future-clamped': t.srcFlagDateFuture,
    'date-no-zone': t.srcFlagDateNoZone,
    withdrawn: t.srcFlagWithdrawn,
  };
  return words[flag] ?? flag;
}

/** Items in the order the hub's lists show them: newest first (a feed may list them otherwise). */
const newestFirst = (items: Item[]) => [...items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));

/** A preview: what it found, its warnings, its problems and rejected items in words, then the items. */
export function previewBlock(view: ConsoleView, preview: Preview, timeZone: string, heading: string): string {
  const { t } = view;
  const rejected = preview.problems.filter((p) => p.code === 'ITEM.INVALID');
  const blocking = preview.problems.filter((p) => p.code !== 'ITEM.INVALID');
  const summary = t.srcPreviewSummary
    .replace('{items}', String(preview.itemCount))
    .replace('{rejected}', String(preview.rejectedCount))
    .replace('{kind}', preview.kind);
  return `<section class="src-preview" aria-labelledby="preview-heading">
<h2 id="preview-heading">${esc(heading)}</h2>
<p class="${preview.ok ? 'notice' : 'problem-inline'}">${esc(preview.ok ? t.srcPreviewOk : t.srcPreviewNotOk)} ${esc(summary)}${preview.channel?.title ? ` — ${esc(preview.channel.title)}` : ''}</p>
${
  blocking.length
    ? `<h3>${esc(t.srcProblemsHeading)}</h3><ul class="problems">${blocking
        .map((p) => {
          const words = errorWords(p.code, view.lang);
          return `<li><strong>${esc(words.title)}</strong>${p.field ? ` <code>${esc(p.field)}</code>` : ''}<br><span class="detail">${esc(p.message)}</span><br><span class="hint">${esc(t.whatToDo)} ${esc(words.hint)}</span></li>`;
        })
        .join('')}</ul>`
    : ''
}
${preview.warnings.length ? `<h3>${esc(t.srcWarningsHeading)}</h3><ul class="warnings">${preview.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
${
  rejected.length
    ? `<h3>${esc(t.srcRejectedHeading)}</h3><ul class="rejected">${rejected
        .map((p) => `<li><strong>${esc(p.ref ?? '—')}</strong>: ${esc(p.message)}</li>`)
        .join('')}</ul>`
    : ''
}
${
  preview.items.length
    ? `<h3>${esc(t.srcPreviewItemsHeading)}</h3><ul class="item-cards">${newestFirst(preview.items)
        .map((i) => itemCard(view, i, timeZone))
        .join('')}</ul>`
    : `<p>${esc(t.srcPreviewNoItems)}</p>`
}
</section>`;
}

/**
 * What a refusal carries besides its field errors, shown as it comes: the sources the hub found
 * from a web page given as a feed (registration check), each a link that previews it; the page
 * itself as a list page; the problems found; anything else as its value.
 */
export function extraDetails(view: ConsoleView, e: HubError, candidateHref: (url: string, kind: string) => string, url?: string): string {
  const extensions = (e as HubError & { extensions?: Record<string, unknown> }).extensions;
  if (!extensions || !e.expose) return '';
  const { t } = view;
  const rows = Object.entries(extensions).map(([name, value]) => {
    if (name === 'candidates' && Array.isArray(value)) {
      const links = value
        .filter(
          (c): c is { url: string; kind: string; title?: string } => !!c && typeof c === 'object' && typeof c.url === 'string' && typeof c.kind === 'string',
        )
        .map((c) => `<li><a href="${esc(candidateHref(c.url, c.kind))}">${esc(c.title ?? c.url)}</a> (${esc(c.kind)})</li>`)
        .join('');
      return links ? `<dt>${esc(t.srcCandidatesFound)}</dt><dd><ul>${links}</ul></dd>` : '';
    }
    if (name === 'suggestion' && url && value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'html')
      return `<dt>${esc(t.srcSuggestionHtml)}</dt><dd><a href="${esc(candidateHref(url, 'html'))}">${esc(url)}</a></dd>`;
    if (name === 'problems' && Array.isArray(value))
      return `<dt>${esc(t.srcProblemsHeading)}</dt><dd><ul>${value
        .map((p: { code?: string; message?: string }) => `<li>${esc(p.message ?? '')}${p.code ? ` <code>${esc(p.code)}</code>` : ''}</li>`)
        .join('')}</ul></dd>`;
    return `<dt><code>${esc(name)}</code></dt><dd>${esc(typeof value === 'string' ? value : JSON.stringify(value))}</dd>`;
  });
  return rows.some(Boolean) ? `<dl class="extra">${rows.join('')}</dl>` : '';
}
