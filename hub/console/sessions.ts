/**
 * The console's sign-in sessions. Signing in with an API key opens a session on the server; the
 * browser holds only the session's random id in an HttpOnly cookie, never the key. The store keeps
 * the id's hash (a copied store opens no session), the principal the key stood for, the session's
 * CSRF token and its two deadlines: idle (renewed while the operator works) and absolute.
 *
 * Sessions live in one meta map of the store, so they are the deployment's: signing out on one
 * instance ends the session on all of them. Each request re-reads the key's record, so a revoked or
 * expired key ends its sessions at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Principal } from '../keys/principal.ts';

const SESSIONS = 'console:sessions';
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 60 * 60_000;
/** …and this long after sign-in whatever happens: a forgotten browser does not stay signed in. */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** The idle deadline is written again at most this often (a request per click must not mean a write per click). */
const TOUCH_EVERY_MS = 60_000;

export interface ConsoleSession {
  principal: Principal;
  /** Sent back in every form; compared in constant time. */
  csrf: string;
  createdAt: number;
  idleUntil: number;
  expiresAt: number;
}

export interface OpenedSession {
  /** The cookie's value: shown to the browser once, stored only as a hash. */
  id: string;
  session: ConsoleSession;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

export const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export class ConsoleSessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async open(principal: Principal): Promise<OpenedSession> {
    const now = this.now().getTime();
    await this.prune(now);
    const id = randomBytes(32).toString('base64url');
    // the address is the request's, not the session's: each request adds its own
    const { ip: _ip, ...who } = principal;
    const session: ConsoleSession = {
      principal: who,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now,
      idleUntil: now + SESSION_IDLE_MS,
      expiresAt: now + SESSION_MAX_MS,
    };
    await this.store.setMetaEntry(SESSIONS, hashOf(id), JSON.stringify(session));
    return { id, session };
  }

  /** The live session behind a cookie value; undefined when there is none or it ended. */
  async get(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (!id || id.length > 100) return undefined;
    const key = hashOf(id);
    const text = (await this.store.getMetaEntries(SESSIONS)).get(key);
    if (!text) return undefined;
    const session = JSON.parse(text) as ConsoleSession;
    const now = this.now().getTime();
    if (now >= session.idleUntil || now >= session.expiresAt) {
      await this.store.setMetaEntry(SESSIONS, key, undefined);
      return undefined;
    }
    if (session.idleUntil - now < SESSION_IDLE_MS - TOUCH_EVERY_MS) {
      session.idleUntil = Math.min(now + SESSION_IDLE_MS, session.expiresAt);
      await this.store.setMetaEntry(SESSIONS, key, JSON.stringify(session));
    }
    return session;
  }

  async close(id: string | undefined): Promise<void> {
    if (id && id.length <= 100) await this.store.setMetaEntry(SESSIONS, hashOf(id), undefined);
  }

  /** Ends every session of a key (when it is revoked). */
  async closeAllOf(keyId: string): Promise<number> {
    let closed = 0;
    for (const [key, text] of await this.store.getMetaEntries(SESSIONS))
      if ((JSON.parse(text) as ConsoleSession).principal.keyId === keyId) {
        await this.store.setMetaEntry(SESSIONS, key, undefined);
        closed++;
      }
    return closed;
  }

  /** Ended sessions go when a new one opens, so the map holds about as many as are in use. */
  private async prune(now: number): Promise<void> {
    for (const [key, text] of await this.store.getMetaEntries(SESSIONS)) {
      const s = JSON.parse(text) as ConsoleSession;
      if (now >= s.idleUntil || now >= s.expiresAt) await this.store.setMetaEntry(SESSIONS, key, undefined);
    }
  }
}
