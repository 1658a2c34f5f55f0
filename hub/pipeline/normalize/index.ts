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
import { topicAssigner, type TopicAssigner } from './topics.ts';

export interface NormalizeContext {
  sourceId: string;
  portalId: string;
  /** The final URL of the fetch: relative links resolve against it. */
  baseUrl: string;
  timeZone: string;
  fetchedAt: Date;
  language?: string;
  /** The source's topic decision (topics.ts); without it, only categoryMap and the taxonomy's aliases apply. */
  topics?: TopicAssigner;
  categoryMap?: Record<string, string>;
  htmlPolicy?: HtmlPolicy;
}

/** How far ahead of the fetch a date may be before it is clamped (clock skew between servers). */
const FUTURE_TOLERANCE_MS = 10 * 60_000;
/** The item schema's bound on authors, categories and media: a longer list is cut, not rejected. */
const MAX_LIST = 50;

export function normalizeItem(raw: RawItem, ctx: NormalizeContext): Item {
  const base = absoluteUrl(raw.baseUrl, ctx.baseUrl) ?? ctx.baseUrl;
  const url = canonicalUrl(raw.url, base) ?? canonicalUrl(raw.guid && /^https?:/i.test(raw.guid) ? raw.guid : undefined, base) ?? '';
  const summaryText = plainText(raw.summary ?? raw.contentHtml);
  // no title is no item: the validator rejects it with that reason rather than inventing one
  // 999 and the ellipsis: the schema's bound on titles is 1,000
  const title = cutAtWord(plainText(raw.title), 999);
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
  const categories = unique((raw.categories ?? []).map(plainText).filter(Boolean)).slice(0, MAX_LIST);
  const media: Item['media'] = [];
  for (const m of raw.media ?? []) {
    const url = absoluteUrl(m.url, base);
    if (!url || media.length >= MAX_LIST || media.some((x) => x.url === url)) continue;
    const title = m.title ? plainText(m.title) : '';
    media.push({ url, type: mediaType(m.type, m.medium, url), ...(m.length && m.length > 0 ? { length: m.length } : {}), ...(title ? { title } : {}) });
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
    authors: unique((raw.authors ?? []).map((a) => cutAtWord(plainText(a), 299)).filter(Boolean)).slice(0, MAX_LIST),
    categories,
    topics: assignerFor(ctx)({ title, url, categories, media }).slice(0, 20),
    media,
    language: languageTag(raw.language) ?? languageTag(ctx.language) ?? 'vi',
    clusterId: id,
    flags,
  };
}

const assigners = new WeakMap<NormalizeContext, TopicAssigner>();

/** The context's topic assigner, compiled once per context when the caller gave only a categoryMap. */
function assignerFor(ctx: NormalizeContext): TopicAssigner {
  if (ctx.topics) return ctx.topics;
  let assigner = assigners.get(ctx);
  if (!assigner) assigners.set(ctx, (assigner = topicAssigner({ categoryMap: ctx.categoryMap })));
  return assigner;
}

/** A BCP 47 tag from what feeds write (`vi-VN`, `vi_VN`, ` VI `), or undefined for anything else (`Vietnamese`). */
function languageTag(value: string | undefined): string | undefined {
  const tag = value?.trim().toLowerCase().replace(/_/g, '-');
  return tag && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(tag) ? tag : undefined;
}

const BY_EXTENSION: Record<string, string> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
  // HLS playlists (.m3u8): portals' live and video channels
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  m3u8: 'application/vnd.apple.mpegurl',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A media entry's type: its MIME type, else one guessed from the file name, else the Media RSS medium. */
function mediaType(type: string | undefined, medium: string | undefined, url: string): string {
  const mime = type?.trim().toLowerCase();
  if (mime && /^[a-z]+\/[\w.+-]+/.test(mime)) return mime.slice(0, 200);
  const ext = /\.([a-z0-9]{2,4})(?:$|[?#])/i.exec(new URL(url).pathname)?.[1].toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  const m = medium?.trim().toLowerCase();
  return m && ['image', 'audio', 'video'].includes(m) ? m : 'application/octet-stream';
}

const unique = <T>(xs: T[]) => [...new Set(xs)];
