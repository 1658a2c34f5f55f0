/**
 * A lenient XML reader for feeds, on htmlparser2's tokenizer: it never gives up on a document,
 * it records what was wrong (with line and column) and leaves a small tree the format readers
 * walk. Namespaces are resolved to the canonical prefixes below, whatever prefix a portal chose
 * (`<dc:creator>` and `<DC:creator>` and `<x:creator xmlns:x="…/dc/elements/1.1/">` read alike);
 * xml:base is resolved per element (XML Base, RFC 3986 §5). Entities declared in a DOCTYPE are
 * never expanded: prolog.ts removes the DOCTYPE before this sees the text.
 */
import { Parser } from 'htmlparser2';
import { decodeHTML } from 'entities';
import { lineColumn } from './prolog.ts';

export interface XmlText {
  text: string;
}

export interface XmlElement {
  /** Canonical qualified name, lower case: `title`, `dc:creator`, `media:content`. Atom and RSS 1.0 elements have no prefix. */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The base URI in scope (xml:base, else the document's URL). */
  base: string;
  parent?: XmlElement;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

export interface XmlDocument {
  root?: XmlElement;
  /** Well-formedness errors recovered from, first ones first. */
  problems: XmlProblem[];
  /** How many problems there were in all (only the first few are kept). */
  problemCount: number;
}

const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': '',
  'http://purl.org/atom/ns#': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/xml/1998/namespace': 'xml',
};

const MAX_PROBLEMS = 5;
// a named reference outside XML's five, or an & that starts no reference at all
const NOT_XML_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos);|#\d+;|#x[0-9a-f]+;)([a-z][a-z0-9]*;)?/i;

/** Resolves a reference against a base, keeping the base when either is unusable. */
export function resolveUri(ref: string | undefined, base: string): string {
  if (!ref) return base;
  try {
    return new URL(ref.trim(), base || undefined).href;
  } catch {
    return base;
  }
}

// Elements that hold text only: when a portal forgets `</title>`, the next item-level element
// closes it (as an HTML parser closes an open <p>), so the item keeps its link and date.
const TEXT_ONLY = new Set([
  'title',
  'link',
  'guid',
  'pubdate',
  'author',
  'category',
  'comments',
  'dc:creator',
  'dc:date',
  'dc:subject',
  'id',
  'published',
  'updated',
]);
const ITEM_LEVEL = new Set([
  ...TEXT_ONLY,
  'description',
  'enclosure',
  'source',
  'content:encoded',
  'summary',
  'content',
  'item',
  'entry',
  'media:content',
  'media:group',
  'media:thumbnail',
]);

interface Open extends XmlElement {
  /** The name as written, to match htmlparser2's close events. */
  raw: string;
  scope: Record<string, string>;
}

export function parseXml(text: string, documentUrl: string): XmlDocument {
  const problems: XmlProblem[] = [];
  let problemCount = 0;
  const problem = (offset: number, message: string) => {
    if (++problemCount > MAX_PROBLEMS) return;
    problems.push({ ...lineColumn(text, offset), message });
  };

  let root: XmlElement | undefined;
  let current: Open | undefined;
  // elements this reader closed early but htmlparser2 still holds open, innermost last
  const closedEarly: string[] = [];
  const rootScope: Record<string, string> = { xml: 'http://www.w3.org/XML/1998/namespace' };
  let inCdata = false;
  let entityReported = false;

  const parser = new Parser(
    {
      onopentag(qname, attribs) {
        let scope = current?.scope ?? rootScope;
        for (const key in attribs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            if (scope === (current?.scope ?? rootScope)) scope = { ...scope };
            scope[key === 'xmlns' ? '' : key.slice(6)] = attribs[key].trim();
          }
        }
        const name = canonicalName(qname, scope, false);
        if (current && TEXT_ONLY.has(current.name) && ITEM_LEVEL.has(name)) {
          problem(parser.startIndex, `<${current.raw}> is not closed before <${qname}> (closed there)`);
          closedEarly.push(current.raw);
          current = current.parent as Open | undefined;
        }
        const attrs: Record<string, string> = {};
        for (const key in attribs) attrs[canonicalName(key, scope, true)] = decodeHTML(attribs[key]);
        const el: Open = { name, raw: qname, scope, attrs, children: [], base: current?.base ?? documentUrl, parent: current };
        if (attrs['xml:base'] !== undefined) el.base = resolveUri(attrs['xml:base'], el.base);
        if (current) current.children.push(el);
        else if (!root) root = el;
        else problem(parser.startIndex, `A second root element <${qname}> (ignored)`);
        current = el;
      },
      onclosetag(qname, isImplied) {
        if (closedEarly.length && closedEarly[closedEarly.length - 1] === qname && current?.raw !== qname) {
          closedEarly.pop();
          return;
        }
        // htmlparser2 reports `<link/>` as implied too; only an element that lacks its end tag is a problem
        const selfClosing = text[parser.endIndex - 1] === '/' && text[parser.endIndex] === '>';
        if (isImplied && current && !selfClosing) problem(parser.startIndex, `<${qname}> is not closed where its parent ends`);
        current = current?.parent as Open | undefined;
      },
      ontext(data) {
        if (!current) {
          if (data.trim() && !inCdata) problem(parser.startIndex, 'Text outside the root element (ignored)');
          return;
        }
        let value = data;
        if (!inCdata && data.includes('&')) {
          value = decodeHTML(data);
          const bad = NOT_XML_REFERENCE.exec(data);
          if (bad && !entityReported) {
            entityReported = true;
            const ref = bad[1] ? `&${bad[1]}` : undefined;
            problem(
              parser.startIndex + bad.index,
              !ref
                ? 'A bare & that starts no entity (kept as text)'
                : decodeHTML(ref) !== ref
                  ? `${ref} is an HTML entity, not an XML one (decoded anyway)`
                  : `${ref} is not a defined entity (kept as text)`,
            );
          }
        }
        const last = current.children[current.children.length - 1];
        if (last && !('name' in last)) last.text += value;
        else current.children.push({ text: value });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, lowerCaseTags: false, lowerCaseAttributeNames: false },
  );
  parser.end(text);
  return { root, problems, problemCount };
}

function canonicalName(qname: string, scope: Record<string, string>, attribute: boolean): string {
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const local = (colon === -1 ? qname : qname.slice(colon + 1)).toLowerCase();
  if (prefix === 'xmlns' || qname === 'xmlns') return qname.toLowerCase();
  // unprefixed attributes are in no namespace (Namespaces in XML §6.2)
  if (attribute && !prefix) return local;
  const uri = scope[prefix] ?? scope[prefix.toLowerCase()];
  const known = uri === undefined ? undefined : NAMESPACES[uri.toLowerCase()];
  const canonical = known ?? prefix.toLowerCase();
  return canonical ? `${canonical}:${local}` : local;
}

// ---- reading the tree ----

export const isElement = (n: XmlNode): n is XmlElement => 'name' in n;

export function childElements(el: XmlElement | undefined, name?: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (isElement(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** The first child element with one of these names, in the order of the names. */
export function child(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  if (!el) return undefined;
  for (const name of names) for (const c of el.children) if (isElement(c) && c.name === name) return c;
  return undefined;
}

/** The element's character content; with child elements (naked markup) it is the element's HTML. */
export function innerText(el: XmlElement | undefined): string {
  if (!el) return '';
  if (el.children.some(isElement)) return innerHtml(el);
  let out = '';
  for (const c of el.children) out += (c as XmlText).text;
  return out;
}

/** The element's content as HTML: text escaped, child elements serialized. */
export function innerHtml(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += isElement(c) ? serialize(c) : escapeText(c.text);
  return out;
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function serialize(el: XmlElement): string {
  const tag = el.name.replace(/^xhtml:/, '');
  let attrs = '';
  for (const [k, v] of Object.entries(el.attrs))
    if (!k.startsWith('xmlns') && !k.startsWith('xml:')) attrs += ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  return `<${tag}${attrs}>${innerHtml(el)}</${tag}>`;
}

/** The trimmed text of the first child with one of these names, or undefined when empty. */
export function childText(el: XmlElement | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const c of childElements(el, name)) {
      const t = innerText(c).trim();
      if (t) return t;
    }
  }
  return undefined;
}
