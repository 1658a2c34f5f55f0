/**
 * /embed/v1.js: the news box a portal puts on its pages with one line,
 *   <script src="https://HUB/embed/v1.js" data-within="…" data-topic="…" data-limit="5" async></script>
 * Every data-* attribute that is not a display option below is passed to the hub as a filter of
 * GET /api/v1/items; a comma separates the values of a filter that takes several. Renders into a shadow root next to the script tag, so the host page's CSS
 * neither breaks it nor leaks in; refreshes itself; shows a plain link when the hub is unreachable.
 * Plain DOM, no framework; bundled and minified by hub/embed/build.ts.
 */
import { DEFAULT_HEADING, EMBED_CSS, renderFallback, renderList, renderProblem, type EmbedOptions } from './render.ts';
import type { EmbedList } from './view.ts';
import { embedProblemText, type EmbedProblem } from './messages.ts';

/** data-* attributes that shape the box rather than select items. */
const DISPLAY = ['layout', 'title', 'images', 'refresh', 'hub', 'fallback', 'target'];
const MIN_REFRESH_S = 5;
const DEFAULT_REFRESH_S = 300;
const MOUNTED = 'data-portal-hub-mounted';

function mount(script: HTMLScriptElement): void {
  script.setAttribute(MOUNTED, '');
  const data = (name: string) => script.getAttribute(`data-${name}`);
  const hub = (data('hub') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  const filter = new URLSearchParams();
  for (const attr of Array.from(script.attributes)) {
    const name = attr.name.slice(5);
    if (!attr.name.startsWith('data-') || DISPLAY.includes(name) || attr.name === MOUNTED) continue;
    // an attribute cannot repeat, so data-portal="a,b" stands for portal=a&portal=b (not for q, free text)
    for (const value of name === 'q' ? [attr.value] : attr.value.split(',')) if (value.trim()) filter.append(name, value.trim());
  }
  const query = filter.toString();
  const options: EmbedOptions = {
    layout: data('layout') === 'compact' ? 'compact' : 'light',
    images: data('images') !== '0' && data('images') !== 'false',
    heading: data('title') || DEFAULT_HEADING,
  };
  const refreshS = Math.max(MIN_REFRESH_S, Number(data('refresh')) || DEFAULT_REFRESH_S);
  const fallback = data('fallback') || `${hub}/embed/list${query ? `?${query}` : ''}`;

  const host = document.createElement('div');
  host.className = 'portal-hub-embed';
  const target = data('target') ? document.querySelector(data('target')!) : null;
  if (target) target.appendChild(host);
  else script.parentNode!.insertBefore(host, script);
  const root = host.attachShadow({ mode: 'open' });
  const style = `<style>${EMBED_CSS}</style>`;
  root.innerHTML = `${style}<section class="hub ${options.layout}" aria-busy="true" aria-label="${options.heading.replace(/"/g, '&quot;')}"></section>`;

  let shown = false;
  let lastLoad = 0;
  const load = async () => {
    lastLoad = Date.now();
    try {
      // eslint-disable-next-line no-restricted-globals -- runs in the reader's browser (bundled by build.ts), reading the hub's own public JSON
      const res = await fetch(`${hub}/embed/items.json${query ? `?${query}` : ''}`, { credentials: 'omit', cache: 'no-cache' });
      if (res.status >= 400 && res.status < 500 && /json/.test(res.headers.get('content-type') ?? '')) {
        // a wrong data-* attribute (an unknown portal, a bad level): said to the page's author, in the
        // console with the hub's own words and in the box in Vietnamese, not hidden behind the fallback
        const problem = (await res.json()) as EmbedProblem;
        console.error(`portal-hub embed (${script.src}): ${problem.detail ?? `HTTP ${res.status}`}`);
        root.innerHTML = style + renderProblem(embedProblemText(problem), options.layout);
        host.setAttribute('data-state', 'error');
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const list = (await res.json()) as EmbedList;
      root.innerHTML = style + renderList(list, options);
      shown = true;
      host.setAttribute('data-state', 'ready');
    } catch {
      // keep what is on screen after a failed refresh (data-state="stale"); only a box that never
      // loaded degrades to the plain link
      if (shown) host.setAttribute('data-state', 'stale');
      else {
        root.innerHTML = style + renderFallback(fallback, options);
        host.setAttribute('data-state', 'offline');
      }
    }
  };
  void load();
  const onVisible = () => {
    if (!document.hidden && Date.now() - lastLoad > refreshS * 1000) void load();
  };
  const timer = setInterval(() => {
    // a box the host page removed (single-page sites) stops refreshing
    if (!host.isConnected) {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    } else if (!document.hidden) void load();
  }, refreshS * 1000);
  document.addEventListener('visibilitychange', onVisible);
}

// document.currentScript is this tag for a classic script, async or not; the query also finds
// tags inserted before this copy of the script ran (several boxes on one page load it once).
const scripts = new Set<HTMLScriptElement>();
if (document.currentScript instanceof HTMLScriptElement) scripts.add(document.currentScript);
document.querySelectorAll<HTMLScriptElement>('script[src*="/embed/v1.js"]').forEach((s) => scripts.add(s));
scripts.forEach((s) => {
  if (!s.hasAttribute(MOUNTED)) mount(s);
});
