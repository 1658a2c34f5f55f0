import type { Item } from '../model.ts';

/**
 * What the API and the stream show of a withdrawn item: who, where and when, without the content
 * (the store keeps it, so a withdrawal can be taken back).
 */
export function tombstone(item: Item): Item {
  if (!item.flags.includes('withdrawn')) return item;
  const { image: _image, ...rest } = item;
  return { ...rest, summary: '', contentHtml: '', media: [] };
}
