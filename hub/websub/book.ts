/**
 * Subscriptions kept in the store one entry each (a meta map, Store.setMetaEntry): a change writes
 * the entries it changed, never the whole list, so a subscription costs one record however many
 * there are. Read on first use; the WebSub hub and subscriber each keep one. Books written by an
 * older hub as one meta value (a JSON list under the same key) are moved into entries on first read.
 */
import type { Store } from '../store/store.ts';

export class SubscriptionBook<T> {
  readonly entries = new Map<string, T>();
  /** Each entry as last written to (or read from) the store, to find what a save must write. */
  private readonly stored = new Map<string, string>();
  private loaded: Promise<void> | undefined;
  private migrated = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly metaKey: string,
    private readonly keyOf: (entry: T) => string,
  ) {}

  /** Resolves once the entries kept in the store are loaded. */
  open(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  /**
   * Re-reads the entries from the store, after this instance's pending writes: another hub
   * instance sharing the store may have changed them. Call before reading or changing entries
   * where that matters.
   */
  reload(): Promise<void> {
    const reading = this.saving.then(() => this.read());
    this.loaded = reading;
    return reading;
  }

  private async read(): Promise<void> {
    await this.migrate();
    const raw = await this.store.getMetaEntries(this.metaKey);
    this.entries.clear();
    this.stored.clear();
    for (const [key, json] of raw) {
      this.entries.set(key, JSON.parse(json) as T);
      this.stored.set(key, json);
    }
  }

  /** A list kept whole by an older hub becomes entries (idempotent: instances may race on it). */
  private async migrate(): Promise<void> {
    if (this.migrated) return;
    this.migrated = true;
    const legacy = await this.store.getMeta(this.metaKey);
    if (!legacy || legacy === '[]') return;
    for (const entry of JSON.parse(legacy) as T[]) await this.store.setMetaEntry(this.metaKey, this.keyOf(entry), JSON.stringify(entry));
    await this.store.setMeta(this.metaKey, '[]');
  }

  /** Writes the entries added, changed or removed since the last read or save; only those. */
  save(): Promise<void> {
    const writes: [string, string | undefined][] = [];
    for (const [key, entry] of this.entries) {
      const json = JSON.stringify(entry);
      if (this.stored.get(key) !== json) writes.push([key, json]);
    }
    for (const key of this.stored.keys()) if (!this.entries.has(key)) writes.push([key, undefined]);
    for (const [key, json] of writes) {
      if (json === undefined) this.stored.delete(key);
      else this.stored.set(key, json);
    }
    this.saving = this.saving.then(async () => {
      for (const [key, json] of writes) await this.store.setMetaEntry(this.metaKey, key, json);
    });
    return this.saving;
  }

  /** Resolves once every write asked for so far is done. */
  flushed(): Promise<void> {
    return this.saving;
  }
}
