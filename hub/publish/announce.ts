/**
 * Step 7: publish. Stored items are announced here; rendered-feed caches and live streams listen.
 * With several hub instances on one Redis, a relay (announce-redis.ts) carries each announcement
 * to the other instances, whose listeners then hear it as if it were their own.
 */
import { EventEmitter } from 'node:events';
import type { Item } from '../model.ts';

export interface ItemChanges {
  created: Item[];
  updated: Item[];
  /**
   * Live-stream event ids (`<ms>-<n>`) by item id, given by the instance that stored the changes
   * and carried to the others, so that an event has one id in the whole deployment and a client
   * can resume on any instance (hub/publish/stream.ts).
   */
  eventIds?: Map<string, string>;
}

/** The order changes become events in: new items, then corrections, each oldest first. */
export function eventOrder(changes: ItemChanges): Item[] {
  const sorted = (list: Item[]) => [...list].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
  return [...sorted(changes.created), ...sorted(changes.updated)];
}

/** Carries announcements between hub instances. */
export interface AnnounceRelay {
  publish(changes: ItemChanges): void;
  /** Portals were added, changed or removed. */
  publishDirectoryChange(): void;
  close(): Promise<void>;
}

export class ItemAnnouncer {
  private readonly emitter = new EventEmitter();
  private relay?: AnnounceRelay;
  private last = { ms: 0, n: 0 };

  constructor(private readonly now: () => number = Date.now) {
    // a feed cache, a live stream and every SSE client each listen; that is not a leak
    this.emitter.setMaxListeners(0);
  }

  announce(changes: ItemChanges): void {
    if (!changes.created.length && !changes.updated.length) return;
    const stamped = { ...changes, eventIds: this.stamp(changes) };
    this.emit(stamped);
    this.emitter.emit('own-items', stamped);
    this.relay?.publish(stamped);
  }

  /** An id per event, strictly after every earlier one of this instance even if the clock steps back. */
  private stamp(changes: ItemChanges): Map<string, string> {
    const ids = new Map<string, string>();
    for (const item of eventOrder(changes)) {
      const ms = this.now();
      this.last = ms > this.last.ms ? { ms, n: 0 } : { ms: this.last.ms, n: this.last.n + 1 };
      ids.set(item.id, `${this.last.ms}-${this.last.n}`);
    }
    return ids;
  }

  /** Tells this instance's listeners about changes another instance announced. */
  emit(changes: ItemChanges): void {
    this.emitter.emit('items', changes);
  }

  onItems(listener: (changes: ItemChanges) => void): () => void {
    this.emitter.on('items', listener);
    return () => this.emitter.off('items', listener);
  }

  /**
   * Only changes this instance stored itself, not those relayed from others: for work that must
   * happen once across all instances (WebSub deliveries), not once per instance.
   */
  onOwnItems(listener: (changes: ItemChanges) => void): () => void {
    this.emitter.on('own-items', listener);
    return () => this.emitter.off('own-items', listener);
  }

  /** Portals changed here: other instances drop what they derived from the directory. */
  announceDirectoryChange(): void {
    this.relay?.publishDirectoryChange();
  }

  /** Tells this instance's listeners that another instance changed the directory. */
  emitDirectoryChange(): void {
    this.emitter.emit('directory');
  }

  onDirectoryChange(listener: () => void): () => void {
    this.emitter.on('directory', listener);
    return () => this.emitter.off('directory', listener);
  }

  /** From now on, announcements also go to the other instances through this relay. */
  useRelay(relay: AnnounceRelay): void {
    this.relay = relay;
  }
}
