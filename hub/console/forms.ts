/**
 * The console's form parts: every form carries the CSRF token; every input has a label; a field
 * the hub refused says why next to it (aria-invalid + aria-describedby) and keeps what was typed;
 * the reasons also sit in a summary at the top of the form that takes focus (role="alert").
 */
import { esc } from '../pages/layout.ts';
import type { HubError } from '../errors.ts';
import { errorWords, fieldMessage } from '../error-words.ts';
import type { ConsoleView } from './view.ts';

export const CSRF_FIELD = '_csrf';

export const csrfField = (view: Pick<ConsoleView, 'csrf'>) => `<input type="hidden" name="${CSRF_FIELD}" value="${esc(view.csrf)}">`;

/** A refused form: what the hub said, by field name (a JSON pointer's first segment: /portalId → portalId). */
export interface FormProblem {
  /** The whole error's words, in the page's language. */
  title: string;
  hint: string;
  detail: string;
  code: string;
  fields: Map<string, string>;
}

export function formProblem(e: HubError, view: Pick<ConsoleView, 'lang'>): FormProblem {
  const words = errorWords(e.code, view.lang);
  const fields = new Map<string, string>();
  for (const f of e.errors ?? []) {
    const name = f.field.replace(/^\//, '').split('/')[0] || '_';
    const said = fieldMessage(f.message, view.lang);
    fields.set(name, fields.has(name) ? `${fields.get(name)}; ${said}` : said);
  }
  return { title: words.title, hint: words.hint, detail: e.expose ? e.message : '', code: e.code, fields };
}

/** The box at the top of a refused form. */
export function problemBox(view: ConsoleView, problem: FormProblem | undefined): string {
  if (!problem) return '';
  const { t } = view;
  return `<div class="problem" role="alert" tabindex="-1" id="problem">
<h2>${esc(problem.title)}</h2>
${problem.detail ? `<p>${esc(problem.detail)}</p>` : ''}
<p><strong>${esc(t.whatToDo)}</strong> ${esc(problem.hint)}</p>
${
  problem.fields.size
    ? `<ul>${[...problem.fields]
        .map(([name, message]) => (name === '_' ? `<li>${esc(message)}</li>` : `<li><a href="#f-${esc(name)}">${esc(name)}</a>: ${esc(message)}</li>`))
        .join('')}</ul>`
    : ''
}
<p class="muted">${esc(t.errorCode)}: <code>${esc(problem.code)}</code></p>
</div>`;
}

export interface FieldSpec {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'url' | 'email' | 'number' | 'password' | 'textarea' | 'checkbox' | 'datetime-local' | 'date';
  hint?: string;
  required?: boolean;
  /** Extra attributes, already escaped (e.g. 'min="60"'). */
  attrs?: string;
  autocomplete?: string;
}

/** A labelled input; its error, when the hub refused it, right below the label. */
export function field(spec: FieldSpec, problem?: FormProblem, view?: Pick<ConsoleView, 't'>): string {
  const id = `f-${spec.name}`;
  const error = problem?.fields.get(spec.name);
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = `id="${id}" name="${esc(spec.name)}"${spec.required ? ' required' : ''}${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}${spec.autocomplete ? ` autocomplete="${esc(spec.autocomplete)}"` : ''}${spec.attrs ? ` ${spec.attrs}` : ''}`;
  const type = spec.type ?? 'text';
  const input =
    type === 'textarea'
      ? `<textarea ${common} rows="8">${esc(spec.value ?? '')}</textarea>`
      : type === 'checkbox'
        ? `<input type="checkbox" ${common} value="1"${spec.value ? ' checked' : ''}>`
        : `<input type="${type}" ${common} value="${esc(spec.value ?? '')}">`;
  const errorText = error ? `<p class="field-error" id="${id}-error">${view ? `${esc(view.t.fieldError)} ` : ''}${esc(error)}</p>` : '';
  const hint = spec.hint ? `<p class="hint" id="${id}-hint">${esc(spec.hint)}</p>` : '';
  if (type === 'checkbox')
    return `<div class="field check${error ? ' invalid' : ''}">${input} <label for="${id}">${esc(spec.label)}</label>${hint}${errorText}</div>`;
  return `<div class="field${error ? ' invalid' : ''}"><label for="${id}">${esc(spec.label)}</label>${hint}${errorText}${input}</div>`;
}

export interface SelectSpec {
  name: string;
  label: string;
  value?: string;
  options: [value: string, label: string][];
  hint?: string;
  required?: boolean;
}

export function select(spec: SelectSpec, problem?: FormProblem, view?: Pick<ConsoleView, 't'>): string {
  const id = `f-${spec.name}`;
  const error = problem?.fields.get(spec.name);
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const options = spec.options.map(([v, l]) => `<option value="${esc(v)}"${v === spec.value ? ' selected' : ''}>${esc(l)}</option>`).join('');
  return `<div class="field${error ? ' invalid' : ''}"><label for="${id}">${esc(spec.label)}</label>${spec.hint ? `<p class="hint" id="${id}-hint">${esc(spec.hint)}</p>` : ''}${
    error ? `<p class="field-error" id="${id}-error">${view ? `${esc(view.t.fieldError)} ` : ''}${esc(error)}</p>` : ''
  }<select id="${id}" name="${esc(spec.name)}"${spec.required ? ' required' : ''}${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}>${options}</select></div>`;
}

/** A POST form with its token; `confirm` asks before sending (console.js), e.g. before a delete. */
export function postForm(view: Pick<ConsoleView, 'csrf'>, action: string, inner: string, options: { confirm?: string; className?: string } = {}): string {
  return `<form method="post" action="${esc(action)}"${options.className ? ` class="${esc(options.className)}"` : ''}${options.confirm ? ` data-confirm="${esc(options.confirm)}"` : ''}>${csrfField(view)}${inner}</form>`;
}
