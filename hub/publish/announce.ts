/**
 * Step 7: publish. Stored items are announced here; rendered-feed caches, and later WebSub and
 * live streams, listen. With several hub instances this is where a Redis channel plugs in.
 */
import { EventEmitter } from 'node:events';
import type { Item } from '../model.ts';

export interface ItemChanges {
  created: Item[];
  updated: Item[];
}

export class ItemAnnouncer {
  private readonly emitter = new EventEmitter();

  announce(changes: ItemChanges): void {
    if (!changes.created.length && !changes.updated.length) return;
    this.emitter.emit('items', changes);
  }

  onItems(listener: (changes: ItemChanges) => void): () => void {
    this.emitter.on('items', listener);
    return () => this.emitter.off('items', listener);
  }
}
