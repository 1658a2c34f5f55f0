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
const DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/;
// page furniture repeats links too (menus, footers): never the news list
const FURNITURE = 'script, style, noscript, header, nav, footer, [class*="menu"], [id*="menu"], [class*="breadcrumb"]';

export type SuggestedOptions = Pick<HtmlOptions, 'itemSelector' | 'title' | 'link' | 'date' | 'image' | 'summary'>;

export function suggestHtmlOptions(html: string): SuggestedOptions | undefined {
  const $ = load(html);
  $(FURNITURE).remove();
  let best: { members: Element[]; score: number } | undefined;
  $('body *').each((_, parent) => {
    const groups = new Map<string, Element[]>();
    for (const child of $(parent).children().toArray()) {
      if (child.type !== 'tag') continue;
      const sig = signature(child);
      groups.set(sig, [...(groups.get(sig) ?? []), child]);
    }
    for (const members of groups.values()) {
      const headlines = members.map((m) => headline($, m)).filter((a): a is Element => !!a);
      if (headlines.length < MIN_ITEMS || headlines.length < members.length * 0.6) continue;
      const length = median(headlines.map((a) => linkText($, a).length));
      const dated = members.filter((m) => DATE.test($(m).text())).length >= members.length / 2;
      const score = headlines.length * Math.min(length, 120) * (dated ? 1.5 : 1);
      if (!best || score > best.score) best = { members, score };
    }
  });
  if (!best) return undefined;
  const first = $(best.members[0]);
  const itemSelector = `${selectorOf(best.members[0].parent as Element)} > ${signature(best.members[0])}`;
  const anchor = headline($, best.members[0])!;
  const titleSelector = relative(best.members[0], anchor);
  const options: SuggestedOptions = { itemSelector, title: titleSelector, link: titleSelector };
  const dateEl = first
    .find('*')
    .toArray()
    .find((e): e is Element => e.type === 'tag' && DATE.test(ownText($, e)));
  if (dateEl) options.date = relative(best.members[0], dateEl);
  if (first.find('img').length) options.image = 'img';
  const summary = first
    .find('p, div, span')
    .toArray()
    .find((e): e is Element => e.type === 'tag' && !$(e).find('a').length && ownText($, e).length >= 40 && !DATE.test(ownText($, e)));
  if (summary) options.summary = relative(best.members[0], summary);
  return options;
}

/** The member's longest link with headline-length text (the title), if any. */
function headline($: CheerioAPI, member: Element): Element | undefined {
  const links = $(member).is('a[href]') ? [member] : $(member).find('a[href]').toArray();
  let best: Element | undefined;
  for (const a of links) if (linkText($, a).length >= MIN_HEADLINE && (!best || linkText($, a).length > linkText($, best).length)) best = a as Element;
  return best;
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
