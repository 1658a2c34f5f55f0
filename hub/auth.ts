/**
 * API keys. The bootstrap admin key comes from HUB_ADMIN_KEY, or is generated on first start and
 * written to the data dir (mode 0600) so the operator can read it once. The store keeps only a
 * hash. Operator and further admin keys are made with `hub keys create` (hub/keys/keyring.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './store/store.ts';
import { HubError } from './errors.ts';
import { hashKey, invalidKey, KeyRing } from './keys/keyring.ts';
import type { Principal } from './keys/principal.ts';

export type { Principal } from './keys/principal.ts';

const ADMIN_HASH = 'auth:admin-key-sha256';

export const newKey = () => `phk_${randomBytes(24).toString('base64url')}`;

export interface AdminKeyInfo {
  /** Where a generated key was written, if it was generated. */
  file?: string;
  /** The key itself, only when it was generated just now (to print once). */
  generated?: string;
}

/** Makes sure an admin key exists; returns where to find it. */
export async function ensureAdminKey(store: Store, dataDir: string, configured?: string): Promise<AdminKeyInfo> {
  const file = join(dataDir, 'admin.key');
  if (configured) {
    await store.setMeta(ADMIN_HASH, hashKey(configured));
    return {};
  }
  if (await store.getMeta(ADMIN_HASH)) return existsSync(file) ? { file } : {};
  const key = newKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  await store.setMeta(ADMIN_HASH, hashKey(key));
  return { file, generated: key };
}

export function readAdminKeyFile(dataDir: string): string | undefined {
  const file = join(dataDir, 'admin.key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * The principal behind an Authorization header; throws 401 when there is none or it is wrong.
 * A configured HUB_ADMIN_KEY (`configuredAdminKey`) is checked from memory, not from the stored
 * hash: a Redis that comes back empty (restarted without persistence) must not lock the admin out
 * until the hub restarts.
 */
export async function authenticate(store: Store, header: string | undefined, keys = new KeyRing(store), configuredAdminKey?: string): Promise<Principal> {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m)
    throw new HubError('AUTH.MISSING_KEY', 'This request needs an API key: send Authorization: Bearer <key>', {
      headers: { 'www-authenticate': 'Bearer realm="portal-hub"' },
    });
  const given = hashKey(m[1]);
  if (configuredAdminKey && timingSafeEqual(Buffer.from(hashKey(configuredAdminKey)), Buffer.from(given)))
    return { role: 'admin', keyId: 'admin', label: 'bootstrap admin key' };
  const scoped = await keys.principal(m[1]);
  if (scoped) return scoped;
  const expected = configuredAdminKey ? undefined : await store.getMeta(ADMIN_HASH);
  if (expected && timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return { role: 'admin', keyId: 'admin', label: 'bootstrap admin key' };
  throw invalidKey();
}
