/**
 * Reading one field of an item element: a selector's text, or an attribute. Links and images have
 * sensible default attributes, so most sources need only selectors.
 */
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { HtmlOptions } from '../../hub/model.ts';

export type SelectorField = NonNullable<HtmlOptions['title']>;

export const selectorOf = (field: SelectorField): string => (typeof field === 'string' ? field : field.selector);
const attributeOf = (field: SelectorField): string | undefined => (typeof field === 'string' ? undefined : field.attribute);

/** The elements a field's selector matches inside an item; ":scope" is the item itself. */
export function matchField(item: Cheerio<AnyNode>, field: SelectorField): Cheerio<AnyNode> {
  const selector = selectorOf(field).trim();
  return selector === ':scope' ? item : item.find(selector);
}

/** Whitespace-collapsed text, or the attribute when one is named. */
export function readText(item: Cheerio<AnyNode>, field: SelectorField): string | undefined {
  const found = matchField(item, field).first();
  if (!found.length) return undefined;
  const attribute = attributeOf(field);
  const value = attribute ? found.attr(attribute) : found.text();
  const text = value?.replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** A link: the named attribute, else href (of the element or of the first link inside it). */
export function readLink(item: Cheerio<AnyNode>, field: SelectorField): string | undefined {
  const found = matchField(item, field).first();
  if (!found.length) return undefined;
  const attribute = attributeOf(field);
  if (attribute) return found.attr(attribute)?.trim() || undefined;
  const href = found.attr('href') ?? found.find('a[href]').first().attr('href');
  return usableHref(href);
}

/** Anchors that are not links to an article: "#", "javascript:void(0)", mailto. */
export function usableHref(href: string | undefined): string | undefined {
  const h = href?.trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel):/i.test(h)) return undefined;
  return h;
}

// Lazy loading puts the real image in data-* and a placeholder (a 1×1 gif, a data: URI) in src.
const IMAGE_ATTRIBUTES = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-srcset', 'srcset', 'src'];

/** An image URL: the named attribute, else the first lazy-loading attribute holding a real image. */
export function readImage(item: Cheerio<AnyNode>, field: SelectorField): string | undefined {
  let found = matchField(item, field).first();
  if (!found.length) return undefined;
  if (!found.is('img, source') && found.find('img').length) found = found.find('img').first();
  const attribute = attributeOf(field);
  if (attribute) return firstOfSrcset(found.attr(attribute));
  for (const name of IMAGE_ATTRIBUTES) {
    const url = firstOfSrcset(found.attr(name));
    if (url && !isPlaceholder(url)) return url;
  }
  // a background image on a div (common in card layouts)
  // read in the first MAX_STYLE characters only: tried at every "url(" of a style with no ")", the pattern is quadratic
  return /url\(\s*['"]?([^'")]+)['"]?\s*\)/.exec((found.attr('style') ?? '').slice(0, MAX_STYLE))?.[1];
}

/** Characters of a style attribute searched for a background image (a card's style is a few dozen). */
const MAX_STYLE = 4096;

function firstOfSrcset(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.trim().split(/\s+/)[0];
  return first || undefined;
}

const isPlaceholder = (url: string) => url.startsWith('data:') || /(?:^|\/)(?:blank|spacer|placeholder|loading|lazy)[^/]*\.(?:gif|png|svg)$/i.test(url);
