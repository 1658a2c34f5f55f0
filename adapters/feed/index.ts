/**
 * `feed`: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1. The format is detected from
 * the content, never from the URL or the Content-Type. XML is read leniently (xml/tree.ts):
 * what a strict parser would reject is recovered and reported as a warning on the source; only
 * a body with no recoverable feed in it fails, with a code and, for XML, a line and column.
 */
import type { Adapter, AdapterResult } from '../types.ts';
import type { Fetched } from '../../hub/pipeline/fetch.ts';
import { assertText, decodeBody } from '../../hub/pipeline/decode.ts';
import { HubError } from '../../hub/errors.ts';
import { parseJsonFeed } from './json-feed.ts';
import { readAtom } from './atom.ts';
import { readRss } from './rss.ts';
import { cleanXml, feedStart, withoutMarkup } from './xml/prolog.ts';
import { parseXml, resolveUri } from './xml/tree.ts';
import { plainText } from '../../hub/pipeline/normalize/text.ts';
import { absoluteUrl } from '../../hub/pipeline/normalize/urls.ts';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

// `channel` alone is Microsoft's CDF or a portal's RSS without its <rss> wrapper
const ROOTS: Record<string, Exclude<FeedFormat, 'json'>> = { rss: 'rss', channel: 'rss', feed: 'atom', rdf: 'rdf' };

/** Which format a body is, by its first meaningful token (junk before the XML is skipped). */
export function detectFormat(text: string): FeedFormat | undefined {
  const trimmed = text.replace(/^[\s\uFEFF]+/, '');
  if (trimmed.startsWith('{')) return 'json';
  const start = feedStart(text);
  if (start === -1 || looksLikeHtml(text.slice(0, start))) return undefined;
  const prolog = withoutMarkup(text.slice(start, start + 8192), { instructions: 'all', doctype: true });
  const root = /<([\w:.-]+)/.exec(prolog)?.[1].toLowerCase();
  if (!root) return undefined;
  const local = root.replace(/^[\w.-]+:/, '');
  return local === 'rdf' ? 'rdf' : ROOTS[local];
}

const looksLikeHtml = (head: string) => /<(?:!doctype\s+html|html|body|head)\b/i.test(head);

/** The feed's own URL for relative links: Content-Location when the server sent one, else the final URL. */
function documentUrl(fetched: Fetched): string {
  const location = fetched.headers['content-location'];
  const resolved = location ? resolveUri(String(location), fetched.finalUrl) : fetched.finalUrl;
  return /^https?:/i.test(resolved) ? resolved : fetched.finalUrl;
}

/** Reads a decoded body; `url` is the document's URL (for xml:base and relative links). */
export function readFeed(text: string, url: string, warnings: string[] = []): AdapterResult {
  const format = detectFormat(text);
  if (!format)
    throw new HubError(
      'PARSE.NOT_A_FEED',
      `The body at ${url} is not RSS, Atom or JSON Feed (it starts with "${text.trim().slice(0, 60).replace(/\s+/g, ' ')}")`,
    );
  if (format === 'json') {
    const read = parseJsonFeed(text, warnings);
    return { ...read, channel: finishChannel(read.channel, url) };
  }
  const cleaned = cleanXml(text, feedStart(text));
  const doc = parseXml(cleaned.text, url);
  const read = doc.root && (format === 'atom' ? readAtom(doc.root) : readRss(doc.root));
  const first = doc.problems[0];
  if (!read || (!read.items.length && first && !read.channel?.title && !read.channel?.link)) {
    const where = first ? ` at line ${first.line}, column ${first.column}: ${first.message}` : '';
    throw new HubError('PARSE.XML', `The feed at ${url} is not well-formed XML and nothing could be recovered${where}`);
  }
  const out = [...warnings, ...cleaned.warnings];
  for (const p of doc.problems) out.push(`XML error at line ${p.line}, column ${p.column}: ${p.message}`);
  if (doc.problemCount > doc.problems.length) out.push(`… and ${doc.problemCount - doc.problems.length} more XML error(s)`);
  return { items: read.items, warnings: out, channel: finishChannel(read.channel, url) };
}

/**
 * The channel as every format gives it: title and description as plain text (previews,
 * discovery), the home page link trimmed and resolved against the document's URL (an RSS or Atom
 * link already resolved against its xml:base stays as it is), dropped unless it is http(s).
 */
export function finishChannel(read: AdapterResult['channel'], documentUrl: string): AdapterResult['channel'] {
  const channel = { ...read };
  if (channel.title !== undefined) channel.title = plainText(channel.title);
  if (channel.description !== undefined) channel.description = plainText(channel.description);
  if (channel.link !== undefined) channel.link = absoluteUrl(channel.link, documentUrl);
  return channel;
}

export const feedAdapter: Adapter = {
  kind: 'feed',
  description: 'RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1',
  optionsSchema: 'adapters/feed.schema.json',
  accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  async parse(fetched): Promise<AdapterResult> {
    const decoded = decodeBody(fetched.body, fetched.headers['content-type']);
    assertText(decoded, fetched.finalUrl);
    return readFeed(decoded.text, documentUrl(fetched), decoded.warnings);
  },
};
