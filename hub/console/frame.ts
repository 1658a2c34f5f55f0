/**
 * The frame of every console page: the public pages' head (same stylesheet, same strict CSP:
 * scripts and styles are the hub's own files), the console's navigation with who is signed in and
 * a sign-out form, then the page. Keys and the audit log are listed for admins only; the pages
 * themselves refuse operators anyway (the use cases decide, the menu only avoids dead ends).
 */
import { esc, withLang } from '../pages/layout.ts';
import type { Lang } from '../pages/i18n/index.ts';
import type { ConsoleSection, ConsoleView } from './view.ts';
import { csrfField } from './forms.ts';

export interface ConsolePage {
  title: string;
  section: ConsoleSection;
  main: string;
  /** Extra scripts the page loads (besides /assets/console.js). */
  scripts?: string[];
}

const NAV: [ConsoleSection, string, keyof ConsoleView['t'], boolean][] = [
  ['overview', '/console', 'navOverview', false],
  ['portals', '/console/portals', 'navPortals', false],
  ['sources', '/console/sources', 'navSources', false],
  ['scorecards', '/console/scorecards', 'navScorecards', false],
  ['keys', '/console/keys', 'navKeys', true],
  ['audit', '/console/audit', 'navAudit', true],
];

export function consolePage(view: ConsoleView, page: ConsolePage): string {
  const { t, lang, principal } = view;
  const other = (l: Lang, label: string) =>
    l === lang
      ? `<strong aria-current="true" lang="${l}">${label}</strong>`
      : `<a href="${esc(withLang(view.path, l))}" hreflang="${l}" lang="${l}">${label}</a>`;
  const nav = principal
    ? `<nav class="console-nav wrap" aria-label="${esc(t.consoleNav)}"><ul>${NAV.filter(([, , , adminOnly]) => !adminOnly || principal.role === 'admin')
        .map(([section, href, key]) => `<li><a href="${href}"${section === page.section ? ' aria-current="page"' : ''}>${esc(t[key])}</a></li>`)
        .join('')}</ul>
<div class="who"><span>${esc(t.signedInAs)} <strong>${esc(principal.label ?? principal.keyId)}</strong> (${esc(principal.role === 'admin' ? t.roleAdmin : t.roleOperator)}${principal.portalId ? `, ${esc(principal.portalId)}` : ''})</span>
<form method="post" action="/console/sign-out" class="inline">${csrfField(view)}<button type="submit" class="link-button">${esc(t.signOut)}</button></form></div></nav>`
    : '';
  return `<!doctype html>
<html lang="${esc(t.htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(page.title)} · ${esc(t.consoleTitle)}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/console.css">
<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg">
${['/assets/console.js', ...(page.scripts ?? [])].map((s) => `<script src="${esc(s)}" defer></script>`).join('\n')}
</head>
<body class="console">
<a class="skip" href="#main">${esc(t.skip)}</a>
<header class="top">
<div class="wrap top-row">
<p class="brand"><a href="/console">${esc(t.consoleTitle)}</a> <span class="brand-sub"><a href="/">${esc(t.navPublic)}</a></span></p>
<nav class="langs" aria-label="${esc(t.langSwitch)}">${other('vi', 'Tiếng Việt')} <span aria-hidden="true">|</span> ${other('en', 'English')}</nav>
</div>
</header>
${nav}
<main id="main" class="wrap" tabindex="-1">
${page.main}
</main>
</body>
</html>
`;
}
