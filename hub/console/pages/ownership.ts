/**
 * The steps to prove a source's ownership (hub/ownership/ownership.ts), for a source still
 * `pending`: the exact file to publish (its address on the source's host and its content, the
 * token) or the meta tag alternative, a "check now" button (Hub.verifyOwnership) and, for an
 * admin, "approve" (Hub.approveOwnership). Shown on the portal page and the source page alike.
 */
import { esc } from '../../pages/layout.ts';
import type { Source } from '../../model.ts';
import { META_NAME, WELL_KNOWN_PATH } from '../../ownership/ownership.ts';
import { postForm } from '../forms.ts';
import { timeText } from '../parts.ts';
import type { ConsoleView } from '../view.ts';

/** Where the ownership forms post; `back` is the console page to return to. */
export const ownershipAction = (source: Pick<Source, 'id'>, action: 'verify' | 'approve') => `/console/ownership/${encodeURIComponent(source.id)}/${action}`;

/** The steps for one pending source ('' for any other), with forms that come back to `back` (default: the current page). */
export function ownershipSteps(view: ConsoleView, source: Source, back = view.path): string {
  const ownership = source.ownership;
  if (ownership?.state !== 'pending' || !ownership.token) return '';
  const { t } = view;
  const origin = new URL(source.url).origin;
  const slug = source.id.replace(/[^A-Za-z0-9_-]/g, '_');
  const fileUrl = `${origin}${WELL_KNOWN_PATH}`;
  const meta = `<meta name="${META_NAME}" content="${ownership.token}">`;
  const copy = (id: string) =>
    `<button type="button" class="secondary small" data-copy="#${id}" data-copied-label="${esc(t.owCopied)}">${esc(t.owCopy)}</button>`;
  const backField = `<input type="hidden" name="back" value="${esc(back)}">`;
  const check = ownership.lastCheck
    ? `<p class="muted">${esc(t.owLastCheck)} ${timeText(view, ownership.lastCheck.at)}: ${esc(ownership.lastCheck.message)}</p>`
    : '';
  return `<section class="card ownership" aria-labelledby="ow-${slug}">
<h3 id="ow-${slug}">${esc(t.owHeading)}: <span class="break">${esc(source.url)}</span></h3>
<p>${esc(t.owIntro)} <strong>${esc(ownership.host ?? new URL(source.url).hostname)}</strong></p>
<ol class="ow-steps">
<li><p>${esc(t.owFileStep)}</p>
<p><code class="break" id="ow-file-${slug}">${esc(fileUrl)}</code> ${copy(`ow-file-${slug}`)}</p>
<p>${esc(t.owFileContent)}</p>
<pre class="snippet"><code id="ow-token-${slug}">${esc(ownership.token)}</code></pre>
<p>${copy(`ow-token-${slug}`)}</p></li>
<li><p>${esc(t.owMetaStep)}</p>
<pre class="snippet"><code id="ow-meta-${slug}">${esc(meta)}</code></pre>
<p>${copy(`ow-meta-${slug}`)}</p></li>
</ol>
<p>${esc(t.owThen)}</p>
${check}
<div class="actions">
${postForm(view, ownershipAction(source, 'verify'), `${backField}<button type="submit">${esc(t.owVerify)}</button>`, { className: 'inline' })}
${
  view.principal?.role === 'admin'
    ? postForm(view, ownershipAction(source, 'approve'), `${backField}<button type="submit" class="secondary">${esc(t.owApprove)}</button>`, {
        className: 'inline',
        confirm: t.owApproveConfirm,
      })
    : ''
}
</div>
${view.principal?.role === 'admin' ? `<p class="hint">${esc(t.owApproveHint)}</p>` : ''}
</section>`;
}
