/**
 * Subscriptions kept in the store as one meta value (a JSON list), read on first use and written
 * back in order after every change; the WebSub hub and subscriber each keep one.
 */
import type { Store } from '../store/store.ts';

export class SubscriptionBook<T> {
  readonly entries = new Map<string, T>();
  private loaded: Promise<void> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly metaKey: string,
    private readonly keyOf: (entry: T) => string,
  ) {}

  /** Resolves once the entries kept in the store are loaded. */
  open(): Promise<void> {
    this.loaded ??= this.store.getMeta(this.metaKey).then((raw) => {
      for (const entry of JSON.parse(raw ?? '[]') as T[]) this.entries.set(this.keyOf(entry), entry);
    });
    return this.loaded;
  }

  /**
   * Re-reads the entries from the store, after this instance's pending writes: another hub
   * instance sharing the store may have changed them. Call before reading or changing entries
   * where that matters.
   */
  reload(): Promise<void> {
    const reading = this.saving
      .then(() => this.store.getMeta(this.metaKey))
      .then((raw) => {
        this.entries.clear();
        for (const entry of JSON.parse(raw ?? '[]') as T[]) this.entries.set(this.keyOf(entry), entry);
      });
    this.loaded = reading;
    return reading;
  }

  save(): Promise<void> {
    this.saving = this.saving.then(() => this.store.setMeta(this.metaKey, JSON.stringify([...this.entries.values()])));
    return this.saving;
  }

  /** Resolves once every write asked for so far is done. */
  flushed(): Promise<void> {
    return this.saving;
  }
}
