/**
 * Atom 1.0 (RFC 4287) and Atom 0.3 into raw items. Atom says what its text constructs are
 * (type="text" | "html" | "xhtml", 0.3's mode="escaped" | "base64" | "xml"); each becomes HTML
 * here so the normalizer treats every format alike.
 */
import type { AdapterResult, RawItem } from '../types.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';
import { mediaOf, imageOf } from './media.ts';
import { personName } from './rss.ts';
import { child, childElements, childText, escapeText, innerHtml, innerText, isElement, type XmlElement } from './xml/tree.ts';

export function readAtom(root: XmlElement): Pick<AdapterResult, 'items' | 'channel'> {
  const feedAuthors = authorsOf(root);
  const links = childElements(root, 'link');
  return {
    items: childElements(root, 'entry').map((e) => atomEntry(e, feedAuthors)),
    channel: {
      title: atomHtml(child(root, 'title')),
      link: alternate(root),
      description: atomHtml(child(root, 'subtitle', 'tagline')),
      language: root.attrs['xml:lang'],
      ...hrefOf(links, 'hub', 'websubHub'),
      ...hrefOf(links, 'self', 'selfUrl'),
    },
  };
}

function hrefOf(links: XmlElement[], rel: string, key: 'websubHub' | 'selfUrl') {
  const l = links.find((x) => x.attrs.rel === rel && x.attrs.href);
  return l ? { [key]: absoluteUrl(l.attrs.href, l.base) ?? l.attrs.href } : {};
}

/** A text construct as HTML (undefined when absent or empty). */
export function atomHtml(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const type = (el.attrs.type ?? 'text').toLowerCase();
  const mode = el.attrs.mode?.toLowerCase();
  let out: string;
  // RFC 4287 §4.1.3.3: a MIME type that is neither XML nor text/* is base64; Atom 0.3 says mode="base64"
  const binary = type.includes('/') && !/xml|^text\//.test(type);
  if (mode === 'base64' || binary) {
    const decoded = Buffer.from(innerText(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    out = type === 'text' || type === 'text/plain' ? escapeText(decoded) : decoded;
  } else if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    // RFC 4287 §3.1.1.3: the content is one xhtml:div, which is not part of it (Atom 0.3 keeps it)
    const elements = el.children.filter(isElement);
    const div =
      mode !== 'xml' && elements.length === 1 && el.children.every((c) => isElement(c) || !c.text.trim()) && /(^|:)div$/.test(elements[0].name)
        ? elements[0]
        : el;
    out = innerHtml(div);
  } else if (type.includes('html') || mode === 'escaped') out = innerText(el);
  else out = el.children.some(isElement) ? innerHtml(el) : escapeText(innerText(el));
  return out.trim() ? out.trim() : undefined;
}

/** The entry's (or feed's) alternate link: rel="alternate" or no rel, an HTML one first. */
function alternate(el: XmlElement): string | undefined {
  // a link written like RSS, <link rel="alternate">https://…</link>, counts as its href
  const hrefOf = (l: XmlElement) => l.attrs.href ?? innerText(l).trim();
  const links = childElements(el, 'link').filter((l) => hrefOf(l) && (!l.attrs.rel || l.attrs.rel.toLowerCase() === 'alternate'));
  const best = links.find((l) => !l.attrs.type || /html/i.test(l.attrs.type)) ?? links[0];
  return best ? (absoluteUrl(hrefOf(best), best.base) ?? hrefOf(best)) : undefined;
}

function authorsOf(el: XmlElement): string[] {
  const names = [...childElements(el, 'author'), ...childElements(el, 'dc:creator')]
    .map((a) => personName(childText(a, 'name') ?? innerText(a)))
    .filter(Boolean);
  return [...new Set(names)];
}

function atomEntry(entry: XmlElement, feedAuthors: string[]): RawItem {
  const content = child(entry, 'content');
  const summary = child(entry, 'summary');
  const authors = authorsOf(entry);
  const categories = [...childElements(entry, 'category'), ...childElements(entry, 'dc:subject')]
    .map((c) => c.attrs.term?.trim() || c.attrs.label?.trim() || innerText(c).trim())
    .filter(Boolean);
  // content by reference (out-of-line, RFC 4287 §4.1.3.2) carries no text here
  const inline = content && !content.attrs.src ? atomHtml(content) : undefined;
  const contentBase = (inline ? content : summary)?.base;
  return {
    guid: childText(entry, 'id'),
    url: alternate(entry),
    title: atomHtml(child(entry, 'title')),
    summary: atomHtml(summary),
    contentHtml: inline,
    published: childText(entry, 'published', 'issued', 'created', 'dcterms:issued', 'dc:date'),
    updated: childText(entry, 'updated', 'modified', 'dcterms:modified'),
    authors: authors.length ? authors : feedAuthors,
    categories,
    image: imageOf(entry),
    media: mediaOf(entry),
    language: entry.attrs['xml:lang'],
    baseUrl: entry.base,
    ...(contentBase && contentBase !== entry.base ? { contentBaseUrl: contentBase } : {}),
  };
}
