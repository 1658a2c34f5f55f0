/**
 * Safe HTML for contentHtml: no script, style, event handlers, forms, javascript: URLs; data:
 * URLs only for images; iframes only from the deployment's video hosts. Lazy images (data-src,
 * data-original) become real src; every link and image is made absolute.
 *
 * An allow-list sanitizer over htmlparser2's streaming parser (the parser sanitize-html is built
 * on). It writes the output as the parser reports tags, from tables built once; sanitize-html
 * rebuilt its option maps, a frame with two closures per tag and the text of every ancestor on
 * each call, and cost three times the parse itself (bench:ingest). The policy and its output are
 * sanitize-html's with the options this file used to pass it: test/hub/pipeline/normalize/
 * html-oracle.test.ts checks byte-for-byte equality on fixtures, hostile cases and generated HTML.
 */
import { Parser } from 'htmlparser2';
import { contentUrl } from './urls.ts';

export interface HtmlPolicy {
  /** Host names whose iframes are kept (video players), e.g. www.youtube.com. */
  iframeHosts: string[];
}

export const DEFAULT_HTML_POLICY: HtmlPolicy = { iframeHosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com'] };

/** The deployment's policy: its video hosts (HUB_VIDEO_HOSTS) or the default ones. */
export function htmlPolicyFor(config: { videoHosts?: string[] }): HtmlPolicy {
  return config.videoHosts ? { iframeHosts: config.videoHosts } : DEFAULT_HTML_POLICY;
}

export interface SanitizedHtml {
  html: string;
  /** The first image, for the item's lead image. */
  firstImage?: string;
}

const ALLOWED_TAGS = new Set([
  'address',
  'article',
  'aside',
  'footer',
  'header',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hgroup',
  'main',
  'nav',
  'section',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'hr',
  'li',
  'menu',
  'ol',
  'p',
  'pre',
  'ul',
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'i',
  'kbd',
  'mark',
  'q',
  'rb',
  'rp',
  'rt',
  'rtc',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'caption',
  'col',
  'colgroup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  // media: portals run photo, audio and video channels
  'img',
  'picture',
  'audio',
  'video',
  'source',
  'iframe',
]);

/** What an attribute's value is, which decides how it is checked and rewritten. */
type AttributeKind = 'text' | 'boolean' | 'url';

/** Maps, not object literals: an attribute named `constructor` must not find Object's. */
const ATTRIBUTES = new Map<string, Map<string, AttributeKind>>(
  Object.entries({
    a: { href: 'url', title: 'text' },
    img: { src: 'url', alt: 'text', title: 'text', width: 'text', height: 'text' },
    audio: { src: 'url', controls: 'boolean' },
    video: { src: 'url', controls: 'boolean', poster: 'url', width: 'text', height: 'text' },
    source: { src: 'url', type: 'text' },
    iframe: { src: 'url', width: 'text', height: 'text', allowfullscreen: 'boolean', title: 'text' },
    td: { colspan: 'text', rowspan: 'text' },
    th: { colspan: 'text', rowspan: 'text' },
  } satisfies Record<string, Record<string, AttributeKind>>).map(([tag, kinds]) => [tag, new Map(Object.entries(kinds) as [string, AttributeKind][])]),
);
const NO_ATTRIBUTES = new Map<string, AttributeKind>();

/** Disallowed tags whose text goes with them; other disallowed tags give up only their markup. */
const DROPPED_WITH_TEXT = new Set(['script', 'style', 'textarea', 'option']);
/** Written as `<img … />`; other void elements get an end tag, as sanitize-html writes them. */
const SELF_CLOSING = new Set(['img', 'br', 'hr']);
/** An empty `alt` says "decorative"; other empty text attributes say nothing and are dropped. */
const KEPT_EMPTY = 'alt';
const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src', 'data-url'];

interface Frame {
  tag: string;
  allowed: boolean;
  /** Where the tag's output begins: an iframe left without a src is cut back to here when it closes. */
  start: number;
  drop: boolean;
}

/** One sanitizing pass; htmlparser2 calls back synchronously, so one instance serves every call. */
class Sanitizer {
  out = '';
  firstImage: string | undefined;
  baseUrl = '';
  policy: HtmlPolicy = DEFAULT_HTML_POLICY;
  private stack: Frame[] = [];
  /** Depth inside a tag dropped with its text (script, style…); 0 outside. */
  private skipping = 0;

  run(html: string, baseUrl: string, policy: HtmlPolicy): SanitizedHtml {
    this.out = '';
    this.firstImage = undefined;
    this.baseUrl = baseUrl;
    this.policy = policy;
    this.stack = [];
    this.skipping = 0;
    // a parser per call: htmlparser2 8's reset() leaves the tokenizer inside a <script> that was not closed
    new Parser(this, { decodeEntities: true }).end(html);
    return { html: this.out.trim().normalize('NFC'), firstImage: this.firstImage };
  }

  onopentag(tag: string, attribs: Record<string, string>): void {
    if (this.skipping) {
      this.skipping++;
      return;
    }
    const allowed = ALLOWED_TAGS.has(tag);
    const frame: Frame = { tag, allowed, start: this.out.length, drop: false };
    this.stack.push(frame);
    if (!allowed) {
      if (DROPPED_WITH_TEXT.has(tag)) this.skipping = 1;
      return;
    }
    this.rewriteUrls(tag, attribs);
    // an image or a frame with nothing to show is no element at all
    if ((tag === 'img' || tag === 'iframe') && !attribs.src) {
      frame.drop = true;
      return;
    }
    const kinds = ATTRIBUTES.get(tag) ?? NO_ATTRIBUTES;
    let written = `<${tag}`;
    for (const name of Object.keys(attribs)) {
      const kind = kinds.get(name);
      if (kind !== undefined) written += attribute(name, attribs[name], kind);
    }
    this.out += SELF_CLOSING.has(tag) ? `${written} />` : `${written}>`;
  }

  ontext(text: string): void {
    if (!this.skipping) this.out += escapeText(text);
  }

  onclosetag(tag: string): void {
    if (this.skipping && --this.skipping) return;
    const frame = this.stack.pop();
    if (!frame) return;
    // an end tag for another element (bad markup): the open one stays open
    if (frame.tag !== tag) {
      this.stack.push(frame);
      return;
    }
    if (frame.drop) this.out = this.out.slice(0, frame.start);
    else if (frame.allowed && !SELF_CLOSING.has(tag)) this.out += `</${tag}>`;
  }

  /**
   * URL attributes made absolute, in place (the parser hands each tag a fresh object); one that
   * cannot be (another scheme, an iframe from a host not allowed) is removed.
   */
  private rewriteUrls(tag: string, attribs: Record<string, string>): void {
    switch (tag) {
      case 'img': {
        // a lazy image's real address is in data-src (or the like); src holds a placeholder
        const lazy = LAZY_SRC.map((a) => attribs[a]).find(Boolean);
        const src = contentUrl(lazy ?? attribs.src, this.baseUrl, false)?.href ?? (attribs.src?.startsWith('data:image/') ? attribs.src : undefined);
        if (src && !this.firstImage && !src.startsWith('data:')) this.firstImage = src;
        if (src) attribs.src = src;
        else delete attribs.src;
        return;
      }
      case 'a': {
        if (attribs.href === undefined) return;
        const href = contentUrl(attribs.href, this.baseUrl, true)?.href;
        // mail and phone links stay as written
        if (href) attribs.href = href;
        else if (!/^(mailto|tel):/i.test(attribs.href)) delete attribs.href;
        return;
      }
      case 'iframe': {
        const url = contentUrl(attribs.src, this.baseUrl, false);
        if (url && this.policy.iframeHosts.includes(url.hostname)) attribs.src = url.href;
        else delete attribs.src;
        return;
      }
      case 'video':
        this.absolute(attribs, 'poster');
        this.absolute(attribs, 'src');
        return;
      case 'audio':
      case 'source':
        this.absolute(attribs, 'src');
    }
  }

  private absolute(attribs: Record<string, string>, name: string): void {
    if (attribs[name] === undefined) return;
    const url = contentUrl(attribs[name], this.baseUrl, false)?.href;
    if (url) attribs[name] = url;
    else delete attribs[name];
  }
}

function attribute(name: string, value: string, kind: AttributeKind): string {
  if (value) return ` ${name}="${escapeAttribute(value)}"`;
  if (kind === 'boolean') return ` ${name}`;
  return name === KEPT_EMPTY ? ` ${name}=""` : '';
}

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const sanitizer = new Sanitizer();

export function sanitizeContent(html: string | undefined, baseUrl: string, policy: HtmlPolicy = DEFAULT_HTML_POLICY): SanitizedHtml {
  if (!html) return { html: '' };
  return sanitizer.run(html, baseUrl, policy);
}
