/**
 * The live stream behind GET /api/v1/stream: every announced change becomes an event with an id
 * that orders it (`<ms>-<n>`). A ring of recent events lets a client that reconnects with
 * Last-Event-ID (WHATWG HTML §9.2, server-sent events) pick up exactly where it left off; a client
 * whose id is older than the ring is caught up from the store instead.
 */
import type { Item } from '../model.ts';
import type { ItemAnnouncer } from './announce.ts';

/** `item`: new; `update`: a correction of an item already sent; `withdrawn`: a tombstone. */
export type StreamEventType = 'item' | 'update' | 'withdrawn';

export interface StreamEvent {
  id: string;
  type: StreamEventType;
  item: Item;
}

export interface EventId {
  ms: number;
  n: number;
}

export function parseEventId(id: string | undefined): EventId | undefined {
  const m = /^(\d{1,15})-(\d{1,9})$/.exec(id?.trim() ?? '');
  return m ? { ms: Number(m[1]), n: Number(m[2]) } : undefined;
}

const after = (a: EventId, b: EventId) => a.ms > b.ms || (a.ms === b.ms && a.n > b.n);

export const eventTypeOf = (item: Item, isNew: boolean): StreamEventType => (item.flags.includes('withdrawn') ? 'withdrawn' : isNew ? 'item' : 'update');

export class ItemStream {
  private readonly ring: (StreamEvent & { at: EventId })[] = [];
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private last: EventId = { ms: 0, n: 0 };
  private dropped = false;
  private readonly startedAt: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(announcer: ItemAnnouncer, options: { capacity?: number; now?: () => number } = {}) {
    this.capacity = options.capacity ?? 2000;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    announcer.onItems(({ created, updated }) => {
      // oldest first, so a client sees events in the order the items appeared
      const sorted = (list: Item[]) => [...list].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
      for (const item of sorted(created)) this.push(eventTypeOf(item, true), item);
      for (const item of sorted(updated)) this.push(eventTypeOf(item, false), item);
    });
  }

  /** A fresh id, strictly after every earlier one even if the clock steps back. */
  private nextId(): EventId {
    const ms = this.now();
    this.last = ms > this.last.ms ? { ms, n: 0 } : { ms: this.last.ms, n: this.last.n + 1 };
    return this.last;
  }

  private push(type: StreamEventType, item: Item): void {
    const at = this.nextId();
    const event = { id: `${at.ms}-${at.n}`, type, item, at };
    this.ring.push(event);
    if (this.ring.length > this.capacity) {
      this.ring.shift();
      this.dropped = true;
    }
    for (const listener of this.listeners) listener(event);
  }

  /** The id of the latest event, or one just before any this process will assign. */
  lastId(): string {
    return this.last.ms ? `${this.last.ms}-${this.last.n}` : `${this.startedAt}-0`;
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The events after `lastId`, or `undefined` when the ring no longer reaches back that far
   * (or the id is from before this process started), so the caller must catch up from the store.
   */
  since(lastId: EventId): StreamEvent[] | undefined {
    if (lastId.ms < this.startedAt) return undefined;
    if (this.dropped && this.ring.length && after(this.ring[0].at, lastId)) return undefined;
    return this.ring.filter((e) => after(e.at, lastId));
  }

  get size(): number {
    return this.listeners.size;
  }
}
