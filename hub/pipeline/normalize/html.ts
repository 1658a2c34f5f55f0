/**
 * Safe HTML for contentHtml, by sanitize-html: no script, style, event handlers, forms,
 * javascript: URLs; data: URLs only for images; iframes only from the deployment's video hosts.
 * Lazy images (data-src, data-original) become real src; every link and image is made absolute.
 */
import sanitizeHtml from 'sanitize-html';
import { absoluteUrl, linkUrl } from './urls.ts';

export interface HtmlPolicy {
  /** Host names whose iframes are kept (video players), e.g. www.youtube.com. */
  iframeHosts: string[];
}

export const DEFAULT_HTML_POLICY: HtmlPolicy = { iframeHosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com'] };

/** The deployment's policy: its video hosts (HUB_VIDEO_HOSTS) or the default ones. */
export function htmlPolicyFor(config: { videoHosts?: string[] }): HtmlPolicy {
  return config.videoHosts ? { iframeHosts: config.videoHosts } : DEFAULT_HTML_POLICY;
}

const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src', 'data-url'];

export interface SanitizedHtml {
  html: string;
  /** The first image, for the item's lead image. */
  firstImage?: string;
}

/**
 * What the transforms of one sanitizeHtml call read and write. sanitizeHtml runs synchronously,
 * so one state per policy's options serves every call; the options are built once per policy
 * instead of once per item.
 */
interface CallState {
  baseUrl: string;
  firstImage?: string;
}

const compiled = new WeakMap<HtmlPolicy, { options: sanitizeHtml.IOptions; state: CallState }>();

export function sanitizeContent(html: string | undefined, baseUrl: string, policy: HtmlPolicy = DEFAULT_HTML_POLICY): SanitizedHtml {
  if (!html) return { html: '' };
  let c = compiled.get(policy);
  if (!c) compiled.set(policy, (c = compile(policy)));
  c.state.baseUrl = baseUrl;
  c.state.firstImage = undefined;
  const clean = sanitizeHtml(html, c.options);
  return { html: clean.trim().normalize('NFC'), firstImage: c.state.firstImage };
}

function compile(policy: HtmlPolicy): { options: sanitizeHtml.IOptions; state: CallState } {
  const state: CallState = { baseUrl: '' };
  const options: sanitizeHtml.IOptions = {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'figure', 'figcaption', 'audio', 'video', 'source', 'iframe', 'picture'],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      audio: ['src', 'controls'],
      video: ['src', 'controls', 'poster', 'width', 'height'],
      source: ['src', 'type'],
      iframe: ['src', 'width', 'height', 'allowfullscreen', 'title'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      '*': [],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: true,
    allowedIframeHostnames: policy.iframeHosts,
    transformTags: {
      img: (tagName, attribs) => {
        const lazy = LAZY_SRC.map((a) => attribs[a]).find(Boolean);
        const src = absoluteUrl(lazy ?? attribs.src, state.baseUrl) ?? (attribs.src?.startsWith('data:image/') ? attribs.src : undefined);
        if (src && !state.firstImage && !src.startsWith('data:')) state.firstImage = src;
        const out: Record<string, string> = { ...attribs };
        if (src) out.src = src;
        else delete out.src;
        return { tagName, attribs: out };
      },
      a: (tagName, attribs) => {
        const href = linkUrl(attribs.href, state.baseUrl);
        const out: Record<string, string> = { ...attribs };
        if (href) out.href = href;
        else if (!/^(mailto|tel):/i.test(attribs.href ?? '')) delete out.href;
        return { tagName, attribs: out };
      },
      iframe: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absoluteUrl(attribs.src, state.baseUrl) ?? '' } }),
      audio: withAbsolute(['src'], state),
      video: withAbsolute(['src', 'poster'], state),
      source: withAbsolute(['src'], state),
    },
    exclusiveFilter: (frame) => (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'iframe' && !frame.attribs.src),
  };
  return { options, state };
}

/** A transform that makes these URL attributes absolute and drops the ones that are not http(s). */
function withAbsolute(names: string[], state: CallState): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const out: Record<string, string> = { ...attribs };
    for (const n of names) {
      if (out[n] === undefined) continue;
      const url = absoluteUrl(out[n], state.baseUrl);
      if (url) out[n] = url;
      else delete out[n];
    }
    return { tagName, attribs: out };
  };
}
