/** A console page for a refused or failed request: the catalogue's words in the page's language, never a JSON body. */
import { esc } from '../../pages/layout.ts';
import type { HubError } from '../../errors.ts';
import { errorWords } from '../../error-words.ts';
import { consolePage } from '../frame.ts';
import type { ConsoleView } from '../view.ts';

export function renderError(view: ConsoleView, e: HubError): string {
  const { t } = view;
  const words = errorWords(e.expose ? e.code : 'INTERNAL', view.lang);
  const heading = e.status === 404 ? t.notFoundHeading : e.status === 403 ? t.forbiddenHeading : t.errorHeading;
  const main = `<h1>${esc(heading)}</h1>
<div class="problem" role="alert">
<h2>${esc(words.title)}</h2>
${e.expose ? `<p>${esc(e.message)}</p>` : ''}
<p><strong>${esc(t.whatToDo)}</strong> ${esc(words.hint)}</p>
<p class="muted">${esc(t.errorCode)}: <code>${esc(e.expose ? e.code : 'INTERNAL')}</code></p>
</div>
<p><a href="/console">${esc(t.backToConsole)}</a></p>`;
  return consolePage(view, { title: heading, section: 'none', main });
}
