/**
 * API keys: random, shown once, stored only as a SHA-256 hash. A key reads `phk_<id>_<secret>`;
 * the id finds the record, the hash of the whole key is compared in constant time. A fast hash
 * is enough because the secret carries 192 random bits (a password hash guards guessable input).
 * Records live in the store's meta values, so they work on the embedded and the Redis store alike.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { HubError, notFound } from '../errors.ts';
import type { ApiKey, ApiKeyInput, CreatedApiKey } from '../model.ts';
import type { Principal } from './principal.ts';

/** What the store keeps: the listed fields plus the hash, never the secret. */
interface KeyRecord extends Omit<ApiKey, 'state'> {
  hash: string;
}

const INDEX = 'keys:index';
const recordKey = (id: string) => `key:${id}`;
// apart from the record: writing it on use could undo a revocation made at the same moment
const usedKey = (id: string) => `key-used:${id}`;
/** A key's last use is written at most this often per instance. */
const USE_RESOLUTION_MS = 60_000;
const KEY_FORMAT = /^phk_([a-z0-9]{12})_([A-Za-z0-9_-]{32})$/;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const invalidKey = () =>
  new HubError('AUTH.INVALID_KEY', 'The API key is not valid (unknown, revoked or expired)', {
    headers: { 'www-authenticate': 'Bearer realm="portal-hub", error="invalid_token"' },
  });

export class KeyRing {
  /** When this instance last wrote each key's last use. */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes a key; the answer is the only place its secret ever appears. */
  async create(input: ApiKeyInput, by: Principal): Promise<CreatedApiKey> {
    if (input.portalId && !(await this.store.getPortal(input.portalId)))
      throw new HubError('KEY.UNKNOWN_PORTAL', `The portal "${input.portalId}" is not registered`, {
        errors: [{ field: '/portalId', message: 'is not a registered portal' }],
      });
    if (input.expiresAt && Date.parse(input.expiresAt) <= this.now().getTime())
      throw new HubError('KEY.EXPIRY_PAST', 'expiresAt is in the past', { errors: [{ field: '/expiresAt', message: 'must be in the future' }] });
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = `phk_${id}_${randomBytes(24).toString('base64url')}`;
    const record: KeyRecord = {
      id,
      role: input.role,
      ...(input.portalId ? { portalId: input.portalId } : {}),
      ...(input.label ? { label: input.label } : {}),
      createdAt: this.now().toISOString(),
      createdBy: by.keyId,
      ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
      hash: hashKey(secret),
    };
    await this.store.setMeta(recordKey(id), JSON.stringify(record));
    await this.store.setMeta(INDEX, JSON.stringify([...(await this.ids()), id]));
    return { ...this.view(record), secret };
  }

  async list(): Promise<ApiKey[]> {
    const records = await Promise.all((await this.ids()).map((id) => this.record(id)));
    return Promise.all(records.filter((r): r is KeyRecord => !!r).map((r) => this.viewWithUse(r)));
  }

  async get(id: string): Promise<ApiKey> {
    const record = await this.record(id);
    if (!record) throw notFound('key', id);
    return this.viewWithUse(record);
  }

  /** Revokes a key at once; revoking twice keeps the first time. */
  async revoke(id: string, by: Principal): Promise<{ before: ApiKey; after: ApiKey }> {
    const record = await this.record(id);
    if (!record) throw notFound('key', id);
    const before = this.view(record);
    if (!record.revokedAt) {
      record.revokedAt = this.now().toISOString();
      record.revokedBy = by.keyId;
      await this.store.setMeta(recordKey(id), JSON.stringify(record));
    }
    return { before, after: this.view(record) };
  }

  /** Sets when a key stops working (now, or later); a revoked key stays revoked. */
  async expire(id: string, at: Date): Promise<{ before: ApiKey; after: ApiKey }> {
    const record = await this.record(id);
    if (!record) throw notFound('key', id);
    const before = this.view(record);
    record.expiresAt = at.toISOString();
    await this.store.setMeta(recordKey(id), JSON.stringify(record));
    return { before, after: this.view(record) };
  }

  /** The principal behind a key of this ring, or undefined when the text is not one of its keys. */
  async principal(key: string): Promise<Principal | undefined> {
    const m = KEY_FORMAT.exec(key);
    if (!m) return undefined;
    const record = await this.record(m[1]);
    if (!record || !sameHash(record.hash, hashKey(key))) throw invalidKey();
    const state = this.state(record);
    if (state !== 'active')
      throw new HubError('AUTH.INVALID_KEY', `The API key ${record.id} is ${state}`, {
        headers: { 'www-authenticate': 'Bearer realm="portal-hub", error="invalid_token"' },
      });
    await this.used(record.id);
    return { keyId: record.id, role: record.role, ...(record.portalId ? { portalId: record.portalId } : {}), ...(record.label ? { label: record.label } : {}) };
  }

  /** Whether the key behind a principal still works (the console asks on every request: revoking a key ends its sessions). */
  async stillActive(keyId: string): Promise<boolean> {
    if (keyId === 'admin') return true;
    const record = await this.record(keyId);
    return !!record && this.state(record) === 'active';
  }

  /** Notes a key's use, to the minute: operators see which keys still serve and which can go. */
  private async used(id: string): Promise<void> {
    const now = this.now().getTime();
    if (now - (this.written.get(id) ?? 0) < USE_RESOLUTION_MS) return;
    this.written.set(id, now);
    await this.store.setMeta(usedKey(id), new Date(now).toISOString());
  }

  private async viewWithUse(r: KeyRecord): Promise<ApiKey> {
    const lastUsedAt = await this.store.getMeta(usedKey(r.id));
    return { ...this.view(r), ...(lastUsedAt ? { lastUsedAt } : {}) };
  }

  private state(r: KeyRecord): ApiKey['state'] {
    if (r.revokedAt) return 'revoked';
    if (r.expiresAt && Date.parse(r.expiresAt) <= this.now().getTime()) return 'expired';
    return 'active';
  }

  private view(r: KeyRecord): ApiKey {
    const { hash: _hash, ...rest } = r;
    return { ...rest, state: this.state(r) };
  }

  private async ids(): Promise<string[]> {
    return JSON.parse((await this.store.getMeta(INDEX)) ?? '[]') as string[];
  }

  private async record(id: string): Promise<KeyRecord | undefined> {
    if (!/^[a-z0-9]{1,32}$/.test(id)) return undefined;
    const text = await this.store.getMeta(recordKey(id));
    return text ? (JSON.parse(text) as KeyRecord) : undefined;
  }
}
