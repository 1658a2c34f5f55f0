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

  constructor() {
    // a feed cache, a live stream and every SSE client each listen; that is not a leak
    this.emitter.setMaxListeners(0);
  }

  announce(changes: ItemChanges): void {
    if (!changes.created.length && !changes.updated.length) return;
    this.emit(changes);
    this.emitter.emit('own-items', changes);
    this.relay?.publish(changes);
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
