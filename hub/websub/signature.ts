/**
 * Authenticated content distribution (W3C WebSub §7.1 / §8): the hub signs each delivery with an
 * HMAC of the body under the subscriber's secret, `X-Hub-Signature: sha256=<hex>` (we also send it
 * as X-Hub-Signature-256, the name GitHub-style receivers look for). Receivers must accept sha1,
 * sha256, sha384 and sha512.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const METHODS = ['sha1', 'sha256', 'sha384', 'sha512'];

export function sign(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `header` ("method=hex") is a valid signature of `body` under `secret`. */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  const m = /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(header?.trim() ?? '');
  if (!m || !METHODS.includes(m[1].toLowerCase())) return false;
  const expected = createHmac(m[1].toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(m[2], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
