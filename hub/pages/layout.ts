/**
 * The frame of the hub's public pages and their one HTML-escaping helper: every value that comes
 * from data (a portal's name, an item's title, a query parameter) goes through `esc` on its way
 * into markup. Scripts and styles are files the hub serves (/assets/…), never inline, so the
 * pages run under a strict Content-Security-Policy.
 */
import type { Lang, Messages } from './i18n/index.ts';

/** Escapes text for HTML content and for attribute values in double or single quotes. */
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Only http(s) links of stored data are clickable (a stored javascript: URL never is). */
export const safeHref = (u: string): string => (/^https?:\/\//i.test(u) ? esc(u) : '#');

/**
 * The public pages' policy: scripts and styles from the hub only (the embed preview's widget
 * renders <style> into its shadow root, hence style-src 'unsafe-inline'), images from anywhere
 * over http(s) (items' lead images), frames of the hub itself (/embed/list), no plugins, no base.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' http: https: data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface PageFrame {
  lang: Lang;
  t: Messages;
  title: string;
  /** The path the language switch links back to (with its query, language removed). */
  path: string;
  scripts?: string[];
}

export function layout(frame: PageFrame, main: string): string {
  const { lang, t } = frame;
  const other = (l: Lang, label: string) =>
    l === lang
      ? `<strong aria-current="true" lang="${l}">${label}</strong>`
      : `<a href="${esc(withLang(frame.path, l))}" hreflang="${l}" lang="${l}">${label}</a>`;
  return `<!doctype html>
<html lang="${esc(t.htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(frame.title)}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feeds/all.rss">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/feeds/all.atom">
<link rel="alternate" type="application/feed+json" title="JSON Feed" href="/feeds/all.json">
${(frame.scripts ?? []).map((s) => `<script src="${esc(s)}" defer></script>`).join('\n')}
</head>
<body>
<a class="skip" href="#main">${esc(t.skip)}</a>
<header class="top">
<div class="wrap top-row">
<p class="brand"><a href="/">${esc(t.title)}</a></p>
<nav class="langs" aria-label="${esc(t.langSwitch)}">${other('vi', 'Tiếng Việt')} <span aria-hidden="true">|</span> ${other('en', 'English')}</nav>
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${main}
</main>
<footer class="wrap foot"><p><a href="/console">${esc(t.consoleLink)}</a></p><p>${esc(t.footer)}</p></footer>
</body>
</html>
`;
}

/** The same page in another language: ?lang= set, everything else kept. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}
