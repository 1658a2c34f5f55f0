/**
 * The form to add a portal (/console/portals/new) or change one (/console/portals/{id}/edit): the
 * portal schema's fields, the placement rules in words beside them, and — when the hub refused the
 * form — what was typed kept, with the reason next to each field. A refusal for scope (an
 * operator placing a portal outside their subtree) is said next to the parent field.
 */
import { PORTAL_LEVELS } from '../../directory/levels.ts';
import { esc } from '../../pages/layout.ts';
import type { HubError } from '../../errors.ts';
import type { Portal } from '../../model.ts';
import { consolePage } from '../frame.ts';
import { field, formProblem, postForm, problemBox, select, type FormProblem } from '../forms.ts';
import type { ConsoleView } from '../view.ts';
import { levelName, portalHref } from './portals.ts';

/** The form's fields besides the id, in the order shown; the optional ones are removed when emptied. */
export const PORTAL_FIELDS = ['name', 'nameEn', 'url', 'level', 'parentId', 'adminCode', 'logoUrl', 'contact', 'timeZone', 'alertEmails'] as const;
export const OPTIONAL_FIELDS = ['nameEn', 'parentId', 'adminCode', 'logoUrl', 'contact', 'timeZone', 'alertEmails'] as const;

export type PortalFormValues = Partial<Record<'id' | (typeof PORTAL_FIELDS)[number], string>>;

export interface PortalForm {
  mode: 'new' | 'edit';
  values: PortalFormValues;
  /** The portal being changed (edit). */
  portal?: Portal;
  /** The operator's own portal, named in the scope rule. */
  scopePortal?: Portal;
  problem?: FormProblem;
}

/** The refusal as the form shows it: a scope refusal belongs next to the parent field. */
export function portalFormProblem(e: HubError, view: ConsoleView): FormProblem {
  const problem = formProblem(e, view);
  if ((e.code === 'AUTH.SCOPE' || e.code === 'AUTH.ADMIN_ONLY') && !problem.fields.size) problem.fields.set('parentId', view.t.ptScopeRefused);
  return problem;
}

/** Addresses as typed in one field: separated by commas, semicolons or spaces. */
export const emailList = (typed: string): string[] => typed.split(/[\s,;]+/).filter(Boolean);

/** The form's values as typed, from a POST (trimmed; absent fields absent). */
export function portalFormValues(form: URLSearchParams): PortalFormValues {
  const out: PortalFormValues = {};
  for (const name of ['id', ...PORTAL_FIELDS] as const) {
    const v = form.get(name);
    if (v !== null) out[name] = v.trim();
  }
  return out;
}

/** A portal's fields as the form shows them. */
export function valuesOf(portal: Portal): PortalFormValues {
  const out: PortalFormValues = { id: portal.id };
  for (const name of PORTAL_FIELDS) {
    const v = portal[name];
    if (typeof v === 'string') out[name] = v;
  }
  if (portal.alertEmails) out.alertEmails = portal.alertEmails.join(', ');
  return out;
}

export function renderPortalForm(view: ConsoleView, form: PortalForm): string {
  const { t, principal } = view;
  const { values: v, problem } = form;
  const edit = form.mode === 'edit';
  const heading = edit ? t.ptEditHeading : t.ptNewHeading;
  const action = edit && form.portal ? `/console/portals/${encodeURIComponent(form.portal.id)}/edit` : '/console/portals/new';
  const cancel = edit && form.portal ? portalHref(form.portal.id) : v.parentId ? portalHref(v.parentId) : '/console/portals';
  const idField = edit
    ? `<div class="field"><span class="label">${esc(t.ptId)}</span><p><code>${esc(form.portal?.id ?? v.id ?? '')}</code></p><p class="hint">${esc(t.ptIdFixed)}</p></div>`
    : field(
        { name: 'id', label: t.ptId, value: v.id ?? '', hint: t.ptIdHint, required: true, attrs: 'spellcheck="false" autocapitalize="off" maxlength="64"' },
        problem,
        view,
      );
  const scopeRule =
    principal?.role === 'admin'
      ? `<p>${esc(t.ptRuleScopeAdmin)}</p>`
      : `<p>${esc(t.ptRuleScopeOperator)} ${form.scopePortal ? `<a href="${portalHref(form.scopePortal.id)}">${esc(form.scopePortal.name)}</a> (<code>${esc(form.scopePortal.id)}</code>)` : esc(principal?.portalId ?? '')}</p>`;
  const rules = `<aside class="card rules" aria-labelledby="rules-heading">
<h2 id="rules-heading">${esc(t.ptRulesHeading)}</h2>
<ul>
<li>${esc(t.ptRuleCentral)}</li>
<li>${esc(t.ptRuleMinistry)}</li>
<li>${esc(t.ptRuleDepartment)}</li>
<li>${esc(t.ptRuleCommune)}</li>
<li>${esc(t.ptRuleOther)}</li>
<li>${esc(t.ptRuleCode)}</li>
</ul>
${scopeRule}
</aside>`;
  const inner = `${idField}
${field({ name: 'name', label: t.ptName, value: v.name ?? '', required: true, attrs: 'maxlength="300"' }, problem, view)}
${field({ name: 'nameEn', label: t.ptNameEn, value: v.nameEn ?? '', attrs: 'maxlength="300" lang="en"' }, problem, view)}
${field({ name: 'url', label: t.ptUrl, value: v.url ?? '', type: 'url', hint: t.ptUrlHint, required: true, attrs: 'spellcheck="false"' }, problem, view)}
${select({ name: 'level', label: t.ptLevel, value: v.level ?? 'province', options: PORTAL_LEVELS.map((l): [string, string] => [l, levelName(view, l)]), required: true }, problem, view)}
${field({ name: 'parentId', label: t.ptParent, value: v.parentId ?? '', hint: t.ptParentHint, attrs: 'spellcheck="false" autocapitalize="off" maxlength="64"' }, problem, view)}
${field({ name: 'adminCode', label: t.ptAdminCode, value: v.adminCode ?? '', hint: t.ptAdminCodeHint, attrs: 'inputmode="numeric" maxlength="5"' }, problem, view)}
${field({ name: 'logoUrl', label: t.ptLogoUrl, value: v.logoUrl ?? '', type: 'url', attrs: 'spellcheck="false"' }, problem, view)}
${field({ name: 'contact', label: t.ptContact, value: v.contact ?? '', attrs: 'maxlength="500"' }, problem, view)}
${field({ name: 'timeZone', label: t.ptTimeZone, value: v.timeZone ?? '', hint: t.ptTimeZoneHint, attrs: 'spellcheck="false"' }, problem, view)}
${field({ name: 'alertEmails', label: t.ptAlertEmails, value: v.alertEmails ?? '', hint: t.ptAlertEmailsHint, attrs: 'spellcheck="false" autocapitalize="off"', autocomplete: 'off' }, problem, view)}
<p class="actions"><button type="submit">${esc(edit ? t.ptSave : t.ptCreate)}</button> <a href="${esc(cancel)}">${esc(t.ptCancel)}</a></p>`;
  const main = `<h1>${esc(heading)}${edit && form.portal ? `: ${esc(form.portal.name)}` : ''}</h1>
${problemBox(view, problem)}
<div class="form-with-aside">
${postForm(view, action, inner, { className: 'card portal-form' })}
${rules}
</div>`;
  return consolePage(view, { title: heading, section: 'portals', main });
}
