/**
 * The hub as a WebSub hub for its own unified feeds (W3C WebSub recommendation, 2018):
 * subscription requests (§5.1) are answered 202 and their intent verified with a challenge sent to
 * the callback (§5.3); a verified subscription holds for its lease and is renewed by subscribing
 * again; when items are stored or corrected, each subscriber whose topic they fall in gets the
 * topic's current feed (§7), signed when it gave a secret (§8). Failed deliveries are retried with
 * backoff; a 410 from a callback ends the subscription.
 */
import { randomBytes } from 'node:crypto';
import type { Hub } from '../hub.ts';
import { BackgroundWork } from '../background.ts';
import { SubscriptionBook } from './book.ts';
import { HubError } from '../errors.ts';
import type { Item } from '../model.ts';
import { itemUri, type RenderedFeed } from '../publish/feeds.ts';
import { ping } from '../pipeline/ping.ts';
import { sign } from './signature.ts';
import { parseTopic, type Topic } from './topic.ts';
import { DEFAULTS } from '../config.ts';

export interface Subscription {
  callback: string;
  topic: string;
  secret?: string;
  leaseSeconds: number;
  verifiedAt: string;
  expiresAt: string;
}

export interface SubscriptionRequest {
  mode: 'subscribe' | 'unsubscribe';
  callback: string;
  topic: string;
  leaseSeconds?: number;
  secret?: string;
}

export interface PublisherOptions {
  log?: (line: string) => void;
  now?: () => Date;
  /** Delays before each retry of a failed delivery. */
  retryDelaysMs?: number[];
  defaultLeaseSeconds?: number;
  minLeaseSeconds?: number;
  maxLeaseSeconds?: number;
}

const META_KEY = 'websub:subscriptions';

/** Where this hub's WebSub hub endpoint answers, under its public URL. */
export const websubHubUrl = (config: { publicUrl: string }) => `${config.publicUrl}/websub`;

export class WebSubPublisher {
  private readonly book: SubscriptionBook<Subscription>;
  /** Changes announced while a round of deliveries is being prepared (undefined: none under way). */
  private queued: Item[] | undefined;
  /** The ETag of each topic's feed as last delivered. */
  private readonly lastEtag = new Map<string, string>();
  private readonly work: BackgroundWork;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private readonly retryDelaysMs: number[];
  readonly leases: { default: number; min: number; max: number };
  private readonly unlisten: () => void;
  /** Subscriptions whose verification is under way (key → topic URL): they count toward the caps. */
  private readonly verifying = new Map<string, string>();
  readonly caps: { total: number; perTopic: number };

  constructor(
    private readonly hub: Hub,
    options: PublisherOptions = {},
  ) {
    this.log = options.log ?? (() => {});
    this.work = new BackgroundWork(this.log, 'websub');
    this.book = new SubscriptionBook<Subscription>(hub.store, META_KEY, (s) => this.key(s.callback, s.topic));
    this.now = options.now ?? (() => new Date());
    this.retryDelaysMs = options.retryDelaysMs ?? [5_000, 60_000, 600_000];
    this.leases = { default: options.defaultLeaseSeconds ?? 10 * 86400, min: options.minLeaseSeconds ?? 300, max: options.maxLeaseSeconds ?? 30 * 86400 };
    this.caps = {
      total: hub.config.websubMaxSubscriptions ?? DEFAULTS.websubMaxSubscriptions,
      perTopic: hub.config.websubMaxPerTopic ?? DEFAULTS.websubMaxPerTopic,
    };
    // only items this instance stored: with several instances on one Redis, the one that stored an
    // item delivers it, once, instead of every instance that hears of it
    this.unlisten = hub.announcer.onOwnItems(({ created, updated }) => this.changed([...created, ...updated]));
  }

  /** The hub endpoint URL feeds advertise with rel="hub". */
  get url(): string {
    return websubHubUrl(this.hub.config);
  }

  private key = (callback: string, topic: string) => `${topic}\n${callback}`;

  /** Subscriptions are re-read each time: another instance sharing the store may have taken some. */
  private load(): Promise<void> {
    return this.book.reload();
  }

  private save(): Promise<void> {
    return this.book.save();
  }

  /** Live subscriptions; those whose lease ran out without a renewal are dropped (§5.1: they end). */
  async list(): Promise<Subscription[]> {
    await this.load();
    const now = this.now().getTime();
    const expired = [...this.book.entries].filter(([, s]) => Date.parse(s.expiresAt) <= now);
    if (expired.length) {
      for (const [key] of expired) this.book.entries.delete(key);
      await this.save();
    }
    return [...this.book.entries.values()];
  }

  /**
   * Checks a request (§5.1) and starts verifying it; the caller answers 202. Throws a HubError
   * naming the field for a request the hub refuses outright, and WEBSUB.TOO_MANY_SUBSCRIPTIONS for
   * a new subscription beyond the caps (then no verification request is sent).
   */
  async request(req: SubscriptionRequest): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    let callback: URL | undefined;
    try {
      callback = new URL(req.callback);
      if (!/^https?:$/.test(callback.protocol)) errors.push({ field: 'hub.callback', message: 'must be an http(s) URL' });
    } catch {
      errors.push({ field: 'hub.callback', message: 'is not a URL' });
    }
    if (req.secret !== undefined && (Buffer.byteLength(req.secret) >= 200 || !req.secret))
      errors.push({ field: 'hub.secret', message: 'must be 1 to 199 bytes (WebSub §5.1)' });
    if (errors.length)
      throw new HubError('WEBSUB.INVALID_REQUEST', `The subscription request is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
        errors,
      });
    const topic = parseTopic(this.hub, req.topic);
    const lease = Math.min(this.leases.max, Math.max(this.leases.min, req.leaseSeconds ?? this.leases.default));
    const key = this.key(req.callback, topic.url);
    if (req.mode === 'subscribe') {
      await this.list();
      const over = this.overCap(key, topic.url);
      if (over) throw over;
    }
    this.verifying.set(key, topic.url);
    this.work.track(this.verify(req, topic, lease).finally(() => this.verifying.delete(key)));
  }

  /** The refusal of a new subscription beyond the caps (a renewal is never refused), counting those being verified. */
  private overCap(key: string, topicUrl: string): HubError | undefined {
    if (this.book.entries.has(key) || this.verifying.has(key)) return undefined;
    // each subscription once, held or being verified (a renewal is both)
    const topics = new Map([...[...this.book.entries].map(([k, s]) => [k, s.topic] as const), ...this.verifying]);
    if (topics.size >= this.caps.total)
      return new HubError('WEBSUB.TOO_MANY_SUBSCRIPTIONS', `This hub holds its most subscriptions (${this.caps.total}); unsubscribe others first`);
    const onTopic = [...topics.values()].filter((t) => t === topicUrl).length;
    if (onTopic >= this.caps.perTopic)
      return new HubError(
        'WEBSUB.TOO_MANY_SUBSCRIPTIONS',
        `The topic ${topicUrl} has its most subscriptions (${this.caps.perTopic}); unsubscribe others first`,
      );
    return undefined;
  }

  /** §5.3: the callback must echo the challenge with a 2xx, or the request has no effect. */
  private async verify(req: SubscriptionRequest, topic: Topic, lease: number): Promise<void> {
    const challenge = randomBytes(24).toString('base64url');
    const url = new URL(req.callback);
    url.searchParams.append('hub.mode', req.mode);
    url.searchParams.append('hub.topic', topic.url);
    url.searchParams.append('hub.challenge', challenge);
    if (req.mode === 'subscribe') url.searchParams.append('hub.lease_seconds', String(lease));
    let ok = false;
    try {
      const answer = await ping(this.hub.config, url.href, { method: 'GET' });
      ok = answer.status >= 200 && answer.status < 300 && answer.body === challenge;
      if (!ok) this.log(`websub: ${req.callback} did not confirm ${req.mode} of ${topic.url} (HTTP ${answer.status})`);
    } catch (e) {
      this.log(`websub: could not verify ${req.callback}: ${(e as Error).message}`);
    }
    if (!ok || this.closed) return;
    // read again just before the change, so a subscription another instance saved meanwhile stays
    await this.load();
    const key = this.key(req.callback, topic.url);
    if (req.mode === 'unsubscribe') this.book.entries.delete(key);
    else if (!this.book.entries.has(key) && this.countsOver(topic.url)) {
      // another instance filled the caps while this one verified
      this.log(`websub: not keeping the subscription of ${JSON.stringify(req.callback)} to ${topic.url}: the hub holds its most subscriptions`);
      return;
    } else {
      const now = this.now();
      // re-subscribing renews the lease; without a new secret the old one is dropped (§5.1)
      this.book.entries.set(key, {
        callback: req.callback,
        topic: topic.url,
        ...(req.secret ? { secret: req.secret } : {}),
        leaseSeconds: lease,
        verifiedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + lease * 1000).toISOString(),
      });
    }
    await this.save();
  }

  /** Whether the stored subscriptions alone already fill a cap. */
  private countsOver(topicUrl: string): boolean {
    const entries = [...this.book.entries.values()];
    return entries.length >= this.caps.total || entries.filter((s) => s.topic === topicUrl).length >= this.caps.perTopic;
  }

  /**
   * §7: a topic whose feed now lists a changed item, or whose feed changed since its last delivery
   * (an item withdrawn leaves it), goes to each of its subscribers.
   */
  private changed(items: Item[]): void {
    // while one round of deliveries is being prepared, later changes wait and go out together in
    // the next: a burst of polls makes a few deliveries per subscriber, not one per poll
    if (this.queued) {
      this.queued.push(...items);
      return;
    }
    this.queued = [];
    const round = async (batch: Item[]): Promise<void> => {
      await this.distribute(batch).catch((e) => this.log(`websub: ${(e as Error).message}`));
      const next = this.queued ?? [];
      if (next.length && !this.closed) {
        this.queued = [];
        return round(next);
      }
      this.queued = undefined;
    };
    this.work.track(round(items));
  }

  private async distribute(items: Item[]): Promise<void> {
    const live = await this.list();
    if (!live.length) return;
    const byTopic = new Map<string, Subscription[]>();
    for (const s of live) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
    for (const [topicUrl, subscribers] of byTopic) {
      let topic: Topic;
      try {
        topic = parseTopic(this.hub, topicUrl);
      } catch {
        continue;
      }
      let feed: RenderedFeed;
      try {
        feed = await this.hub.feed(topic.format, topic.filter, topic.selection);
      } catch (e) {
        this.log(`websub: cannot render ${topicUrl}: ${(e as Error).message}`);
        continue;
      }
      const last = this.lastEtag.get(topicUrl);
      const lists = items.some((i) => feed.body.includes(itemUri(this.hub.config.publicUrl, i)));
      if (!lists && (last === undefined || last === feed.etag)) continue;
      this.lastEtag.set(topicUrl, feed.etag);
      for (const s of subscribers) this.work.track(this.deliver(s, feed.body, feed.contentType, 0));
    }
  }

  private async deliver(s: Subscription, body: string, contentType: string, attempt: number): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': contentType,
      // §7: the Link headers name the hub and the topic
      link: `<${this.url}>; rel="hub", <${s.topic}>; rel="self"`,
    };
    if (s.secret) headers['x-hub-signature'] = headers['x-hub-signature-256'] = sign(s.secret, body);
    let status = 0;
    try {
      status = (await ping(this.hub.config, s.callback, { method: 'POST', headers, body })).status;
    } catch (e) {
      this.log(`websub: delivery to ${s.callback} failed: ${(e as Error).message}`);
    }
    if (status >= 200 && status < 300) return;
    if (status === 410) {
      // the subscriber says it is gone for good
      await this.load();
      this.book.entries.delete(this.key(s.callback, s.topic));
      await this.save();
      return;
    }
    const delay = this.retryDelaysMs[attempt];
    if (delay === undefined || this.closed) {
      this.log(`websub: giving up delivery to ${s.callback} after ${attempt + 1} attempts (last HTTP ${status || 'no answer'})`);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.work.track(this.deliver(s, body, contentType, attempt + 1));
    }, delay);
    this.timers.add(timer);
  }

  /** Resolves once the work under way is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.work.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unlisten();
    for (const t of this.timers) clearTimeout(t);
    await this.idle();
    await this.book.flushed();
  }
}
