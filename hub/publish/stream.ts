/**
 * The live stream behind GET /api/v1/stream: every announced change becomes an event with an id
 * that orders it (`<ms>-<n>`), given by the instance that stored the change and the same on every
 * instance (announce.ts). A ring of recent events lets a client that reconnects with
 * Last-Event-ID (WHATWG HTML §9.2, server-sent events) pick up where it left off, on this
 * instance or another; a client whose id is older than the ring is caught up from the store.
 */
import type { Item } from '../model.ts';
import { eventOrder, type ItemAnnouncer } from './announce.ts';

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
    announcer.onItems((changes) => {
      const created = new Set(changes.created);
      for (const item of eventOrder(changes)) this.push(eventTypeOf(item, created.has(item)), item, parseEventId(changes.eventIds?.get(item.id)));
    });
  }

  /** A fresh id, strictly after every earlier one even if the clock steps back (for changes announced without ids). */
  private nextId(): EventId {
    const ms = this.now();
    return ms > this.last.ms ? { ms, n: 0 } : { ms: this.last.ms, n: this.last.n + 1 };
  }

  private push(type: StreamEventType, item: Item, given: EventId | undefined): void {
    const at = given ?? this.nextId();
    if (after(at, this.last)) this.last = at;
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
    // the event itself is in the ring: what came after it here, and anything stamped later that
    // arrived here first (another instance's clock, or the relay, can order them differently)
    const at = this.ring.findIndex((e) => e.at.ms === lastId.ms && e.at.n === lastId.n);
    if (at !== -1) return this.ring.filter((e, i) => i > at || after(e.at, lastId));
    if (lastId.ms < this.startedAt) return undefined;
    if (this.dropped && this.ring.length && after(this.ring[0].at, lastId)) return undefined;
    return this.ring.filter((e) => after(e.at, lastId));
  }

  get size(): number {
    return this.listeners.size;
  }
}
