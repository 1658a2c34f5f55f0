/** Webhooks (hub/webhooks): an admin manages all; an operator those whose filter stays in their subtree. */
import { HubError, invalidRequest, notFound } from '../errors.ts';
import type { Principal } from '../keys/principal.ts';
import { assertCoversPortal, coversPortal, outOfScope } from '../keys/scope.ts';
import * as webhooks from '../webhooks/registry.ts';
import { checkInput, type UseCaseContext } from './context.ts';

export class WebhookUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  async createWebhook(who: Principal, input: webhooks.WebhookInput): Promise<webhooks.CreatedWebhook> {
    checkInput(input, 'webhook.schema.json#/$defs/webhookInput');
    let url: URL | undefined;
    try {
      url = new URL(input.url);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol))
      throw new HubError('WEBHOOK.INVALID', `The webhook is invalid: url ${url ? 'must be an http(s) URL' : 'is not a URL'}`, {
        errors: [{ field: '/url', message: url ? 'must be an http(s) URL' : 'is not a URL' }],
      });
    if (input.filter) await this.ctx.resolveFilter({ ...input.filter });
    await this.assertCoversWebhook(who, input.filter);
    const webhook: webhooks.StoredWebhook = {
      id: webhooks.newWebhookId(),
      url: input.url,
      events: input.events,
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.description ? { description: input.description } : {}),
      state: 'active',
      createdAt: this.ctx.now().toISOString(),
      createdBy: who.keyId,
      secret: webhooks.newSecret(),
    };
    await webhooks.writeWebhook(this.ctx.store, webhook);
    const shown = webhooks.listed(webhook);
    const portalId = webhooks.scopePortals(input.filter)[0];
    await this.ctx.record(who, { action: 'webhook.create', target: { type: 'webhook', id: webhook.id }, ...(portalId ? { portalId } : {}), after: shown });
    return { ...shown, secret: webhook.secret };
  }

  async listWebhooks(who: Principal): Promise<webhooks.Webhook[]> {
    const all = await webhooks.readWebhooks(this.ctx.store);
    const mine = [];
    for (const w of all) if (await this.coversWebhook(who, w.filter)) mine.push(webhooks.listed(w));
    return mine;
  }

  async getWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    return webhooks.listed(await this.scopedWebhook(who, id));
  }

  /** A failing webhook is tried again from now on (events given up on stay given up). */
  async enableWebhook(who: Principal, id: string): Promise<webhooks.Webhook> {
    const before = await this.scopedWebhook(who, id);
    if (before.state === 'active') return webhooks.listed(before);
    const { failingSince: _f, ...rest } = before;
    const after: webhooks.StoredWebhook = { ...rest, state: 'active' };
    await webhooks.writeWebhook(this.ctx.store, after);
    const portalId = webhooks.scopePortals(before.filter)[0];
    await this.ctx.record(who, {
      action: 'webhook.enable',
      target: { type: 'webhook', id },
      ...(portalId ? { portalId } : {}),
      before: webhooks.listed(before),
      after: webhooks.listed(after),
    });
    return webhooks.listed(after);
  }

  async removeWebhook(who: Principal, id: string): Promise<void> {
    const before = await this.scopedWebhook(who, id);
    await this.ctx.store.setMetaEntry(webhooks.WEBHOOKS_MAP, id, undefined);
    await webhooks.dropDeliveries(this.ctx.store, id);
    const portalId = webhooks.scopePortals(before.filter)[0];
    await this.ctx.record(who, {
      action: 'webhook.delete',
      target: { type: 'webhook', id },
      ...(portalId ? { portalId } : {}),
      before: webhooks.listed(before),
    });
  }

  async listWebhookDeliveries(who: Principal, id: string, options: { cursor?: string; limit?: number } = {}): Promise<webhooks.WebhookDeliveryPage> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > webhooks.DELIVERIES_KEPT)
      throw invalidRequest([{ field: 'limit', message: `must be a whole number from 1 to ${webhooks.DELIVERIES_KEPT}` }]);
    await this.scopedWebhook(who, id);
    return webhooks.listDeliveries(this.ctx.store, id, limit, options.cursor);
  }

  /** A webhook the caller manages (404 before 403, as for sources). */
  private async scopedWebhook(who: Principal, id: string): Promise<webhooks.StoredWebhook> {
    const webhook = await webhooks.readWebhook(this.ctx.store, id);
    if (!webhook) throw notFound('webhook', id);
    await this.assertCoversWebhook(who, webhook.filter);
    return webhook;
  }

  private async coversWebhook(who: Principal, filter: webhooks.WebhookFilter | undefined): Promise<boolean> {
    if (who.role === 'admin') return true;
    const portals = webhooks.scopePortals(filter);
    if (!portals.length) return false;
    for (const p of portals) if (!(await coversPortal(this.ctx.store, who, p))) return false;
    return true;
  }

  private async assertCoversWebhook(who: Principal, filter: webhooks.WebhookFilter | undefined): Promise<void> {
    if (await this.coversWebhook(who, filter)) return;
    const outside = webhooks.scopePortals(filter);
    if (!outside.length) throw outOfScope(who, '(none)', 'a webhook must name a portal of your subtree (filter.within or filter.portal); the portal');
    for (const p of outside) await assertCoversPortal(this.ctx.store, who, p, 'the webhook filter names portal');
  }
}
