/** API keys and the audit log: admin only. */
import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { ApiKeyInput } from '../../model.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireAdmin } from '../guard.ts';

type ExpireBody = operations['expireKey']['requestBody']['content']['application/json'];
type AuditQuery = NonNullable<operations['listAudit']['parameters']['query']>;

export function keyRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/keys', requireAdmin(hub, 'list keys'), async (ctx) => {
    ctx.body = { keys: await hub.listKeys(principalOf(ctx)) };
  });

  router.post('/api/v1/keys', requireAdmin(hub, 'create keys'), async (ctx) => {
    const created = await hub.createKey(principalOf(ctx), validBody<ApiKeyInput>(ctx, 'createKey'));
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });

  router.patch('/api/v1/keys/:id', requireAdmin(hub, 'expire keys'), async (ctx) => {
    const { expiresAt } = validBody<ExpireBody>(ctx, 'expireKey');
    ctx.body = await hub.expireKey(principalOf(ctx), ctx.params.id, expiresAt);
  });

  router.delete('/api/v1/keys/:id', requireAdmin(hub, 'revoke keys'), async (ctx) => {
    ctx.body = await hub.revokeKey(principalOf(ctx), ctx.params.id);
  });

  router.get('/api/v1/audit', requireAdmin(hub, 'read the audit log'), async (ctx) => {
    const q = validQuery<AuditQuery>(ctx, 'listAudit');
    ctx.body = await hub.listAudit(principalOf(ctx), {
      limit: q.limit ?? 100,
      ...(q.portal ? { portalId: q.portal } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.target ? { target: q.target } : {}),
      ...(q.since ? { since: q.since } : {}),
      ...(q.until ? { until: q.until } : {}),
      ...(q.before ? { before: q.before } : {}),
    });
  });
}
