/**
 * The due queue: when each source is next due, and who holds it while it is fetched. Taking a
 * source is a lease: claim() moves it out of reach (due again at now + lease) and hands back a
 * token; complete() with that token sets the next due time. An instance that dies never
 * completes, so its sources fall due again when their leases run out and another instance takes
 * them. The embedded hub keeps the queue in memory; several instances share one in Redis
 * (redis-queue.ts).
 */
import { SortedList } from '../store/sorted-list.ts';

export interface Claim {
  id: string;
  token: string;
  /** When the source was due (its cadence continues from here). */
  dueAt: number;
}

export interface DueQueue {
  /** Queues sources not queued yet, each due at its time; queued ones keep theirs. */
  ensure(entries: { id: string; dueAt: number }[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Every queued id. */
  ids(): Promise<string[]>;
  /** Atomically takes up to `limit` sources due by `now`, each leased to `owner` for `leaseMs`. */
  claim(now: number, limit: number, owner: string, leaseMs: number): Promise<Claim[]>;
  /** Keeps leases alive while their fetches run; returns the ids whose lease was lost. */
  extend(claims: Claim[], until: number): Promise<string[]>;
  /** Ends a lease, due next at `dueAt`; false when the lease had run out and another took the source. */
  complete(claim: Claim, dueAt: number): Promise<boolean>;
  /** The earliest due time, if any. */
  nextDue(): Promise<number | undefined>;
  /** A named lease for work one instance does at a time (retention); true when taken. */
  tryLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');

/** The single-instance queue: a sorted list of `due:id`, so a claim reads only what is due. */
export class MemoryDueQueue implements DueQueue {
  private readonly order = new SortedList();
  private readonly due = new Map<string, number>();
  private readonly leases = new Map<string, string>();
  private readonly named = new Map<string, { owner: string; until: number }>();
  private seq = 0;

  private set(id: string, dueAt: number): void {
    const old = this.due.get(id);
    if (old !== undefined) this.order.delete(`${pad(old)}:${id}`);
    this.due.set(id, dueAt);
    this.order.add(`${pad(dueAt)}:${id}`);
  }

  async ensure(entries: { id: string; dueAt: number }[]) {
    for (const e of entries) if (!this.due.has(e.id)) this.set(e.id, e.dueAt);
  }

  async remove(ids: string[]) {
    for (const id of ids) {
      const old = this.due.get(id);
      if (old === undefined) continue;
      this.order.delete(`${pad(old)}:${id}`);
      this.due.delete(id);
      this.leases.delete(id);
    }
  }

  async ids() {
    return [...this.due.keys()];
  }

  async claim(now: number, limit: number, owner: string, leaseMs: number) {
    const out: Claim[] = [];
    const limitKey = pad(now);
    for (const m of this.order.ascending()) {
      if (out.length >= limit || m.slice(0, 15) > limitKey) break;
      out.push({ id: m.slice(16), token: `${owner}:${++this.seq}`, dueAt: Number(m.slice(0, 15)) });
    }
    for (const c of out) {
      this.set(c.id, now + leaseMs);
      this.leases.set(c.id, c.token);
    }
    return out;
  }

  async extend(claims: Claim[], until: number) {
    const lost: string[] = [];
    for (const c of claims) {
      if (this.leases.get(c.id) === c.token) this.set(c.id, until);
      else lost.push(c.id);
    }
    return lost;
  }

  async complete(claim: Claim, dueAt: number) {
    if (this.leases.get(claim.id) !== claim.token) return false;
    this.leases.delete(claim.id);
    this.set(claim.id, dueAt);
    return true;
  }

  async nextDue() {
    for (const m of this.order.ascending()) return Number(m.slice(0, 15));
    return undefined;
  }

  async tryLease(name: string, owner: string, ttlMs: number) {
    const now = Date.now();
    // one lease per webhook delivery job: those run out are forgotten, or the map would only grow
    if (this.named.size >= 1024) for (const [key, lease] of this.named) if (lease.until <= now) this.named.delete(key);
    const held = this.named.get(name);
    if (held && held.until > now && held.owner !== owner) return false;
    this.named.set(name, { owner, until: now + ttlMs });
    return true;
  }

  async close() {}
}
