/**
 * Title keys: the word pairs under which the stores index an item, so that the items of other
 * portals whose title is near-identical are found without a scan (dedupe.ts).
 *
 * Prefix filtering (Chaudhuri, Ganti, Kaushik, ICDE 2006; Xiao et al., WWW 2008): sort each
 * title's distinct folded words by one fixed global order. If two word sets x, y have Jaccard
 * likeness ≥ t they share at least α = ⌈t·max(|x|,|y|)⌉ words, and the first k of those shared
 * words (in the global order) lie within the first |x| − ⌈t·|x|⌉ + k words of x and the first
 * |y| − ⌈t·|y|⌉ + k of y. With k = 2 the two titles therefore share a *pair* of prefix words:
 * indexing every title under all pairs of its prefix finds every title at least TITLE_LIKENESS
 * alike (no false negatives, edits and all). Pairs rather than single words, because single
 * syllables ("chuyen", "thanh") are shared by a large part of any portal's titles; the likeness
 * itself is still checked on each candidate.
 *
 * Costs: 12 words → 4 prefix words → 6 keys; 20 words → 6 → 15 keys. A one-word title is its own
 * key (a title alike to it at 0.8 has that one word only).
 */
import { TITLE_LIKENESS, words } from './similarity.ts';

/** The distinct folded words of a title in the global order (longest first, then by code unit). */
export function titleWords(title: string): string[] {
  return [...seen(title).words].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * What the titles seen lately fold to: a new item's title is wanted three times in a row (its
 * near-duplicate lookup, the likeness of its candidates, its index keys), and a stored one again
 * each time it is a candidate; folding is most of the cost of each.
 */
const titlesSeen = new Map<string, { words: Set<string>; keys?: string[] }>();
const TITLES_KEPT = 20_000;

function seen(title: string): { words: Set<string>; keys?: string[] } {
  let t = titlesSeen.get(title);
  if (!t) {
    if (titlesSeen.size >= TITLES_KEPT) titlesSeen.clear();
    titlesSeen.set(title, (t = { words: new Set(words(title)) }));
  }
  return t;
}

/** The distinct folded words of a title, as a set (likeness is compared on these). Do not modify it. */
export function titleWordSet(title: string): Set<string> {
  return seen(title).words;
}

/** The keys a title is indexed and looked up under; empty for a title without words. Do not modify the array. */
export function titleKeys(title: string): string[] {
  const t = seen(title);
  return (t.keys ??= keysOf(title));
}

function keysOf(title: string): string[] {
  const w = titleWords(title);
  if (w.length < 2) return w;
  // the epsilon keeps 0.8 × 5 from rounding up to 5 in binary floating point
  const prefix = w.slice(0, w.length - Math.ceil(TITLE_LIKENESS * w.length - 1e-9) + 2);
  const keys: string[] = [];
  for (let i = 0; i < prefix.length; i++) for (let j = i + 1; j < prefix.length; j++) keys.push(`${prefix[i]}+${prefix[j]}`);
  return keys;
}
