/**
 * The embedded store's word index: for each folded word of items' titles and summaries, the
 * entries that have it, in the order they were indexed. Adding is a push: an item goes under ~45
 * words, and keeping each of those lists in item order cost a sorted insert apiece, a tenth of
 * the whole ingestion (bench:ingest). A query that a word drives sorts the few entries it keeps
 * instead (embedded.ts only lets a word drive when its entries are few).
 *
 * Removal is lazy: an entry stays in its postings until they are compacted, and readers skip the
 * entries that are no longer current (`isCurrent`). Postings are compacted once more than half of
 * what they hold is stale, so they never hold more than twice their live entries.
 */
export class Postings<T> {
  private readonly byWord = new Map<string, { entries: T[]; live: number }>();

  constructor(private readonly isCurrent: (entry: T) => boolean) {}

  /** Adds the entry under each word; says which words are new to the index. */
  add(entry: T, words: string[], onNewWord: (word: string) => void): void {
    for (const word of words) {
      let posting = this.byWord.get(word);
      if (!posting) {
        this.byWord.set(word, (posting = { entries: [], live: 0 }));
        onNewWord(word);
      }
      posting.entries.push(entry);
      posting.live++;
    }
  }

  /** Counts the entry out of each word (call after it stopped being current); says which words left the index. */
  remove(words: string[], onGoneWord: (word: string) => void): void {
    for (const word of words) {
      const posting = this.byWord.get(word);
      if (!posting) continue;
      if (--posting.live <= 0) {
        this.byWord.delete(word);
        onGoneWord(word);
      } else if (posting.entries.length >= 32 && posting.entries.length > 2 * posting.live) {
        posting.entries = posting.entries.filter(this.isCurrent);
      }
    }
  }

  /** How many current entries a word has. */
  size(word: string): number {
    return this.byWord.get(word)?.live ?? 0;
  }

  /** The current entries of the words, each once per word (an entry under two of them comes twice). */
  *entries(words: string[]): Generator<T> {
    for (const word of words) for (const e of this.byWord.get(word)?.entries ?? []) if (this.isCurrent(e)) yield e;
  }
}
