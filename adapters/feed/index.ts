/**
 * `feed`: RSS 0.9x/1.0/2.0 and Atom through rss-parser, JSON Feed 1.0/1.1 directly.
 * The format is detected from the content, not from the URL or the Content-Type.
 */
import Parser from 'rss-parser';
import type { Adapter, AdapterResult, RawItem } from '../types.ts';
import { decodeBody } from '../../hub/pipeline/decode.ts';
import { HubError } from '../../hub/errors.ts';
import { parseJsonFeed } from './json-feed.ts';

type Extra = Record<string, any>;

const parser = new Parser<Extra, Extra>({
  customFields: {
    item: [
      ['content:encoded', 'contentEncoded'],
      ['dc:creator', 'dcCreator', { keepArray: true }],
      ['dc:date', 'dcDate'],
      ['media:content', 'mediaContent', { keepArray: true }],
      ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
      ['media:group', 'mediaGroup', { keepArray: true }],
      ['updated', 'atomUpdated'],
      ['published', 'atomPublished'],
      // rss-parser reads RSS <category> text but not Atom's term attribute
      ['category', 'allCategories', { keepArray: true }],
    ] as any,
  },
});

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** Which format a body is, by its first meaningful token. */
export function detectFormat(text: string): FeedFormat | undefined {
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (start.startsWith('{')) return 'json';
  const root = /<(?!\?|!)([\w:-]+)/.exec(stripProlog(start))?.[1].toLowerCase();
  if (!root) return undefined;
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  if (root === 'rdf:rdf' || root.endsWith(':rdf') || root === 'rdf') return 'rdf';
  return undefined;
}

function stripProlog(text: string): string {
  return text.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
}

const attr = (node: any, name: string): string | undefined => node?.$?.[name] ?? undefined;
const text = (node: any): string | undefined => (typeof node === 'string' ? node : typeof node?._ === 'string' ? node._ : undefined);

function mediaOf(item: Extra): NonNullable<RawItem['media']> {
  const out: NonNullable<RawItem['media']> = [];
  if (item.enclosure?.url) out.push({ url: item.enclosure.url, type: item.enclosure.type, length: Number(item.enclosure.length) || undefined });
  const contents = [...(item.mediaContent ?? []), ...(item.mediaGroup ?? []).flatMap((g: any) => g?.['media:content'] ?? [])];
  for (const m of contents) {
    const url = attr(m, 'url');
    if (url) out.push({ url, type: attr(m, 'type'), medium: attr(m, 'medium'), length: Number(attr(m, 'fileSize')) || undefined });
  }
  return out;
}

function toRaw(item: Extra): RawItem {
  const thumb = attr(item.mediaThumbnail?.[0], 'url');
  const creators = (item.dcCreator ?? []).map(text).filter(Boolean) as string[];
  return {
    guid: text(item.guid) ?? item.id,
    url: item.link,
    title: item.title,
    summary: item.summary ?? item.description ?? item.contentSnippet,
    contentHtml: item.contentEncoded ?? item.content,
    published: item.pubDate ?? item.atomPublished ?? item.dcDate ?? item.isoDate,
    updated: item.atomUpdated ?? item.dcDate,
    authors: creators.length ? creators : item.creator ? [item.creator] : item.author ? [String(item.author)] : [],
    categories: (item.allCategories ?? item.categories ?? []).map((c: any) => text(c) ?? attr(c, 'term')).filter(Boolean),
    image: thumb,
    media: mediaOf(item),
  };
}

export const feedAdapter: Adapter = {
  kind: 'feed',
  description: 'RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1',
  optionsSchema: 'adapters/feed.schema.json',
  async parse(fetched): Promise<AdapterResult> {
    const decoded = decodeBody(fetched.body, fetched.headers['content-type']);
    const format = detectFormat(decoded.text);
    if (!format) throw new HubError('parse', 'PARSE.NOT_A_FEED', `The body at ${fetched.finalUrl} is not RSS, Atom or JSON Feed (it starts with "${decoded.text.trim().slice(0, 60)}")`);
    if (format === 'json') return parseJsonFeed(decoded.text, decoded.warnings);
    let out: Parser.Output<Extra>;
    try {
      out = await parser.parseString(decoded.text.replace(/^[\s\uFEFF]+/, ''));
    } catch (e) {
      throw new HubError('parse', 'PARSE.XML', `The feed at ${fetched.finalUrl} is not well-formed XML: ${(e as Error).message.replace(/\s+/g, ' ')}`, { cause: e });
    }
    // a base on the root element applies to every entry (entry-level xml:base is not read yet)
    const rootBase = /^[^]*?<(?:feed|rss|rdf:RDF)\b[^>]*\bxml:base\s*=\s*["']([^"']+)["']/i.exec(decoded.text.slice(0, 4096))?.[1];
    return {
      items: out.items.map((i) => ({ ...toRaw(i), ...(rootBase ? { baseUrl: rootBase } : {}) })),
      warnings: decoded.warnings,
      channel: { title: out.title, link: out.link, language: (out as Extra).language },
    };
  },
};
