/**
 * API keys (admin only; Hub's use cases refuse operators, and the error becomes a 403 page): the
 * list with each key's scope, use and state, revoke and expire; the form to create one; and the
 * page that shows a new key's secret, once — it is the answer to the form itself (never a
 * redirect, never in a URL; the console sends no-store), and the list never shows it again.
 */
import { esc } from '../../pages/layout.ts';
import type { ApiKey, CreatedApiKey, Portal } from '../../model.ts';
import { consolePage } from '../frame.ts';
import { field, postForm, problemBox, select, type FormProblem } from '../forms.ts';
import { timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';

export interface KeyForm {
  role?: string;
  portalId?: string;
  label?: string;
  expiresAt?: string;
}

export interface KeysPage {
  keys: ApiKey[];
  /** Every portal, in directory order, for the scope select and the names in the list. */
  portals: Portal[];
  /** What the create form holds (after a refusal: what was typed). */
  form?: KeyForm;
  problem?: FormProblem;
  notice?: 'revoked' | 'expired';
}

const keyState = (view: ConsoleView, state: ApiKey['state']) => {
  const { t } = view;
  const words = { active: t.keysStateActive, expired: t.keysStateExpired, revoked: t.keysStateRevoked };
  const cls = { active: 'state-ok', expired: 'state-paused', revoked: 'state-disabled' };
  return `<span class="badge ${cls[state]}">${esc(words[state])}</span>`;
};

function scopeText(view: ConsoleView, key: Pick<ApiKey, 'role' | 'portalId'>, names: Map<string, string>): string {
  const { t } = view;
  if (key.role === 'admin') return esc(t.keysScopeAll);
  const id = key.portalId ?? '';
  return `<a href="/console/portals/${encodeURIComponent(id)}">${esc(names.get(id) ?? id)}</a> <span class="muted">(${esc(id)})</span>`;
}

export function createKeyForm(view: ConsoleView, portals: Portal[], form: KeyForm = {}, problem?: FormProblem): string {
  const { t } = view;
  const inner = `${problemBox(view, problem)}
${select(
  {
    name: 'role',
    label: t.keysRole,
    value: form.role ?? 'operator',
    options: [
      ['operator', t.roleOperator],
      ['admin', t.roleAdmin],
    ],
    hint: t.keysRoleHint,
    required: true,
  },
  problem,
  view,
)}
${select({ name: 'portalId', label: t.keysPortal, value: form.portalId ?? '', options: [['', t.keysPortalNone], ...portals.map((p): [string, string] => [p.id, `${p.name} (${p.id})`])], hint: t.keysPortalHint }, problem, view)}
${field({ name: 'label', label: t.keysLabel, value: form.label ?? '', hint: t.keysLabelHint, attrs: 'maxlength="200"' }, problem, view)}
${field({ name: 'expiresAt', label: t.keysExpiresAt, value: form.expiresAt ?? '', type: 'datetime-local', hint: t.keysExpiresAtHint }, problem, view)}
<button type="submit">${esc(t.keysCreate)}</button>`;
  return `<section class="card" aria-labelledby="create-key"><h2 id="create-key">${esc(t.keysCreateHeading)}</h2>${postForm(view, '/console/keys', inner)}</section>`;
}

export function renderKeys(view: ConsoleView, data: KeysPage): string {
  const { t } = view;
  const names = new Map(data.portals.map((p) => [p.id, p.name]));
  const rows = data.keys
    .map((k) => {
      const id = encodeURIComponent(k.id);
      const actions =
        k.state === 'revoked'
          ? '—'
          : `${postForm(view, `/console/keys/${id}/revoke`, `<button type="submit" class="danger">${esc(t.keysRevoke)}<span class="visually-hidden"> ${esc(k.id)}</span></button>`, { confirm: t.keysRevokeConfirm, className: 'inline' })}
${k.state === 'active' ? postForm(view, `/console/keys/${id}/expire`, `<button type="submit" class="secondary">${esc(t.keysExpireNow)}<span class="visually-hidden"> ${esc(k.id)}</span></button>`, { confirm: t.keysExpireConfirm, className: 'inline' }) : ''}`;
      return `<tr id="key-${esc(k.id)}">
<td><code>${esc(k.id)}</code></td>
<td>${esc(k.label ?? '—')}</td>
<td>${esc(k.role === 'admin' ? t.roleAdmin : t.roleOperator)}</td>
<td>${scopeText(view, k, names)}</td>
<td>${timeText(view, k.createdAt)}</td>
<td>${k.lastUsedAt ? timeText(view, k.lastUsedAt) : esc(t.keysNeverUsed)}</td>
<td>${keyState(view, k.state)}${k.expiresAt && k.state === 'active' ? `<br><span class="detail">${esc(t.keysExpiresOn)} ${timeText(view, k.expiresAt)}</span>` : ''}${k.revokedAt ? `<br><span class="detail">${timeText(view, k.revokedAt)}</span>` : ''}</td>
<td class="key-actions">${actions}</td>
</tr>`;
    })
    .join('');
  const notice = data.notice ? `<p class="notice" role="status">${esc(data.notice === 'revoked' ? t.keysRevoked : t.keysExpired)}</p>` : '';
  const main = `<h1>${esc(t.keysHeading)}</h1>
<p>${esc(t.keysIntro)}</p>
${notice}
${createKeyForm(view, data.portals, data.form, data.problem)}
<h2>${esc(t.keysListHeading)}</h2>
${
  rows
    ? `<div class="table-wrap"><table class="keys"><caption class="visually-hidden">${esc(t.keysListHeading)}</caption><thead><tr>
<th scope="col">${esc(t.keysColId)}</th><th scope="col">${esc(t.keysLabel)}</th><th scope="col">${esc(t.keysRole)}</th><th scope="col">${esc(t.keysColScope)}</th>
<th scope="col">${esc(t.keysColCreated)}</th><th scope="col">${esc(t.keysColLastUsed)}</th><th scope="col">${esc(t.colState)}</th><th scope="col">${esc(t.keysColActions)}</th>
</tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p>${esc(t.keysNone)}</p>`
}`;
  return consolePage(view, { title: t.keysHeading, section: 'keys', main });
}

/** The answer to the create form: the secret, this once, with a copy button. */
export function renderCreatedKey(view: ConsoleView, key: CreatedApiKey, portals: Portal[]): string {
  const { t } = view;
  const names = new Map(portals.map((p) => [p.id, p.name]));
  const main = `<h1>${esc(t.keysCreatedHeading)}</h1>
<div class="card secret-card">
<p class="warning" role="alert"><strong>${esc(t.keysSecretOnce)}</strong></p>
<label for="new-secret" class="secret-label">${esc(t.keysSecretLabel)}</label>
<div class="secret-row"><output id="new-secret" class="secret">${esc(key.secret)}</output>
<button type="button" data-copy="#new-secret" data-copied-label="${esc(t.keysCopied)}">${esc(t.keysCopy)}</button></div>
<p class="hint">${esc(t.keysSecretHow)}</p>
</div>
<dl class="figures">
<div><dt>${esc(t.keysColId)}</dt><dd><code>${esc(key.id)}</code></dd></div>
<div><dt>${esc(t.keysLabel)}</dt><dd>${esc(key.label ?? '—')}</dd></div>
<div><dt>${esc(t.keysRole)}</dt><dd>${esc(key.role === 'admin' ? t.roleAdmin : t.roleOperator)}</dd></div>
<div><dt>${esc(t.keysColScope)}</dt><dd>${scopeText(view, key, names)}</dd></div>
<div><dt>${esc(t.keysExpiresAt)}</dt><dd>${key.expiresAt ? timeText(view, key.expiresAt) : esc(t.keysNoExpiry)}</dd></div>
</dl>
<p><a href="/console/keys">${esc(t.keysBack)}</a></p>`;
  return consolePage(view, { title: t.keysCreatedHeading, section: 'keys', main });
}
