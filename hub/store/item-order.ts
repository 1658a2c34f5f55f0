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
  if (!m)
    throw new HubError('REQUEST.INVALID_CURSOR', 'The cursor is not one this hub issued', {
      errors: [{ field: 'cursor', message: 'is not a cursor this hub issued' }],
    });
  return { time: Number(m[1]), id: m[2] };
}

/**
 * The order key as one string whose plain (byte) order is the item order, oldest first:
 * 16-digit time (shifted so dates before 1970 stay non-negative) ':' id. Both stores index by it —
 * the embedded store in sorted arrays, Redis in sorted sets read with ZRANGE … BYLEX REV.
 */
const SHIFT = 1e15;
export const orderMember = (key: OrderKey): string => `${timePrefix(key.time)}:${key.id}`;
export const timePrefix = (time: number): string => String(time + SHIFT).padStart(16, '0');
export const memberId = (member: string): string => member.slice(17);
export const memberKey = (member: string): OrderKey => ({ time: Number(member.slice(0, 16)) - SHIFT, id: member.slice(17) });

/**
 * The member range a query reads, newest first: members strictly below `before` and at or above
 * `from`. The cursor and `until` both cap the top; `since` is the floor.
 */
export interface MemberRange {
  /** Exclusive upper bound, or undefined for "from the newest". */
  before?: string;
  /** Inclusive lower bound, or undefined for "to the oldest". */
  from?: string;
}

export function memberRange(query: { cursor?: string; since?: string; until?: string }): MemberRange {
  const range: MemberRange = {};
  const tops: string[] = [];
  if (query.cursor) tops.push(orderMember(decodeCursor(query.cursor)));
  // every member of the last included millisecond sorts below the next millisecond's prefix
  if (query.until) tops.push(timePrefix(Date.parse(query.until) + 1));
  if (tops.length) range.before = tops.sort()[0];
  if (query.since) range.from = timePrefix(Date.parse(query.since));
  return range;
}
