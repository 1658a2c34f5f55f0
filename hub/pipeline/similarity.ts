/**
 * Text likeness for cross-portal duplicates: the same article republished by another portal keeps
 * its words but may change the title's wording slightly, the lead, a photo caption. Both title
 * and body must be alike; a shared title alone ("Thông báo", "Lịch công tác tuần") is not enough.
 */
import { foldText } from './normalize/fold.ts';
import { plainText } from './normalize/text.ts';

/** How much of a body is compared: the lead carries the article's identity. */
const BODY_CHARS = 4000;
const SHINGLE = 3;

export const TITLE_LIKENESS = 0.8;
export const BODY_LIKENESS = 0.6;
/** A body with fewer shingles than this says too little to call two items one article. */
export const MIN_SHINGLES = 8;

export function words(text: string): string[] {
  return foldText(text).split(' ').filter(Boolean);
}

/** Word 3-grams of the folded body (hashed to numbers: cheaper sets). */
export function shingles(html: string): Set<number> {
  const w = words(plainText(html).slice(0, BODY_CHARS));
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(hash(`${w[i]} ${w[i + 1]} ${w[i + 2]}`));
  return out;
}

function hash(s: string): number {
  // FNV-1a, 32 bits: collisions only blur the estimate a little
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (!a.size && !b.size) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

export interface Likeness {
  title: number;
  body: number;
}

export function sameArticle(l: Likeness, aBody: Set<number>, bBody: Set<number>): boolean {
  return l.title >= TITLE_LIKENESS && aBody.size >= MIN_SHINGLES && bBody.size >= MIN_SHINGLES && l.body >= BODY_LIKENESS;
}
