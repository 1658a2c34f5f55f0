/**
 * Enclosures (RSS 2.0), Atom `link rel="enclosure"` and Media RSS (`media:content`,
 * `media:group`, `media:thumbnail`) as one list, so audio and video items of a portal's
 * multimedia channel are recognisable whatever the format.
 */
import type { RawItem } from '../types.ts';
import { child, childElements, childText, type XmlElement } from './xml/tree.ts';

type Media = NonNullable<RawItem['media']>[number];

const size = (v: string | undefined) => {
  const n = Number(v?.trim());
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
};

function mediaContent(el: XmlElement, groupTitle?: string): Media | undefined {
  const url = el.attrs.url?.trim();
  if (!url) return undefined;
  const title = childText(el, 'media:title') ?? groupTitle;
  return { url, type: el.attrs.type?.trim() || undefined, medium: el.attrs.medium?.trim() || undefined, length: size(el.attrs.filesize), title };
}

/** Every media object of an item or entry, in document order, without repeats. */
export function mediaOf(entry: XmlElement): Media[] {
  const out: Media[] = [];
  for (const el of entry.children) {
    if (!('name' in el)) continue;
    if (el.name === 'enclosure' && el.attrs.url)
      out.push({ url: el.attrs.url.trim(), type: el.attrs.type?.trim() || undefined, length: size(el.attrs.length) });
    else if (el.name === 'link' && el.attrs.rel?.toLowerCase() === 'enclosure' && el.attrs.href)
      out.push({ url: el.attrs.href.trim(), type: el.attrs.type?.trim() || undefined, length: size(el.attrs.length), title: el.attrs.title });
    else if (el.name === 'media:content') {
      const m = mediaContent(el);
      if (m) out.push(m);
    } else if (el.name === 'media:group') {
      const groupTitle = childText(el, 'media:title');
      for (const c of childElements(el, 'media:content')) {
        const m = mediaContent(c, groupTitle);
        if (m) out.push(m);
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((m) => !seen.has(m.url) && seen.add(m.url));
}

/** A lead image the feed names itself: media:thumbnail (also inside a group), itunes:image, an `<image>` element. */
export function imageOf(entry: XmlElement): string | undefined {
  const thumb =
    child(entry, 'media:thumbnail') ?? child(child(entry, 'media:group'), 'media:thumbnail') ?? child(child(entry, 'media:content'), 'media:thumbnail');
  return (
    thumb?.attrs.url?.trim() ||
    child(entry, 'itunes:image')?.attrs.href?.trim() ||
    childText(child(entry, 'image'), 'url') ||
    childText(entry, 'image') ||
    undefined
  );
}
