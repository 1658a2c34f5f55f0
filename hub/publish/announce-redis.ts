/**
 * Announcements over Redis pub/sub, so every hub instance's feed caches and live clients see new
 * items at once, whichever instance fetched them. A message carries ids, not items: a batch of
 * full articles can run to megabytes, and Redis drops a subscriber whose pub/sub buffer passes
 * its limit (client-output-buffer-limit pubsub 32mb). Receivers read the items from the shared store.
 * Each item's live-stream event id goes along, so the event has the same id on every instance.
 * A change to the portal directory is announced the same way, so no instance filters or names
 * portals from a stale directory.
 */
import type { AnnounceRelay, ItemAnnouncer, ItemChanges } from './announce.ts';
import type { RedisClient, RedisStore } from '../store/redis.ts';
import type { Item } from '../model.ts';

type Message = { from: string; created: string[]; updated: string[]; events?: [string, string][] } | { from: string; directory: true };

export class RedisAnnounceRelay implements AnnounceRelay {
  private constructor(
    private readonly store: RedisStore,
    private readonly subscriber: RedisClient,
    private readonly channel: string,
    private readonly instanceId: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Subscribes to the deployment's channel and plugs the relay into the announcer. */
  static async start(store: RedisStore, announcer: ItemAnnouncer, instanceId: string, log: (line: string) => void = () => {}): Promise<RedisAnnounceRelay> {
    const channel = store.key('announce');
    const subscriber = await store.duplicate();
    const relay = new RedisAnnounceRelay(store, subscriber, channel, instanceId, log);
    await subscriber.subscribe(channel, (text) => void relay.receive(text, announcer));
    announcer.useRelay(relay);
    return relay;
  }

  publish(changes: ItemChanges): void {
    this.send({
      from: this.instanceId,
      created: changes.created.map((i) => i.id),
      updated: changes.updated.map((i) => i.id),
      ...(changes.eventIds ? { events: [...changes.eventIds] } : {}),
    });
  }

  publishDirectoryChange(): void {
    this.send({ from: this.instanceId, directory: true });
  }

  private send(message: Message): void {
    this.store.client.publish(this.channel, JSON.stringify(message)).catch((e) => this.log(`announce: could not publish to Redis: ${(e as Error).message}`));
  }

  private async receive(text: string, announcer: ItemAnnouncer): Promise<void> {
    let message: Message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.from === this.instanceId) return;
    if ('directory' in message) return announcer.emitDirectoryChange();
    try {
      const items = await this.store.getItems([...message.created, ...message.updated]);
      const pick = (ids: string[]) => ids.map((id) => items.get(id)).filter((i): i is Item => i !== undefined);
      const changes = { created: pick(message.created), updated: pick(message.updated), eventIds: new Map(message.events ?? []) };
      if (changes.created.length || changes.updated.length) announcer.emit(changes);
    } catch (e) {
      this.log(`announce: could not read announced items: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.subscriber.isOpen) await this.subscriber.quit().catch(() => undefined);
  }
}
