/**
 * Markup and style of an embed, shared by the widget (rendered into its shadow root in the browser)
 * and the iframe page (rendered on the hub). Runs in both places, so it imports nothing at runtime.
 */
import type { EmbedList } from './view.ts';

export type EmbedLayout = 'light' | 'compact';

export interface EmbedOptions {
  layout: EmbedLayout;
  /** Show the lead image (light layout only). */
  images: boolean;
  heading: string;
}

export const DEFAULT_HEADING = 'Tin mới';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Only http(s) links leave the hub, so a stored javascript: URL could never be clicked. */
const safeUrl = (u: string) => (/^https?:\/\//i.test(u) ? escapeHtml(u) : '#');

export function renderList(list: EmbedList, options: EmbedOptions): string {
  const items = list.entries.map((e) => {
    const image =
      options.images && options.layout === 'light' && e.image
        ? `<img class="thumb" src="${safeUrl(e.image)}" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer">`
        : '';
    const also = e.also.length
      ? `<p class="also">Cũng đăng trên: ${e.also.map((a) => `<a href="${safeUrl(a.url)}">${escapeHtml(a.portalName)}</a>`).join(', ')}</p>`
      : '';
    return `<li class="item">${image}<div class="body"><a class="link" href="${safeUrl(e.url)}">${escapeHtml(e.title)}</a><p class="meta"><span class="portal">${escapeHtml(e.portalName)}</span> <span aria-hidden="true">·</span> <time datetime="${escapeHtml(e.publishedAt)}">${escapeHtml(e.date)}</time></p>${also}</div></li>`;
  });
  const body = items.length ? `<ul class="items" role="list">${items.join('')}</ul>` : '<p class="empty">Chưa có tin.</p>';
  return `<section class="hub ${options.layout}" aria-labelledby="hub-heading" lang="vi"><h2 class="heading" id="hub-heading">${escapeHtml(options.heading)}</h2>${body}<p class="more"><a href="${safeUrl(list.moreUrl)}">Xem thêm tin</a></p></section>`;
}

/** What shows when the hub cannot be reached: a plain link, nothing broken. */
export function renderFallback(href: string, options: Pick<EmbedOptions, 'heading' | 'layout'>): string {
  return `<section class="hub ${options.layout} fallback" lang="vi"><p class="fallback-text"><a class="link" href="${safeUrl(href)}">${escapeHtml(options.heading)}: xem tại trang tổng hợp</a></p></section>`;
}

/** What shows when the page author got a parameter wrong: what is wrong, in Vietnamese (hub/embed/messages.ts). */
export function renderProblem(lines: string[], layout: EmbedLayout): string {
  return `<section class="hub ${layout} error" lang="vi" role="alert"><h2 class="heading">Không hiển thị được tin</h2>${lines.map((l) => `<p class="error-text">${escapeHtml(l)}</p>`).join('')}</section>`;
}

/**
 * Themable through custom properties, which cross the shadow boundary on purpose; nothing else of
 * the host page does (`all: initial`). Default colours meet WCAG AA (≥ 4.5:1 on white).
 */
export const EMBED_CSS = `:host{all:initial;display:block;contain:content}
.hub{box-sizing:border-box;font-family:var(--hub-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif);font-size:var(--hub-font-size,15px);line-height:1.45;color:var(--hub-color,#1f2328);background:var(--hub-bg,#fff);border:1px solid var(--hub-border,#d0d7de);border-radius:var(--hub-radius,8px);padding:var(--hub-padding,12px 16px)}
.heading{margin:0 0 8px;font-size:1.1em;font-weight:700;color:var(--hub-heading-color,var(--hub-color,#1f2328))}
.items{list-style:none;margin:0;padding:0}
.item{display:flex;gap:var(--hub-gap,12px);padding:8px 0;border-top:1px solid var(--hub-border,#d0d7de)}
.item:first-child{border-top:0}
.thumb{flex:none;width:var(--hub-image-width,96px);height:calc(var(--hub-image-width,96px)*2/3);object-fit:cover;border-radius:4px;background:var(--hub-border,#d0d7de)}
.body{min-width:0}
.link{color:var(--hub-link,#0b57d0);font-weight:600;text-decoration:none}
.link:hover{text-decoration:underline}
a:focus-visible{outline:3px solid var(--hub-focus,#b45309);outline-offset:2px;border-radius:2px}
.meta,.also,.empty,.more,.fallback-text,.error-text{margin:2px 0 0;font-size:.85em;color:var(--hub-muted,#57606a)}
.also a,.more a{color:var(--hub-link,#0b57d0)}
.more{margin-top:8px}
.compact .item{display:block;padding:4px 0}
.compact .link{font-weight:500}
.compact .meta{display:inline;margin-left:6px}
.compact .also{display:none}`;
