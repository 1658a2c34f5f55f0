/** The sign-in page: one field for the key; a refusal says why next to it and keeps nothing typed (a key is a secret). */
import { esc } from '../../pages/layout.ts';
import { consolePage } from '../frame.ts';
import { csrfField } from '../forms.ts';
import type { ConsoleView } from '../view.ts';

export interface SignInState {
  /** Why the last attempt failed, next to the field. */
  error?: 'keyMissing' | 'keyRefused' | 'csrfRefused';
  /** A notice above the form (signed out, session ended). */
  notice?: 'signedOut' | 'sessionEnded';
  /** Where to go after signing in (a console path). */
  next?: string;
}

export function renderSignIn(view: ConsoleView, state: SignInState): string {
  const { t } = view;
  const error = state.error ? t[state.error] : '';
  const main = `<h1>${esc(t.signInHeading)}</h1>
${state.notice ? `<p class="notice" role="status">${esc(t[state.notice])}</p>` : ''}
<p>${esc(t.signInIntro)}</p>
<form method="post" action="/console/sign-in" class="card narrow">
${csrfField(view)}
${state.next ? `<input type="hidden" name="next" value="${esc(state.next)}">` : ''}
<div class="field${error ? ' invalid' : ''}">
<label for="f-key">${esc(t.keyLabel)}</label>
<p class="hint" id="f-key-hint">${esc(t.keyHint)}</p>
${error ? `<p class="field-error" id="f-key-error" role="alert">${esc(t.fieldError)} ${esc(error)}</p>` : ''}
<input type="password" id="f-key" name="key" required autocomplete="current-password" spellcheck="false" aria-describedby="f-key-hint${error ? ' f-key-error' : ''}"${error ? ' aria-invalid="true" autofocus' : ''}>
</div>
<button type="submit">${esc(t.signIn)}</button>
</form>
<p class="muted">${esc(t.signInAdminHint)}</p>`;
  return consolePage(view, { title: t.signInHeading, section: 'none', main });
}
