/** Webhooks (hub/webhooks): any key; the use cases keep operators to their subtree. */
import type Router from '@koa/router';
import type { Hub } from '../../hub.ts';
import type { operations } from '../openapi.gen.ts';
import type { WebhookInput } from '../../webhooks/registry.ts';
import { validBody, validQuery } from '../validate.ts';
import { principalOf, requireKey } from '../guard.ts';

type DeliveriesQuery = NonNullable<operations['listWebhookDeliveries']['parameters']['query']>;

export function webhookRoutes(router: Router, hub: Hub) {
  router.get('/api/v1/webhooks', requireKey(hub), async (ctx) => {
    ctx.body = { webhooks: await hub.listWebhooks(principalOf(ctx)) };
  });

  router.post('/api/v1/webhooks', requireKey(hub), async (ctx) => {
    const created = await hub.createWebhook(principalOf(ctx), validBody<WebhookInput>(ctx, 'createWebhook'));
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Location', `/api/v1/webhooks/${created.id}`);
    ctx.body = created;
  });

  router.get('/api/v1/webhooks/:id', requireKey(hub), async (ctx) => {
    ctx.body = await hub.getWebhook(principalOf(ctx), ctx.params.id);
  });

  router.patch('/api/v1/webhooks/:id', requireKey(hub), async (ctx) => {
    validBody<{ state: 'active' }>(ctx, 'enableWebhook');
    ctx.body = await hub.enableWebhook(principalOf(ctx), ctx.params.id);
  });

  router.delete('/api/v1/webhooks/:id', requireKey(hub), async (ctx) => {
    await hub.removeWebhook(principalOf(ctx), ctx.params.id);
    ctx.status = 204;
  });

  router.get('/api/v1/webhooks/:id/deliveries', requireKey(hub), async (ctx) => {
    const q = validQuery<DeliveriesQuery>(ctx, 'listWebhookDeliveries');
    ctx.body = await hub.listWebhookDeliveries(principalOf(ctx), ctx.params.id, {
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
  });
}
