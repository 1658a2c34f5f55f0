// The console's progressive parts; every page works without them.
// - form[data-confirm]: asks before sending (deleting a source, revoking a key), then sends confirmed=1;
// - button[data-copy="#id"]: copies the text of #id (a key shown once, a snippet);
// - input[type=file][data-into="#id"]: reads a chosen file into the textarea #id (bulk imports);
// - #problem: a refused form's summary takes focus, so a screen reader says why at once.
'use strict';
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) return event.preventDefault();
  // asked here: the hub need not ask again on a page of its own (it does when this script did not run)
  if (!form.querySelector('input[name="confirmed"]')) {
    const confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirmed';
    confirmed.value = '1';
    form.append(confirmed);
  }
});
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const text = 'value' in source ? source.value : source.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.dataset.copied = 'true';
    const done = button.dataset.copiedLabel;
    if (done) button.textContent = done;
  } catch {
    if (window.getSelection && source instanceof Element) window.getSelection().selectAllChildren(source);
  }
});
document.addEventListener('change', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.into || !input.files?.[0]) return;
  const target = document.querySelector(input.dataset.into);
  if (target) input.files[0].text().then((text) => (target.value = text));
});
document.addEventListener('DOMContentLoaded', () => {
  const problem = document.getElementById('problem');
  if (problem) problem.focus();
});
