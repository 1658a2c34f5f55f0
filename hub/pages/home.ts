/**
 * The public home page at /, rendered from HomeData (hub/pages/data.ts): what the hub is, the
 * unified feeds, the latest items, the portal directory as a tree of <details> (browsable without
 * JavaScript) and the embed builder, whose form works without JavaScript too (it submits to /,
 * which renders the snippet and an <iframe> preview); /assets/builder.js makes it live.
 */
import type { Portal } from '../model.ts';
import type { HomeData } from './data.ts';
import type { Lang, Messages } from './i18n/index.ts';
import { esc, layout, safeHref } from './layout.ts';
import { levelName } from './levels.ts';
import { PORTAL_LEVELS } from '../directory/levels.ts';
import { embedFilterPairs, embedSnippet, MAX_EMBED_LIMIT, type EmbedChoice } from './snippet.ts';

export interface HomeView {
  lang: Lang;
  t: Messages;
  /** The request's path and query, for the language switch. */
  path: string;
  choice: EmbedChoice;
}

const FEED_FORMATS = [
  ['rss', 'RSS'],
  ['atom', 'Atom'],
  ['json', 'JSON'],
] as const;

export function renderHome(data: HomeData, view: HomeView): string {
  const { t } = view;
  const main = [
    `<h1>${esc(t.title)}</h1>`,
    `<div class="intro"><p>${esc(t.intro1)}</p><p>${esc(t.intro2)}</p></div>`,
    `<div class="cols">`,
    unified(t),
    latest(data, view),
    `</div>`,
    directory(data, view),
    builder(data, view),
  ].join('\n');
  return layout({ lang: view.lang, t, title: t.title, path: view.path, scripts: ['/assets/builder.js'] }, main);
}

const portalName = (p: Portal, lang: Lang) => (lang === 'en' && p.nameEn ? p.nameEn : p.name);

function unified(t: Messages): string {
  const links: [string, string][] = [
    ['/opml/portals.opml', t.opmlPortals],
    ['/opml/sources.opml', t.opmlSources],
    ['/api/v1/items', t.apiItems],
    ['/docs', t.apiDocs],
  ];
  return `<section class="card" aria-labelledby="unified-h"><h2 id="unified-h">${esc(t.unifiedHeading)}</h2>
<ul class="links">
<li>${esc(t.unifiedFeeds)}: ${FEED_FORMATS.map(([f, label]) => `<a class="feed" href="/feeds/all.${f}">${label}</a>`).join(' ')}</li>
${links.map(([href, label]) => `<li><a href="${href}">${esc(label)}</a></li>`).join('\n')}
</ul></section>`;
}

function latest(data: HomeData, view: HomeView): string {
  const format = new Intl.DateTimeFormat(view.lang === 'en' ? 'en-GB' : 'vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: data.timeZone,
  });
  const items = data.latest.map(
    (e) =>
      `<li><a href="${safeHref(e.url)}">${esc(e.title)}</a><p class="meta"><span class="portal">${esc(e.portalName)}</span> <span aria-hidden="true">·</span> <time datetime="${esc(e.publishedAt)}">${esc(format.format(new Date(e.publishedAt)))}</time></p></li>`,
  );
  return `<section class="card" aria-labelledby="latest-h"><h2 id="latest-h">${esc(view.t.latestHeading)}</h2>
${items.length ? `<ol class="latest">${items.join('\n')}</ol>` : `<p>${esc(view.t.noItems)}</p>`}
</section>`;
}

function directory(data: HomeData, view: HomeView): string {
  const { t, lang } = view;
  const dir = data.directory;
  const feeds = (p: Portal) =>
    `<span class="feeds" role="group" aria-label="${esc(`${t.feedsOf} ${portalName(p, lang)}`)}">${FEED_FORMATS.map(
      ([f, label]) => `<a href="/feeds/portals/${encodeURIComponent(p.id)}.${f}">${label}</a>`,
    ).join(' ')}</span>`;
  const count = (p: Portal) => {
    const n = data.sourceCounts.get(p.id) ?? 0;
    return `<span class="count">${n} ${esc(n === 1 ? t.source : t.sources)}</span>`;
  };
  const seen = new Set<string>();
  const node = (p: Portal): string => {
    if (seen.has(p.id)) return '';
    seen.add(p.id);
    const kids = dir.childrenOf(p.id);
    const name = `<a class="pname" href="${safeHref(p.url)}">${esc(portalName(p, lang))}</a>`;
    if (!kids.length) return `<li data-portal="${esc(p.id)}">${name} ${count(p)} ${feeds(p)}</li>`;
    return `<li data-portal="${esc(p.id)}"><details><summary><span class="sname">${esc(portalName(p, lang))}</span> ${count(p)}</summary>
<p class="self">${name} ${feeds(p)}</p>
${groups(kids, true)}
</details></li>`;
  };
  // portals of one level together, in directory order; below a portal each level is a <details> of its own
  const groups = (portals: Portal[], nested: boolean): string =>
    PORTAL_LEVELS.map((level) => {
      const at = portals.filter((p) => p.level === level);
      if (!at.length) return '';
      const list = `<ul class="tree">${at.map(node).join('\n')}</ul>`;
      const label = `${esc(levelName(t, level))} <span class="count">(${at.length})</span>`;
      return nested ? `<details class="group"><summary>${label}</summary>${list}</details>` : `<section class="level"><h3>${label}</h3>${list}</section>`;
    })
      .filter(Boolean)
      .join('\n');
  const roots = dir.roots();
  return `<section class="card" id="directory" aria-labelledby="directory-h"><h2 id="directory-h">${esc(t.directoryHeading)}</h2>
<p class="hint">${esc(t.directoryHint)}</p>
${roots.length ? groups(roots, false) : `<p>${esc(t.noPortals)}</p>`}
</section>`;
}

function builder(data: HomeData, view: HomeView): string {
  const { t, lang, choice } = view;
  const picked = new Set(choice.portals);
  const all = data.directory.all();
  const portalOptions = PORTAL_LEVELS.map((level) => {
    const at = all.filter((p) => p.level === level).sort((a, b) => portalName(a, lang).localeCompare(portalName(b, lang), lang));
    if (!at.length) return '';
    return `<optgroup label="${esc(levelName(t, level))}">${at
      .map((p) => `<option value="${esc(p.id)}"${picked.has(p.id) ? ' selected' : ''}>${esc(portalName(p, lang))}</option>`)
      .join('')}</optgroup>`;
  }).join('');
  const option = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const levels = PORTAL_LEVELS.map((l) => option(l, levelName(t, l), choice.level === l)).join('');
  const topics = data.topics.map((tp) => option(tp.id, lang === 'en' && tp.nameEn ? tp.nameEn : tp.name, choice.topic === tp.id)).join('');
  const kind = (value: string, label: string) =>
    `<div class="check"><input type="radio" id="b-kind-${value}" name="kind" value="${value}"${choice.kind === value ? ' checked' : ''}><label for="b-kind-${value}">${esc(label)}</label></div>`;
  const frameTitle = t.latestHeading;
  const query = embedFilterPairs(choice)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `<section class="card" id="embed" aria-labelledby="embed-h"><h2 id="embed-h">${esc(t.builderHeading)}</h2>
<p class="hint">${esc(t.builderHint)}</p>
<div class="builder">
<form id="builder" method="get" action="/#embed" data-public-url="${esc(data.publicUrl)}" data-frame-title="${esc(frameTitle)}" data-copied="${esc(t.builderCopied)}" data-copy-failed="${esc(t.builderCopyFailed)}">
<input type="hidden" name="lang" value="${lang}">
<div class="field"><label for="b-portal">${esc(t.builderPortals)}</label><select id="b-portal" name="portal" multiple size="8">${portalOptions}</select></div>
<div class="check"><input type="checkbox" id="b-within" name="within" value="1"${choice.within ? ' checked' : ''}><label for="b-within">${esc(t.builderWithin)}</label></div>
<div class="field"><label for="b-level">${esc(t.builderLevel)}</label><select id="b-level" name="level">${option('', t.builderAny, !choice.level)}${levels}</select></div>
<div class="field"><label for="b-topic">${esc(t.builderTopic)}</label><select id="b-topic" name="topic">${option('', t.builderAny, !choice.topic)}${topics}</select></div>
<div class="field"><label for="b-limit">${esc(t.builderLimit)}</label><input id="b-limit" name="limit" type="number" min="1" max="${MAX_EMBED_LIMIT}" value="${choice.limit}" inputmode="numeric"></div>
<fieldset><legend>${esc(t.builderKind)}</legend>${kind('script', t.builderScript)}${kind('iframe', t.builderIframe)}</fieldset>
<button type="submit" class="apply">${esc(t.builderApply)}</button>
</form>
<div class="out">
<label for="b-snippet">${esc(t.builderSnippet)}</label>
<textarea id="b-snippet" readonly rows="5" spellcheck="false">${esc(embedSnippet(data.publicUrl, choice, frameTitle))}</textarea>
<p class="copy-row"><button type="button" id="b-copy" hidden>${esc(t.builderCopy)}</button> <span id="b-status" role="status"></span></p>
<h3 id="preview-h">${esc(t.builderPreview)}</h3>
<div id="b-preview" class="preview" aria-labelledby="preview-h"><iframe src="/embed/list?${esc(query)}" title="${esc(frameTitle)}" width="100%" height="480" loading="lazy"></iframe></div>
</div>
</div>
</section>`;
}
