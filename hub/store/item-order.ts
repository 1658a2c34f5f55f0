/**
 * The one item order every store and every feed uses: newest publishedAt first, ties broken by
 * id descending. Cursors encode the last (time, id) seen, so a page boundary does not move when
 * newer items arrive.
 */
import type { Item } from '../model.ts';
import { HubError } from '../errors.ts';

export interface OrderKey {
  time: number;
  id: string;
}

export const orderKey = (item: Item): OrderKey => ({ time: Date.parse(item.publishedAt), id: item.id });

/** Negative when a comes first (is newer). */
export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function encodeCursor(key: OrderKey): string {
  return Buffer.from(`${key.time}:${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): OrderKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(-?\d{1,16}):([a-z0-9]{1,64})$/.exec(text);
  if (!m) throw new HubError('validation', 'REQUEST.INVALID_CURSOR', 'The cursor is not one this hub issued', { errors: [{ field: 'cursor', message: 'is not a cursor this hub issued' }] });
  return { time: Number(m[1]), id: m[2] };
}
