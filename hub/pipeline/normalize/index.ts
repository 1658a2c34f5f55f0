/**
 * Step 3 of the pipeline: one raw item from an adapter → one Item in the shared shape.
 * Normalize before storing, never at render time.
 */
import type { RawItem } from '../../../adapters/types.ts';
import type { Item } from '../../model.ts';
import { itemId } from '../identity.ts';
import { formatInZone, parseDate } from './dates.ts';
import { DEFAULT_HTML_POLICY, sanitizeContent, type HtmlPolicy } from './html.ts';
import { cutAtWord, plainText } from './text.ts';
import { absoluteUrl, canonicalUrl } from './urls.ts';

export interface NormalizeContext {
  sourceId: string;
  portalId: string;
  /** The final URL of the fetch: relative links resolve against it. */
  baseUrl: string;
  timeZone: string;
  fetchedAt: Date;
  language?: string;
  categoryMap?: Record<string, string>;
  htmlPolicy?: HtmlPolicy;
}

/** How far ahead of the fetch a date may be before it is clamped (clock skew between servers). */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export function normalizeItem(raw: RawItem, ctx: NormalizeContext): Item {
  const base = absoluteUrl(raw.baseUrl, ctx.baseUrl) ?? ctx.baseUrl;
  const url = canonicalUrl(raw.url, base) ?? canonicalUrl(raw.guid && /^https?:/i.test(raw.guid) ? raw.guid : undefined, base) ?? '';
  const summaryText = plainText(raw.summary ?? raw.contentHtml);
  // no title is no item: the validator rejects it with that reason rather than inventing one
  const title = plainText(raw.title);
  // links inside content resolve against the content's own xml:base, else an explicit item base,
  // else the article page, where a portal's CMS wrote them to be read
  const contentBase = absoluteUrl(raw.contentBaseUrl, base) ?? (base !== ctx.baseUrl ? base : url || base);
  const content = sanitizeContent(raw.contentHtml ?? raw.summary, contentBase, ctx.htmlPolicy ?? DEFAULT_HTML_POLICY);
  const summary = cutAtWord(summaryText);
  const flags: Item['flags'] = [];
  const fetchedAt = ctx.fetchedAt.getTime();
  const published = parseDate(raw.published, ctx.timeZone) ?? parseDate(raw.updated, ctx.timeZone);
  let publishedTime = published?.time ?? fetchedAt;
  if (!published) flags.push('date-missing');
  else if (published.assumedZone) flags.push('date-no-zone');
  if (publishedTime > fetchedAt + FUTURE_TOLERANCE_MS) {
    publishedTime = fetchedAt;
    flags.push('date-future-clamped');
  }
  const updated = parseDate(raw.updated, ctx.timeZone);
  const updatedTime = updated && updated.time >= publishedTime && updated.time <= fetchedAt + FUTURE_TOLERANCE_MS ? updated.time : publishedTime;
  const categories = unique((raw.categories ?? []).map(plainText).filter(Boolean));
  const media: Item['media'] = [];
  for (const m of raw.media ?? []) {
    const url = absoluteUrl(m.url, base);
    if (!url) continue;
    const title = m.title ? plainText(m.title) : '';
    media.push({ url, type: m.type?.trim() || m.medium || guessType(m.url), ...(m.length && m.length > 0 ? { length: m.length } : {}), ...(title ? { title } : {}) });
  }
  const image = absoluteUrl(raw.image, base) ?? media.find((m) => m.type.startsWith('image'))?.url ?? content.firstImage;
  const id = itemId(ctx.sourceId, { guid: raw.guid, url, title, published: raw.published });
  return {
    id,
    portalId: ctx.portalId,
    sourceId: ctx.sourceId,
    ...(raw.guid ? { guid: raw.guid.trim() } : {}),
    url,
    title,
    summary,
    contentHtml: content.html,
    ...(image ? { image } : {}),
    publishedAt: formatInZone(publishedTime, ctx.timeZone),
    updatedAt: formatInZone(updatedTime, ctx.timeZone),
    fetchedAt: formatInZone(fetchedAt, ctx.timeZone),
    authors: unique((raw.authors ?? []).map(plainText).filter(Boolean)),
    categories,
    topics: topicsFor(categories, ctx.categoryMap),
    media,
    language: (raw.language ?? ctx.language ?? 'vi').toLowerCase().replace(/_/g, '-'),
    clusterId: id,
    flags,
  };
}

function topicsFor(categories: string[], map: Record<string, string> | undefined): string[] {
  if (!map) return [];
  const lower = new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  return unique(categories.map((c) => lower.get(c.toLowerCase())).filter((t): t is string => !!t));
}

function guessType(url: string): string {
  const ext = /\.([a-z0-9]{2,4})(?:$|[?#])/i.exec(url)?.[1].toLowerCase();
  if (ext && ['mp3', 'm4a', 'ogg', 'wav', 'aac'].includes(ext)) return 'audio';
  if (ext && ['mp4', 'webm', 'mov', 'm3u8'].includes(ext)) return 'video';
  if (ext && ['jpg', 'jpeg', 'png', 'gif', 'webp'].includes(ext)) return 'image';
  return 'application/octet-stream';
}

const unique = <T,>(xs: T[]) => [...new Set(xs)];
