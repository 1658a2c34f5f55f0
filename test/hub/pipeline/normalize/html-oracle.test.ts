/**
 * The hub's sanitizer against sanitize-html, as an oracle: sanitize-html given the policy the hub
 * used to pass it (the same allow-lists, the same URL rewriting in its transforms) must write the
 * same bytes, and the same lead image, for every piece of HTML here — the HTML and text of every
 * feed in the feedparser corpus (746 of its cases are sanitizer cases: event handlers, javascript:
 * in all its disguises, embeds, styles…), the project's feed fixtures and list pages, the
 * benchmark corpus, and seeded random tag soup.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sanitizeHtml from 'sanitize-html';
import { feedAdapter } from '../../../../adapters/feed/index.ts';
import { DEFAULT_HTML_POLICY, sanitizeContent, type HtmlPolicy, type SanitizedHtml } from '../../../../hub/pipeline/normalize/html.ts';
import { contentUrl } from '../../../../hub/pipeline/normalize/urls.ts';
import { corpusDir } from '../../../conformance/feedparser/run.ts';
import { portalFeed } from '../../../../bench/corpus.ts';

const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src', 'data-url'];

/** sanitize-html with the options hub/pipeline/normalize/html.ts passed it before it had its own sanitizer. */
function oracle(html: string, baseUrl: string, policy: HtmlPolicy = DEFAULT_HTML_POLICY): SanitizedHtml {
  let firstImage: string | undefined;
  const absolute = (value: string | undefined) => contentUrl(value, baseUrl, false)?.href;
  const withAbsolute =
    (names: string[]): sanitizeHtml.Transformer =>
    (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs };
      for (const n of names) {
        if (out[n] === undefined) continue;
        const url = absolute(out[n]);
        if (url) out[n] = url;
        else delete out[n];
      }
      return { tagName, attribs: out };
    };
  const clean = sanitizeHtml(html, {
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
        const src = absolute(lazy ?? attribs.src) ?? (attribs.src?.startsWith('data:image/') ? attribs.src : undefined);
        if (src && !firstImage && !src.startsWith('data:')) firstImage = src;
        const out: Record<string, string> = { ...attribs };
        if (src) out.src = src;
        else delete out.src;
        return { tagName, attribs: out };
      },
      a: (tagName, attribs) => {
        const href = contentUrl(attribs.href, baseUrl, true)?.href;
        const out: Record<string, string> = { ...attribs };
        if (href) out.href = href;
        else if (!/^(mailto|tel):/i.test(attribs.href ?? '')) delete out.href;
        return { tagName, attribs: out };
      },
      iframe: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src) ?? '' } }),
      audio: withAbsolute(['src']),
      video: withAbsolute(['src', 'poster']),
      source: withAbsolute(['src']),
    },
    exclusiveFilter: (frame) => (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'iframe' && !frame.attribs.src),
  });
  return { html: clean.trim().normalize('NFC'), firstImage };
}

/** Every HTML-bearing string of a feed, as the feed adapter reads it. */
async function htmlOfFeed(body: Buffer, url: string): Promise<string[]> {
  try {
    const result = await feedAdapter.parse(
      { url, finalUrl: url, status: 200, notModified: false, headers: {}, body },
      { options: {}, fetch: () => Promise.reject(new Error('no fetch')) },
    );
    return [result.channel?.title, result.channel?.description, ...result.items.flatMap((i) => [i.contentHtml, i.summary, i.title])].filter(
      (s): s is string => !!s,
    );
  } catch {
    return [];
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Seeded tag soup: the tags, attributes and URLs the policy decides on, nested and broken at random. */
function tagSoup(seed: number, count: number): string[] {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const tags = [
    'p',
    'a',
    'img',
    'iframe',
    'video',
    'audio',
    'source',
    'script',
    'style',
    'textarea',
    'option',
    'select',
    'form',
    'input',
    'div',
    'span',
    'b',
    'table',
    'td',
    'th',
    'tr',
    'br',
    'hr',
    'wbr',
    'col',
    'svg',
    'math',
    'noscript',
    'title',
    'object',
    'embed',
    'picture',
    'figure',
    'li',
    'ul',
    'P',
    'IMG',
    'A',
    'font',
    'center',
    'xmp',
    'template',
  ];
  const names = [
    'href',
    'src',
    'data-src',
    'data-original',
    'alt',
    'title',
    'width',
    'height',
    'controls',
    'poster',
    'type',
    'allowfullscreen',
    'colspan',
    'onclick',
    'onerror',
    'style',
    'class',
    'HREF',
    'Src',
    'srcset',
    'id',
    'constructor',
    '__proto__',
    'tostring',
    'hasOwnProperty',
  ];
  const values = [
    '',
    '/a.jpg',
    'b.png',
    'https://www.youtube.com/embed/x',
    'https://player.vimeo.com/v/1',
    'https://evil.example/x',
    '//cdn.example.vn/c.jpg',
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:x',
    'data:image/png;base64,AAAA',
    'data:text/html,<b>x</b>',
    'mailto:a@b.vn',
    'tel:+84123',
    'http:rel',
    '/tin?utm_source=x&id=1#c',
    '?fbclid=1',
    'a"b',
    "a'b",
    '&amp;&lt;x&gt;',
    '&#106;avascript:x',
    'vbscript:x',
    '  ',
    '<!--x-->javascript:x',
    'https://x.vn/đường dẫn',
    '0',
    'true',
  ];
  const texts = [
    'Chính phủ',
    ' & ',
    '<',
    '>',
    '&nbsp;',
    '&amp;',
    '&#x3C;script&#x3E;',
    'a < b',
    '"quoted"',
    'Thuỷ',
    '\n',
    '<!-- c -->',
    '<![CDATA[x]]>',
    '&bogus;',
    '&#0;',
  ];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let html = '';
    const open: string[] = [];
    for (let k = 0, len = 3 + Math.floor(rand() * 25); k < len; k++) {
      const r = rand();
      if (r < 0.4) {
        const tag = pick(tags);
        let attrs = '';
        for (let a = Math.floor(rand() * 4); a > 0; a--) {
          const q = pick(['"', "'", '', '"']);
          attrs += rand() < 0.1 ? ` ${pick(names)}` : ` ${pick(names)}=${q}${q ? pick(values).replaceAll(q, '') : pick(values).replace(/[\s"'>]/g, '')}${q}`;
        }
        html += `<${tag}${attrs}${rand() < 0.1 ? ' /' : ''}>`;
        open.push(tag);
      } else if (r < 0.6 && open.length) html += `</${rand() < 0.8 ? open.pop() : pick(tags)}>`;
      else html += pick(texts);
    }
    out.push(
      rand() < 0.5
        ? html +
            open
              .reverse()
              .map((t) => `</${t}>`)
              .join('')
        : html,
    );
  }
  return out;
}

function compare(inputs: string[], base: string, policy?: HtmlPolicy): string[] {
  const differences: string[] = [];
  for (const html of inputs) {
    const ours = sanitizeContent(html, base, policy);
    const theirs = oracle(html, base, policy);
    if (ours.html !== theirs.html || ours.firstImage !== theirs.firstImage) differences.push(JSON.stringify({ html, ours, theirs }));
  }
  return differences;
}

describe('normalize/html against sanitize-html', () => {
  it('writes what sanitize-html writes for every feed and item text of the feedparser corpus (over 300 of them hostile)', async function () {
    this.timeout(60_000);
    const dir = corpusDir();
    const inputs: string[] = [];
    for (const file of filesUnder(dir).filter((f) => /\.(xml|rdf|rss|atom)$/.test(f)))
      inputs.push(...(await htmlOfFeed(readFileSync(file), `http://127.0.0.1:8097/tests/${file.slice(dir.length + 1)}`)));
    expect(inputs.length, 'HTML strings read from the corpus').to.be.greaterThan(1400);
    expect(
      inputs.filter((h) => /<script|javascript:|\bon[a-z]+=|<embed|<object|<iframe|style=/i.test(h)).length,
      'hostile strings among them',
    ).to.be.greaterThan(300);
    const differences = compare(inputs, 'http://127.0.0.1:8097/tests/wellformed/sanitize/');
    expect(differences, differences.slice(0, 5).join('\n')).to.deep.equal([]);
  });

  it("writes what sanitize-html writes for the project's feeds, pages and benchmark corpus", async () => {
    const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
    const inputs: string[] = [];
    for (const file of filesUnder(join(fixtures, 'feeds'))) inputs.push(...(await htmlOfFeed(readFileSync(file), 'https://portal.gov.vn/rss/tin.rss')));
    // whole pages: navigation, forms, scripts, comments, everything a CMS writes
    for (const file of filesUnder(join(fixtures, 'pages'))) inputs.push(readFileSync(file, 'utf8'));
    inputs.push(...(await htmlOfFeed(Buffer.from(portalFeed(7, 50)), 'https://portal-7.example.gov.vn/rss/tin-tuc.rss')));
    expect(inputs.length).to.be.greaterThan(100);
    const differences = compare(inputs, 'https://portal.gov.vn/tin-tuc/bai-1.html');
    expect(differences, differences.slice(0, 5).join('\n')).to.deep.equal([]);
  });

  it('writes what sanitize-html writes for 5,000 pieces of random tag soup, with either video-host policy', () => {
    const soup = tagSoup(20261124, 5000);
    expect(compare(soup, 'https://x.gov.vn/tin/1.html').slice(0, 5)).to.deep.equal([]);
    expect(compare(soup.slice(0, 1000), 'https://x.gov.vn/', { iframeHosts: ['player.vimeo.com', 'video.vtv.vn'] }).slice(0, 5)).to.deep.equal([]);
  });
});
