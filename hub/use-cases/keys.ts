/** API keys (admin): who may call what; and who sends a request. */
import type { ApiKey, ApiKeyInput, CreatedApiKey } from '../model.ts';
import { authenticate } from '../auth.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly } from '../keys/scope.ts';
import { checkInput, type UseCaseContext } from './context.ts';

export class KeyUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /** Who sends this Authorization header (401 without a valid key). */
  authenticate(header: string | undefined): Promise<Principal> {
    return authenticate(this.ctx.store, header, this.ctx.keys, this.ctx.config.adminKey);
  }

  async createKey(who: Principal, input: ApiKeyInput): Promise<CreatedApiKey> {
    if (who.role !== 'admin') throw adminOnly('create keys');
    checkInput(input, 'access.schema.json#/$defs/apiKeyInput');
    const created = await this.ctx.keys.create(input, who);
    const { secret: _secret, ...listed } = created;
    await this.ctx.record(who, {
      action: 'key.create',
      target: { type: 'key', id: created.id },
      ...(created.portalId ? { portalId: created.portalId } : {}),
      after: listed,
    });
    return created;
  }

  async listKeys(who: Principal): Promise<ApiKey[]> {
    if (who.role !== 'admin') throw adminOnly('list keys');
    return this.ctx.keys.list();
  }

  async revokeKey(who: Principal, id: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('revoke keys');
    const { before, after } = await this.ctx.keys.revoke(id, who);
    await this.ctx.sessions.closeAllOf(id);
    if (before.state !== 'revoked')
      await this.ctx.record(who, { action: 'key.revoke', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }

  /** Moves a key's expiry (to now by default): the key stops working at that time. */
  async expireKey(who: Principal, id: string, at?: string): Promise<ApiKey> {
    if (who.role !== 'admin') throw adminOnly('expire keys');
    const { before, after } = await this.ctx.keys.expire(id, at ? new Date(at) : this.ctx.now());
    await this.ctx.record(who, { action: 'key.expire', target: { type: 'key', id }, ...(after.portalId ? { portalId: after.portalId } : {}), before, after });
    return after;
  }
}
