/**
 * The hub as a WebSub subscriber of its sources: when a polled feed advertises a hub, subscribe to
 * it (§5.1) with a callback of our own and a secret, confirm the hub's verification (§5.3), renew
 * before the lease ends, and run pushed content (§7) through the same pipeline as a poll, at once.
 * Polling continues, slower, as the safety net. Pushed bodies must carry a valid signature (§8).
 */
import { randomBytes } from 'node:crypto';
import type { Hub } from '../hub.ts';
import { BackgroundWork } from '../background.ts';
import { SubscriptionBook } from './book.ts';
import type { Source } from '../model.ts';
import type { Fetched } from '../pipeline/fetch.ts';
import { discoverHub } from './discover.ts';
import { verifySignature } from './signature.ts';
import { ping } from '../pipeline/ping.ts';
import { isHubError } from '../errors.ts';

/** A hub may move (301/307/308): followed, each hop checked against the address policy like any fetch. */
const MAX_HUB_REDIRECTS = 5;

export interface InboundSubscription {
  sourceId: string;
  hub: string;
  topic: string;
  token: string;
  secret: string;
  /** `unsubscribing`: the source is gone or paused and the hub was asked to stop (§5.1, hub.mode=unsubscribe). */
  state: 'requested' | 'active' | 'denied' | 'failed' | 'unsubscribing';
  requestedAt: string;
  leaseSeconds?: number;
  expiresAt?: string;
  reason?: string;
  /** The catalogued code of a failed request (FETCH.PRIVATE_ADDRESS when the hub named a private address). */
  code?: string;
  /** The feed moved to another hub or topic: this older subscription is being ended beside the new one. */
  superseded?: boolean;
}

/** A source's current subscription is kept under its id; one being ended after a move, under id and token. */
const entryKey = (s: Pick<InboundSubscription, 'sourceId' | 'token' | 'superseded'>) => (s.superseded ? `${s.sourceId} ${s.token}` : s.sourceId);

export interface VerificationQuery {
  mode?: string;
  topic?: string;
  challenge?: string;
  leaseSeconds?: number;
  reason?: string;
}

export interface SubscriberOptions {
  log?: (line: string) => void;
  now?: () => Date;
  leaseSeconds?: number;
  /** How long after a failed or denied request to try again. */
  retryAfterMs?: number;
  /** How often leases are checked for renewal. */
  checkEveryMs?: number;
}

const META_KEY = 'websub:inbound';

export class WebSubSubscriber {
  private readonly book: SubscriptionBook<InboundSubscription>;
  private readonly work: BackgroundWork;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private readonly leaseSeconds: number;
  private readonly retryAfterMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hub: Hub,
    options: SubscriberOptions = {},
  ) {
    this.log = options.log ?? (() => {});
    this.work = new BackgroundWork(this.log, 'websub');
    this.book = new SubscriptionBook<InboundSubscription>(hub.store, META_KEY, entryKey);
    this.now = options.now ?? (() => new Date());
    this.leaseSeconds = options.leaseSeconds ?? 7 * 86400;
    this.retryAfterMs = options.retryAfterMs ?? 3600_000;
    this.timer = setInterval(() => this.work.track(this.renewDue()), options.checkEveryMs ?? 600_000);
    this.timer.unref();
  }

  private load(): Promise<void> {
    return this.book.open();
  }

  /**
   * Re-reads the subscriptions: with several instances on one store, the one that subscribed may
   * not be the one the hub calls back, nor the next one to poll the source.
   */
  private reload(): Promise<void> {
    return this.book.reload();
  }

  private save(): Promise<void> {
    return this.book.save();
  }

  async get(sourceId: string): Promise<InboundSubscription | undefined> {
    await this.load();
    return this.book.entries.get(sourceId);
  }

  /** True while a source's content arrives by push, so polling may slow down. */
  isPushed(sourceId: string): boolean {
    const s = this.book.entries.get(sourceId);
    return !!s && s.state === 'active' && !!s.expiresAt && s.expiresAt > this.now().toISOString();
  }

  /** After a poll: subscribe when the feed advertises a hub we are not subscribed to. */
  polled(source: Source, fetched: Fetched, channel?: { websubHub?: string; selfUrl?: string }): void {
    const found = discoverHub(fetched, channel);
    if (found) this.work.track(this.ensure(source, found.hub, found.self));
  }

  private async ensure(source: Source, hubUrl: string, topic: string): Promise<void> {
    await this.reload();
    const s = this.book.entries.get(source.id);
    const now = this.now().getTime();
    const same = s && s.hub === hubUrl && s.topic === topic;
    if (same && s.state === 'active' && !this.renewalDue(s)) return;
    if (same && s.state === 'requested' && now - Date.parse(s.requestedAt) < 60_000) return;
    if (same && (s.state === 'denied' || s.state === 'failed') && now - Date.parse(s.requestedAt) < this.retryAfterMs) return;
    // the feed now names another hub (or topic): end the old subscription, not let its lease run out
    if (s && !same && (s.state === 'active' || s.state === 'unsubscribing')) {
      const old: InboundSubscription = { ...s, superseded: true };
      this.book.entries.set(entryKey(old), old);
      this.book.entries.delete(source.id);
      if (s.state === 'active') await this.leave(old, 'its feed now names another hub');
    }
    await this.subscribe(source.id, hubUrl, topic, same ? s : undefined);
  }

  private renewalDue(s: InboundSubscription): boolean {
    if (!s.expiresAt || !s.leaseSeconds) return true;
    // renew when less than a tenth of the lease (at most a day) is left
    return Date.parse(s.expiresAt) - this.now().getTime() < Math.min(86400, s.leaseSeconds / 10) * 1000;
  }

  private async subscribe(sourceId: string, hubUrl: string, topic: string, previous?: InboundSubscription): Promise<void> {
    const sub: InboundSubscription = {
      sourceId,
      hub: hubUrl,
      topic,
      // a renewal keeps its callback and secret, so pushes keep verifying while the hub re-checks
      token: previous?.token ?? randomBytes(16).toString('hex'),
      secret: previous?.secret ?? randomBytes(32).toString('base64url'),
      state: previous?.state === 'active' ? 'active' : 'requested',
      requestedAt: this.now().toISOString(),
      ...(previous?.state === 'active' ? { leaseSeconds: previous.leaseSeconds, expiresAt: previous.expiresAt } : {}),
    };
    this.book.entries.set(sourceId, sub);
    await this.save();
    const form = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': this.callbackUrl(sub),
      'hub.lease_seconds': String(this.leaseSeconds),
      'hub.secret': sub.secret,
    });
    try {
      const res = await this.post(hubUrl, form);
      if (res.status >= 300) throw new Error(`the hub answered HTTP ${res.status}`);
      this.log(`websub: asked ${hubUrl} for pushes of ${topic} (source ${sourceId})`);
    } catch (e) {
      Object.assign(sub, {
        state: sub.state === 'active' ? 'active' : 'failed',
        reason: (e as Error).message,
        ...(isHubError(e) ? { code: e.code } : {}),
      });
      this.log(`websub: subscribing source ${sourceId} at ${hubUrl} failed: ${(e as Error).message}`);
      await this.save();
    }
  }

  /** A subscription request through the hub's guarded client: the address policy on every hop, the fetch timeout. */
  private post(hubUrl: string, form: URLSearchParams) {
    return ping(this.hub.config, hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirects: MAX_HUB_REDIRECTS,
    });
  }

  callbackUrl(sub: Pick<InboundSubscription, 'sourceId' | 'token'>): string {
    return `${this.hub.config.publicUrl}/websub/callback/${encodeURIComponent(sub.sourceId)}/${sub.token}`;
  }

  /**
   * §5.3 verification (and §5.2 denial) sent to our callback. Returns the challenge to echo, or
   * undefined when we did not ask for this (the route answers 404).
   */
  async verify(sourceId: string, token: string, q: VerificationQuery): Promise<string | undefined> {
    await this.reload();
    const s = [this.book.entries.get(sourceId), this.book.entries.get(`${sourceId} ${token}`)].find((e) => e?.token === token);
    if (!s || q.topic !== s.topic) return undefined;
    if (q.mode === 'denied') {
      Object.assign(s, { state: 'denied', reason: q.reason ?? 'denied by the hub' });
      await this.save();
      this.log(`websub: ${s.hub} denied the subscription of source ${sourceId}: ${s.reason}`);
      return '';
    }
    if (q.mode === 'unsubscribe') {
      // only an unsubscription we asked for is confirmed (§5.3: anyone could ask the hub for one)
      if (s.state !== 'unsubscribing' || !q.challenge) return undefined;
      this.book.entries.delete(entryKey(s));
      await this.save();
      this.log(`websub: ${s.hub} confirmed the end of pushes of ${s.topic} (source ${sourceId})`);
      return q.challenge;
    }
    if (q.mode !== 'subscribe' || !q.challenge || s.state === 'unsubscribing') return undefined;
    const lease = q.leaseSeconds && q.leaseSeconds > 0 ? q.leaseSeconds : this.leaseSeconds;
    Object.assign(s, { state: 'active', leaseSeconds: lease, expiresAt: new Date(this.now().getTime() + lease * 1000).toISOString() });
    delete s.reason;
    delete s.code;
    await this.save();
    return q.challenge;
  }

  /** Whether a callback names a subscription as this instance last read them (no store read after the first). */
  async holds(sourceId: string, token: string): Promise<boolean> {
    await this.load();
    return [this.book.entries.get(sourceId), this.book.entries.get(`${sourceId} ${token}`)].some((e) => e?.token === token);
  }

  /** Whether a callback belongs to a live (active) subscription: checked before a push's body is read. */
  async isLive(sourceId: string, token: string): Promise<boolean> {
    return (await this.live(sourceId, token)) !== undefined;
  }

  private async live(sourceId: string, token: string): Promise<InboundSubscription | undefined> {
    await this.load();
    let s = this.book.entries.get(sourceId);
    if (!s || s.token !== token || s.state !== 'active') {
      // another instance may have subscribed, or seen the verification
      await this.reload();
      s = this.book.entries.get(sourceId);
    }
    return s && s.token === token && s.state === 'active' ? s : undefined;
  }

  /**
   * §7 content distribution: a valid signature, then the pipeline, in the background so the hub
   * gets its 2xx at once. Returns false when the delivery is not for a live subscription of ours.
   */
  async receive(sourceId: string, token: string, body: Buffer, headers: Record<string, string>): Promise<boolean> {
    const s = await this.live(sourceId, token);
    if (!s) return false;
    // §8: a body without a valid signature is acknowledged but ignored
    if (!verifySignature(s.secret, body, headers['x-hub-signature-256'] ?? headers['x-hub-signature'])) {
      this.log(`websub: ignored a push for source ${sourceId} with a missing or wrong signature`);
      return true;
    }
    if (!(await this.hub.store.getSource(sourceId))) return false;
    const fetched: Fetched = {
      url: s.topic,
      finalUrl: s.topic,
      status: 200,
      notModified: false,
      headers: { 'content-type': headers['content-type'] ?? '' },
      body,
    };
    // pushed content may be a partial feed: it is ingested, never used to decide what was removed
    this.work.track(this.hub.ingestPushed(sourceId, fetched));
    return true;
  }

  /**
   * Renews leases that are about to end; for a source removed or paused, asks its hub to stop
   * pushing rather than letting the lease run out (and the hub push into a void until then).
   */
  async renewDue(): Promise<void> {
    await this.reload();
    for (const s of [...this.book.entries.values()]) {
      const source = await this.hub.store.getSource(s.sourceId);
      if (!source || source.paused || s.superseded)
        await this.leave(s, source ? (s.superseded ? 'its feed now names another hub' : 'the source is paused') : 'the source is removed');
      else if (s.state === 'active' && this.renewalDue(s)) await this.subscribe(s.sourceId, s.hub, s.topic, s);
    }
  }

  /** Ends a subscription: an active one by asking its hub (confirmed in verify), any other at once. */
  private async leave(s: InboundSubscription, why: string): Promise<void> {
    const asked = s.state === 'unsubscribing' && this.now().getTime() - Date.parse(s.requestedAt) < 86400_000;
    if (asked) return;
    if (s.state !== 'active') {
      // nothing pushes to it (or the hub never confirmed our unsubscription within a day: its lease has run out)
      this.book.entries.delete(entryKey(s));
      await this.save();
      return;
    }
    Object.assign(s, { state: 'unsubscribing', requestedAt: this.now().toISOString() });
    await this.save();
    const form = new URLSearchParams({ 'hub.mode': 'unsubscribe', 'hub.topic': s.topic, 'hub.callback': this.callbackUrl(s) });
    try {
      const res = await this.post(s.hub, form);
      if (res.status >= 300) throw new Error(`the hub answered HTTP ${res.status}`);
      this.log(`websub: asked ${s.hub} to stop pushes of ${s.topic} (source ${s.sourceId}: ${why})`);
    } catch (e) {
      // the lease runs out on its own; pushes meanwhile find no subscription and get a 404
      this.log(`websub: unsubscribing source ${s.sourceId} at ${s.hub} failed: ${(e as Error).message}`);
      this.book.entries.delete(entryKey(s));
      await this.save();
    }
  }

  /** Resolves once the work under way is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.work.idle();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    await this.book.flushed();
  }
}
