/**
 * One lane per source: the polls and pushes of a source run one after the other on an instance,
 * each starting from the health the one before it stored (a push that raced a poll used to be
 * overwritten by the poll's older copy of the source, or to drop its validators).
 */
export class SourceLanes {
  /** The last work queued per source; it settles when everything queued before it has. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lengths = new Map<string, number>();

  /** Runs `work` once the work queued before it for the same source has settled. */
  run<T>(sourceId: string, work: () => Promise<T>): Promise<T> {
    this.lengths.set(sourceId, this.queued(sourceId) + 1);
    const result = (this.tails.get(sourceId) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(sourceId, tail);
    void tail.then(() => {
      const left = this.queued(sourceId) - 1;
      if (left) this.lengths.set(sourceId, left);
      else this.lengths.delete(sourceId);
      if (this.tails.get(sourceId) === tail) this.tails.delete(sourceId);
    });
    return result;
  }

  /** Works running or waiting their turn for a source. */
  queued(sourceId: string): number {
    return this.lengths.get(sourceId) ?? 0;
  }

  /** Resolves when everything queued so far has settled. */
  async settle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
