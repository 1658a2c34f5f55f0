/**
 * The alert e-mail outbox and its bookkeeping, all in meta maps of the store (so they are shared
 * by the instances of one Redis and survive a restart): mail waiting to be sent, ids already sent
 * (or folded into a digest), each address's digest window and the alerts folded in it, and the
 * portals in a silence episode.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Composed, OutboxMail } from './model.ts';

export const OUTBOX_MAP = 'alerts:outbox';
export const SENT_MAP = 'alerts:sent';
export const WINDOWS_MAP = 'alerts:windows';
export const FOLDED_MAP = 'alerts:folded';
export const SILENT_MAP = 'alerts:silent';

/** A mail's id: one alert (its key) to one address. */
export const mailId = (key: string, to: string) => createHash('sha256').update(`${key}\n${to.toLowerCase()}`).digest('hex').slice(0, 32);

export interface DigestWindow {
  /** When the address's first alert of the window came (ms). */
  start: number;
  /** Mails sent on their own in this window. */
  sent: number;
}

export const readOutbox = async (store: Store): Promise<Map<string, OutboxMail>> =>
  new Map([...(await store.getMetaEntries(OUTBOX_MAP))].map(([id, json]) => [id, JSON.parse(json) as OutboxMail]));

export const putOutbox = (store: Store, mail: OutboxMail) => store.setMetaEntry(OUTBOX_MAP, mail.id, JSON.stringify(mail));

/** Whether this mail was queued, sent or folded already. */
export async function known(store: Store, id: string): Promise<boolean> {
  const [sent, outbox] = await Promise.all([store.getMetaEntries(SENT_MAP), store.getMetaEntries(OUTBOX_MAP)]);
  return sent.has(id) || outbox.has(id);
}

export const markSent = (store: Store, id: string, at: number) => store.setMetaEntry(SENT_MAP, id, String(at));

/** Forgets sent ids older than `before` (ms): the map would only grow. */
export async function pruneSent(store: Store, before: number): Promise<void> {
  for (const [id, at] of await store.getMetaEntries(SENT_MAP)) if (Number(at) < before) await store.setMetaEntry(SENT_MAP, id, undefined);
}

export async function readWindow(store: Store, to: string): Promise<DigestWindow | undefined> {
  const json = (await store.getMetaEntries(WINDOWS_MAP)).get(to.toLowerCase());
  return json ? (JSON.parse(json) as DigestWindow) : undefined;
}

export const writeWindow = (store: Store, to: string, window: DigestWindow | undefined) =>
  store.setMetaEntry(WINDOWS_MAP, to.toLowerCase(), window ? JSON.stringify(window) : undefined);

export const fold = (store: Store, to: string, id: string, mail: Composed, at: number) =>
  store.setMetaEntry(FOLDED_MAP, `${to.toLowerCase()}\n${at.toString(36).padStart(10, '0')}\n${id}`, JSON.stringify(mail));

/** The mails folded for each address, oldest first, with their entry keys. */
export async function readFolded(store: Store): Promise<Map<string, { key: string; mail: Composed }[]>> {
  const byAddress = new Map<string, { key: string; mail: Composed }[]>();
  const entries = [...(await store.getMetaEntries(FOLDED_MAP))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, json] of entries) {
    const to = key.split('\n')[0];
    const list = byAddress.get(to) ?? [];
    list.push({ key, mail: JSON.parse(json) as Composed });
    byAddress.set(to, list);
  }
  return byAddress;
}
