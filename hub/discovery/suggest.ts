/**
 * A first guess at an html source's options from its list page, so an operator starts from
 * selectors that already work instead of from a blank form. The news list is the largest group of
 * sibling elements of one shape that each hold a link with a headline-length text; within an item
 * the headline is its longest link, the date the element whose text looks like a date. A guess:
 * the preview shows what it extracts, and the operator saves it (or corrects it) as the options.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { HtmlOptions } from '../model.ts';

const MIN_ITEMS = 3;
const MIN_HEADLINE = 15;
/** Elements of the first item looked at for its date and its summary. */
const MAX_CANDIDATES = 200;
const DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/;
// page furniture repeats links too (menus, footers): never the news list
const FURNITURE = 'script, style, noscript, header, nav, footer, [class*="menu"], [id*="menu"], [class*="breadcrumb"]';

export type SuggestedOptions = Pick<HtmlOptions, 'itemSelector' | 'title' | 'link' | 'date' | 'image' | 'summary'>;

export function suggestHtmlOptions(html: string): SuggestedOptions | undefined {
  const $ = load(html);
  $(FURNITURE).remove();
  // every element's headline, found once for the whole page (bottom-up), not once per ancestor
  const elements = elementsOf($);
  const headlines = headlinesOf($, elements);
  const headline = (member: Element) => headlines.get(member);
  let best: { members: Element[]; score: number } | undefined;
  for (const parent of elements) {
    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      if (child.type !== 'tag') continue;
      const sig = signature(child as Element);
      const group = groups.get(sig);
      if (group) group.push(child as Element);
      else groups.set(sig, [child as Element]);
    }
    for (const members of groups.values()) {
      if (members.length < MIN_ITEMS) continue;
      const found = members.map((m) => headline(m)).filter((a): a is Headline => !!a);
      if (found.length < MIN_ITEMS || found.length < members.length * 0.6) continue;
      const length = median(found.map((a) => a.length));
      const dated = members.filter((m) => DATE.test(leadingText(m))).length >= members.length / 2;
      const score = found.length * Math.min(length, 120) * (dated ? 1.5 : 1);
      if (!best || score > best.score) best = { members, score };
    }
  }
  if (!best) return undefined;
  const first = $(best.members[0]);
  const itemSelector = `${selectorOf(best.members[0].parent as Element)} > ${signature(best.members[0])}`;
  const anchor = headline(best.members[0])!.anchor;
  const titleSelector = relative(best.members[0], anchor);
  const options: SuggestedOptions = { itemSelector, title: titleSelector, link: titleSelector };
  // the first few candidates only: a date or a summary is near the top of an item, and each check reads an element's text
  const dateEl = first
    .find('*')
    .toArray()
    .slice(0, MAX_CANDIDATES)
    .find((e): e is Element => e.type === 'tag' && DATE.test(ownText($, e)));
  if (dateEl) options.date = relative(best.members[0], dateEl);
  if (first.find('img').length) options.image = 'img';
  const summary = first
    .find('p, div, span')
    .toArray()
    .slice(0, MAX_CANDIDATES)
    .find((e): e is Element => e.type === 'tag' && !$(e).find('a').length && ownText($, e).length >= 40 && !DATE.test(ownText($, e)));
  if (summary) options.summary = relative(best.members[0], summary);
  return options;
}

/**
 * The elements inside <body>, in document order: what $('body *') gives, by one walk of the tree
 * (the selector checks every element's ancestors for body, quadratic in the depth of the page).
 */
function elementsOf($: CheerioAPI): Element[] {
  const body = $('body').get(0);
  const elements: Element[] = [];
  if (!body) return elements;
  const stack: { node: Element; next: number }[] = [{ node: body, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next >= top.node.children.length) {
      stack.pop();
      continue;
    }
    const child = top.node.children[top.next++];
    if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
    elements.push(child as Element);
    stack.push({ node: child as Element, next: 0 });
  }
  return elements;
}

interface Headline {
  anchor: Element;
  length: number;
}

/**
 * Each element's headline: its longest link with headline-length text (an a[href] is its own), if
 * any. One walk, children before parents, so a page of n elements costs n steps, however deep.
 */
function headlinesOf($: CheerioAPI, elements: Element[]): Map<Element, Headline> {
  const own = new Map<Element, Headline>();
  const within = new Map<Element, Headline>();
  const longer = (a: Headline | undefined, b: Headline | undefined) => (b && (!a || b.length > a.length) ? b : a);
  const order = elements.filter((e) => e.type === 'tag');
  // document order puts a parent before its children: walked backwards, children come first
  for (let i = order.length - 1; i >= 0; i--) {
    const e = order[i];
    let best: Headline | undefined;
    for (const child of e.children) if (child.type === 'tag') best = longer(best, longer(own.get(child as Element), within.get(child as Element)));
    if (best) within.set(e, best);
    if (e.name === 'a' && e.attribs.href !== undefined) {
      const length = linkText($, e).length;
      if (length >= MIN_HEADLINE) own.set(e, { anchor: e, length });
    }
  }
  // a member that is itself a link has that link as its headline, or none
  const headlines = new Map<Element, Headline>();
  for (const e of order) {
    const found = e.name === 'a' && e.attribs.href !== undefined ? own.get(e) : within.get(e);
    if (found) headlines.set(e, found);
  }
  return headlines;
}

const LEADING_TEXT = 500;
const LEADING_NODES = 500;

/**
 * The first characters of an element's text, read without walking the rest of it (an item's date
 * is near its top): at most LEADING_NODES nodes are visited, so that a large item costs no more than a small one.
 */
function leadingText(e: Element): string {
  let text = '';
  let visited = 0;
  const stack: { node: AnyNode; next: number }[] = [{ node: e, next: 0 }];
  while (stack.length && text.length < LEADING_TEXT && visited < LEADING_NODES) {
    const top = stack[stack.length - 1];
    const children = 'children' in top.node ? (top.node.children as AnyNode[]) : [];
    if (top.next >= children.length) {
      stack.pop();
      continue;
    }
    const child = children[top.next++];
    visited++;
    if (child.type === 'text') text += (child as unknown as { data: string }).data;
    else if ('children' in child) stack.push({ node: child, next: 0 });
  }
  return text;
}

const linkText = ($: CheerioAPI, a: AnyNode) => ($(a).attr('title') || $(a).text()).replace(/\s+/g, ' ').trim();
const ownText = ($: CheerioAPI, e: Element) =>
  $(e)
    .contents()
    .filter((_, n) => n.type === 'text')
    .text()
    .replace(/\s+/g, ' ')
    .trim();

/** tag plus classes, the shape siblings share: `div.news-item`. */
function signature(e: Element): string {
  const classes = (e.attribs.class ?? '').split(/\s+/).filter((c) => /^[A-Za-z_-][\w-]*$/.test(c) && !/active|first|last|odd|even|\d/.test(c));
  return `${e.name}${classes.map((c) => `.${c}`).join('')}`;
}

/** An element by its id when it has one, else by its signature. */
function selectorOf(e: Element): string {
  const id = e.attribs?.id;
  return id && /^[A-Za-z][\w-]*$/.test(id) ? `#${id}` : signature(e);
}

/** A selector for `target` inside `item`: the parent's signature and the target's (`h3.title a`), or the target's alone. */
function relative(item: Element, target: Element): string {
  const parent = target.parent as Element | null;
  if (!parent || parent === item) return signature(target);
  return `${signature(parent)} ${signature(target)}`;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
