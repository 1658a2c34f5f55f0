/**
 * RSS 0.91/0.92/2.0 and RSS 0.90/1.0 (RDF) into raw items. RSS text elements are HTML in
 * practice (portals escape markup in <description> and sometimes in <title>), so they are
 * passed on as HTML; the normalizer makes plain text of titles and summaries.
 */
import type { AdapterResult, RawItem } from '../types.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';
import { mediaOf, imageOf } from './media.ts';
import { child, childElements, childText, innerHtml, innerText, type XmlElement } from './xml/tree.ts';

export function readRss(root: XmlElement): Pick<AdapterResult, 'items' | 'channel'> {
  const channel = root.name === 'channel' ? root : child(root, 'channel');
  // RSS 2.0 nests items in the channel; RSS 0.90 and 1.0 put them beside it
  const items = [...childElements(channel, 'item'), ...childElements(root, 'item')];
  const hub = childElements(channel, 'link').find((l) => l.attrs.rel === 'hub')?.attrs.href;
  const self = childElements(channel, 'link').find((l) => l.attrs.rel === 'self')?.attrs.href;
  return {
    items: items.map(rssItem),
    channel: {
      title: childText(channel, 'title', 'dc:title'),
      link: absoluteUrl(textLink(channel) ?? channel?.attrs.href, channel?.base ?? root.base),
      description: childText(channel, 'description', 'dc:description', 'itunes:subtitle', 'itunes:summary', 'abstract'),
      language: childText(channel, 'language', 'dc:language') ?? root.attrs['xml:lang'],
      ...(hub ? { websubHub: hub } : {}),
      ...(self ? { selfUrl: self } : {}),
    },
  };
}

/** The text of the first <link> with text (an atom:link beside it has only attributes). */
function textLink(el: XmlElement | undefined): string | undefined {
  return childElements(el, 'link')
    .map((l) => innerText(l).trim())
    .find(Boolean);
}

const MAX_PERSON = 500;

/** "jane@example.gov.vn (Jane)" and "Jane <jane@example.gov.vn>" → Jane (RSS 2.0 author is an email address). */
export function personName(value: string): string {
  const v = value.trim();
  // no name is this long, and the patterns below backtrack over the whole value (quadratic in it)
  if (v.length > MAX_PERSON) return v;
  const paren = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(v);
  if (paren) return (paren[2].includes('@') ? paren[1] : paren[2]).trim() || v;
  return /^([^<]+?)\s*<[^>]*@[^>]*>$/.exec(v)?.[1].replace(/^"|"$/g, '').trim() ?? v;
}

function rssItem(item: XmlElement): RawItem {
  const guidEl = child(item, 'guid');
  const guid = childText(item, 'guid') ?? item.attrs['rdf:about']?.trim() ?? childText(item, 'dc:identifier');
  // a guid is a permalink unless it says isPermaLink="false" (RSS 2.0 <guid>)
  const guidIsLink = guidEl && guidEl.attrs.ispermalink?.toLowerCase() !== 'false' && /^https?:/i.test(guid ?? '');
  const atomLink = childElements(item, 'link').find((l) => l.attrs.href && (!l.attrs.rel || l.attrs.rel === 'alternate'))?.attrs.href;
  const xhtmlBody = child(item, 'xhtml:body', 'xhtml:div', 'body');
  const authors = [
    ...childElements(item, 'author'),
    ...childElements(item, 'dc:creator'),
    ...childElements(item, 'dc:author'),
    ...childElements(item, 'itunes:author'),
  ]
    .map((a) => personName(childText(a, 'name') ?? innerText(a)))
    .filter(Boolean);
  const categories = [...childElements(item, 'category'), ...childElements(item, 'dc:subject'), ...childElements(item, 'media:category')].map(
    (c) => innerText(c).trim() || c.attrs.term || '',
  );
  categories.push(...itunesCategories(item));
  const contentEl = child(item, 'content:encoded', 'fullitem');
  return {
    guid,
    // CDF (the <channel> root) puts the link in an HREF attribute
    url: textLink(item) ?? atomLink ?? item.attrs.href ?? (guidIsLink ? guid : undefined),
    title: childText(item, 'title', 'dc:title', 'media:title'),
    summary: childText(item, 'description', 'dc:description', 'summary', 'itunes:summary', 'abstract'),
    contentHtml: contentEl ? innerText(contentEl) : xhtmlBody ? innerHtml(xhtmlBody) : undefined,
    published: childText(item, 'pubdate', 'dcterms:issued', 'dcterms:created', 'dc:date', 'published', 'issued'),
    updated: childText(item, 'dcterms:modified', 'dc:date', 'updated', 'modified') ?? item.attrs.lastmod,
    authors: [...new Set(authors)],
    categories: [...new Set(categories.filter(Boolean))],
    image: imageOf(item),
    media: mediaOf(item),
    language: childText(item, 'dc:language') ?? item.attrs['xml:lang'],
    baseUrl: item.base,
    ...(contentEl && contentEl.base !== item.base ? { contentBaseUrl: contentEl.base } : {}),
  };
}

/** itunes:category names, nested ones too (`<itunes:category text="Technology"><itunes:category text="Gadgets"/>`). */
function itunesCategories(el: XmlElement): string[] {
  return childElements(el, 'itunes:category').flatMap((c) => [c.attrs.text?.trim() ?? '', ...itunesCategories(c)]);
}
