/**
 * A sorted list of strings kept in chunks of at most CHUNK entries, so an insert or a removal
 * moves at most one chunk instead of the whole list (a flat array of 200,000 order keys costs a
 * 1.6 MB memmove per insert at the front). Reads walk it newest (largest) first.
 */
const CHUNK = 512;

export class SortedList {
  private chunks: string[][] = [];
  size = 0;

  add(value: string): void {
    if (!this.chunks.length) {
      this.chunks.push([value]);
      this.size = 1;
      return;
    }
    const c = this.chunkFor(value);
    const chunk = this.chunks[c];
    const at = lowerBound(chunk, value);
    if (chunk[at] === value) return;
    chunk.splice(at, 0, value);
    this.size++;
    if (chunk.length > CHUNK * 2) this.chunks.splice(c, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
  }

  delete(value: string): boolean {
    if (!this.chunks.length) return false;
    const c = this.chunkFor(value);
    const chunk = this.chunks[c];
    const at = lowerBound(chunk, value);
    if (chunk[at] !== value) return false;
    chunk.splice(at, 1);
    this.size--;
    if (!chunk.length) this.chunks.splice(c, 1);
    return true;
  }

  /** Values strictly below `before` (all when undefined), largest first, down to and including `from`. */
  *descending(before?: string, from?: string): Generator<string> {
    let c = this.chunks.length - 1;
    let i: number;
    if (before === undefined) i = c >= 0 ? this.chunks[c].length - 1 : -1;
    else {
      // an empty list has no chunk to search (a query with `until` on an empty portal)
      if (!this.chunks.length) return;
      c = this.chunkFor(before);
      if (c < 0) return;
      i = lowerBound(this.chunks[c], before) - 1;
    }
    for (; c >= 0; c--, i = c >= 0 ? this.chunks[c].length - 1 : -1) {
      const chunk = this.chunks[c];
      for (; i >= 0; i--) {
        if (from !== undefined && chunk[i] < from) return;
        yield chunk[i];
      }
    }
  }

  /** Appends the values `descending(before, from)` would give, in ascending order, to `out`. */
  collect(out: string[], before?: string, from?: string): void {
    for (const chunk of this.chunks) {
      if (!chunk.length || (before !== undefined && chunk[0] >= before) || (from !== undefined && chunk[chunk.length - 1] < from)) continue;
      for (const v of chunk) if ((before === undefined || v < before) && (from === undefined || v >= from)) out.push(v);
    }
  }

  /** Values at or above `value`, ascending. */
  *from(value: string): Generator<string> {
    if (!this.chunks.length) return;
    let c = this.chunkFor(value);
    let i = lowerBound(this.chunks[c], value);
    for (; c < this.chunks.length; c++, i = 0) for (const chunk = this.chunks[c]; i < chunk.length; i++) yield chunk[i];
  }

  /** Values in ascending order, smallest first (for retention, which removes the oldest). */
  *ascending(): Generator<string> {
    for (const chunk of this.chunks) yield* chunk.slice();
  }

  /** The last chunk whose first value is <= value (0 when value is below all). */
  private chunkFor(value: string): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid][0] <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function lowerBound(a: string[], v: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
