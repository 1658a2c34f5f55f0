/**
 * Webhooks for integrators (Standard Webhooks): what is registered, kept in the store one record
 * each (a meta map), and the delivery log of each webhook (a meta map per webhook, the newest
 * DELIVERIES_KEPT attempts). The use cases on Hub call these; scopes are checked there.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { components } from '../api/openapi.gen.ts';

export type Webhook = components['schemas']['Webhook'];
export type WebhookInput = components['schemas']['WebhookInput'];
export type CreatedWebhook = components['schemas']['CreatedWebhook'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type WebhookDeliveryPage = components['schemas']['WebhookDeliveryPage'];
export type WebhookEvent = Webhook['events'][number];
export type WebhookFilter = NonNullable<Webhook['filter']>;

/** A webhook as stored: with its secret, which the API shows only once. */
export interface StoredWebhook extends Webhook {
  secret: string;
}

export const WEBHOOKS_MAP = 'webhooks';
export const deliveriesMap = (id: string) => `webhooks:deliveries:${id}`;
/** Delivery attempts kept per webhook, the newest. */
export const DELIVERIES_KEPT = 200;

export const newWebhookId = () => `wh_${randomBytes(8).toString('hex')}`;
/** `whsec_` and a 24-byte key in base64 (Standard Webhooks: the key is the base64-decoded part). */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Ids that sort like time: milliseconds in base 36, fixed width, then a random tail against ties. */
export const timeId = (ms: number) => `${ms.toString(36).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;

export async function readWebhooks(store: Store): Promise<StoredWebhook[]> {
  const raw = await store.getMetaEntries(WEBHOOKS_MAP);
  return [...raw.values()].map((json) => JSON.parse(json) as StoredWebhook).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function readWebhook(store: Store, id: string): Promise<StoredWebhook | undefined> {
  const json = (await store.getMetaEntries(WEBHOOKS_MAP)).get(id);
  return json ? (JSON.parse(json) as StoredWebhook) : undefined;
}

export const writeWebhook = (store: Store, webhook: StoredWebhook) => store.setMetaEntry(WEBHOOKS_MAP, webhook.id, JSON.stringify(webhook));

/** The webhook as the API shows it: never its secret. */
export function listed(webhook: StoredWebhook): Webhook {
  const { secret: _secret, ...shown } = webhook;
  return shown;
}

/** The portals a webhook's filter names (within, portal): an operator's scope must cover each. */
export function scopePortals(filter: WebhookFilter | undefined): string[] {
  if (!filter) return [];
  const portals = filter.portal === undefined ? [] : Array.isArray(filter.portal) ? filter.portal : [filter.portal];
  return [...(filter.within ? [filter.within] : []), ...portals];
}

export async function addDelivery(store: Store, webhookId: string, delivery: WebhookDelivery, prune: boolean): Promise<void> {
  const map = deliveriesMap(webhookId);
  await store.setMetaEntry(map, delivery.id, JSON.stringify(delivery));
  if (!prune) return;
  const keys = [...(await store.getMetaEntries(map)).keys()].sort();
  for (const key of keys.slice(0, Math.max(0, keys.length - DELIVERIES_KEPT))) await store.setMetaEntry(map, key, undefined);
}

/** Attempts newest first; `cursor`: the previous page's nextCursor (the last id it listed). */
export async function listDeliveries(store: Store, webhookId: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage> {
  const all = [...(await store.getMetaEntries(deliveriesMap(webhookId))).entries()]
    .filter(([key]) => !cursor || key < cursor)
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  const page = all.slice(0, limit).map(([, json]) => JSON.parse(json) as WebhookDelivery);
  return { deliveries: page, nextCursor: all.length > limit ? page.at(-1)!.id : null };
}

export async function dropDeliveries(store: Store, webhookId: string): Promise<void> {
  const map = deliveriesMap(webhookId);
  for (const key of (await store.getMetaEntries(map)).keys()) await store.setMetaEntry(map, key, undefined);
}
