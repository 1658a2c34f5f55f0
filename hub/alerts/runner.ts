/**
 * Alerts: a source that turns failing or disabled, recovers or shows layout drift, a portal that
 * has been silent longer than its level's norm, and a webhook marked failing reach a person by
 * e-mail. What changed is decided by the same rule as webhooks (transitions.ts); who is mailed by
 * the portal's alertEmails, inherited down the directory (recipients.ts).
 *
 * Each alert becomes one mail per address, with an id made from the alert (source, transition and
 * the time of the refresh that made it) and the address: written to the outbox in the store before
 * it is sent, never queued twice, retried while the SMTP server does not take it. Past
 * alertDigestAfter mails to one address within one digest window, the rest are folded and sent as
 * one digest when the window ends. A muted source sends no mail (its webhook events still go).
 * The silence check and the digests run in one instance at a time (a lease); each outbox mail is
 * sent under a lease of its own.
 */
import type { Hub } from '../hub.ts';
import type { Portal, Source } from '../model.ts';
import { DEFAULTS } from '../config.ts';
import { BackgroundWork } from '../background.ts';
import type { StoredWebhook } from '../webhooks/registry.ts';
import { sourceTransitions } from './transitions.ts';
import { alertRecipients } from './recipients.ts';
import { silenceOf, silentNorms, type Silence } from './silence.ts';
import { digestMail, silenceMail, sourceAlertMail, webhookFailingMail } from './messages.ts';
import type { Mailer } from './mailer.ts';
import type { Composed, OutboxMail } from './model.ts';
import {
  fold,
  known,
  mailId,
  markSent,
  OUTBOX_MAP,
  pruneSent,
  putOutbox,
  readFolded,
  readOutbox,
  readWindow,
  SILENT_MAP,
  WINDOWS_MAP,
  FOLDED_MAP,
  writeWindow,
} from './outbox.ts';

export interface AlertRunnerOptions {
  log?: (line: string) => void;
  /** A named lease shared by the deployment's instances (the due queue's tryLease); true when taken. */
  lease: (name: string, ttlMs: number) => Promise<boolean>;
  /** How e-mail leaves (hub/alerts/mailer.ts); none: alerts are webhook events only. */
  mailer?: Mailer;
  /** A portal turned silent: its portal.silent webhook event (the webhook runner's portalEvent). */
  onSilent?: (portal: Portal, silence: Silence) => Promise<void>;
  /** How often the outbox and the digest windows are looked at (ms). */
  scanMs?: number;
}

/** Sent ids are remembered this long (a restart or another instance does not send them again). */
const SENT_KEPT_MS = 30 * 86_400_000;

export class AlertRunner {
  private readonly work: BackgroundWork;
  private readonly log: (line: string) => void;
  private readonly delays: number[];
  private readonly retryWindowMs: number;
  private readonly digestAfter: number;
  private readonly digestWindowMs: number;
  private readonly silenceEveryMs: number;
  private readonly scanMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private nextSend: NodeJS.Timeout | undefined;
  private readonly unlisten: (() => void)[] = [];
  private closed = false;
  private saidMailOff = false;
  /** One pass over the outbox at a time; another asked for meanwhile runs after it. */
  private sending: Promise<void> | undefined;
  private sendAgain = false;
  /** Alerts being queued, in order (so close() and tests can wait for them). */
  private queuing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hub: Hub,
    private readonly options: AlertRunnerOptions,
  ) {
    const c = hub.config;
    this.log = options.log ?? (() => {});
    this.work = new BackgroundWork(this.log, 'alerts');
    this.delays = [...(c.alertRetryDelaysMs ?? DEFAULTS.alertRetryDelaysMs)];
    this.retryWindowMs = c.alertRetryWindowMs ?? DEFAULTS.alertRetryWindowMs;
    this.digestAfter = c.alertDigestAfter ?? DEFAULTS.alertDigestAfter;
    this.digestWindowMs = c.alertDigestWindowMs ?? DEFAULTS.alertDigestWindowMs;
    this.silenceEveryMs = c.silenceCheckMs ?? DEFAULTS.silenceCheckMs;
    this.scanMs = options.scanMs ?? Math.min(30_000, Math.max(1_000, this.delays[0]));
    this.unlisten.push(hub.onSourceChange((before, after) => this.track(this.sourceChanged(before, after))));
  }

  /** Sends what an earlier run left in the outbox, then looks at it, the digests and the silences periodically. */
  async start(): Promise<void> {
    const every = (ms: number, f: () => Promise<unknown>) => {
      const t = setInterval(() => this.work.track(f()), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.scanMs, () => this.tick());
    every(this.silenceEveryMs, () => this.checkSilence());
    this.work.track(this.tick());
    this.work.track(this.checkSilence());
  }

  private track(p: Promise<unknown>): void {
    const next = this.queuing.then(() => p).catch((e) => this.log(`alerts: ${(e as Error).message}`));
    this.queuing = next;
    this.work.track(next);
  }

  // --- what is alerted

  private async sourceChanged(before: Source, after: Source): Promise<void> {
    const transitions = sourceTransitions(before, after);
    if (!transitions.length) return;
    const directory = await this.hub.directory();
    const portal = directory.get(after.portalId);
    const at = after.health.lastFetchedAt ?? new Date().toISOString();
    for (const kind of transitions) {
      if (after.alertsMuted) {
        this.hub.metrics.alert(kind, 'email', 'muted');
        continue;
      }
      const mail = sourceAlertMail({ kind, portal, source: after }, this.hub.config.publicUrl);
      await this.queue(kind, `${kind}|${after.id}|${at}`, alertRecipients(directory, after.portalId, this.hub.config.alertEmails), mail);
    }
  }

  /** A webhook was marked failing: its owner is told (an operator's portal's recipients, else the admins'). */
  webhookFailing(webhook: StoredWebhook, reason: string): void {
    this.track(
      (async () => {
        const mail = webhookFailingMail(webhook, reason, this.hub.config.publicUrl);
        await this.queue('webhook.failing', `webhook.failing|${webhook.id}|${webhook.failingSince ?? ''}`, await this.ownerRecipients(webhook), mail);
      })(),
    );
  }

  private async ownerRecipients(webhook: StoredWebhook): Promise<string[]> {
    const admins = this.hub.config.alertEmails ?? [];
    const key = await this.hub.keys.get(webhook.createdBy ?? '').catch(() => undefined);
    if (!key || key.role === 'admin' || !key.portalId) return admins;
    const own = alertRecipients(await this.hub.directory(), key.portalId, admins);
    return own.length ? own : admins;
  }

  /**
   * Looks for portals silent longer than their level's norm (one instance at a time): a portal
   * turning silent is alerted once (mail and portal.silent), remembered until it publishes again.
   * Says how many portals turned silent.
   */
  async checkSilence(): Promise<number> {
    if (this.closed || !(await this.options.lease('alerts-silence', this.silenceEveryMs * 2))) return 0;
    const { store } = this.hub;
    const directory = await this.hub.directory();
    const sources = await store.listSources();
    const norms = silentNorms(this.hub.config);
    const episodes = await store.getMetaEntries(SILENT_MAP);
    const now = Date.now();
    let turned = 0;
    for (const portal of directory.all()) {
      const silence = await silenceOf(store, portal, sources, norms, now);
      if (!silence) {
        // it published again (or nothing is expected of it now): the episode is over
        if (episodes.has(portal.id)) await store.setMetaEntry(SILENT_MAP, portal.id, undefined);
        continue;
      }
      const episode = episodes.get(portal.id);
      if (episode && (JSON.parse(episode) as Silence).since === silence.since) continue;
      await store.setMetaEntry(SILENT_MAP, portal.id, JSON.stringify(silence));
      turned++;
      this.log(`alerts: ${portal.id} silent since ${silence.since} (norm ${silence.days} days)`);
      if (this.options.onSilent) {
        await this.options.onSilent(portal, silence);
        this.hub.metrics.alert('portal.silent', 'webhook', 'queued');
      }
      const mail = silenceMail(portal, silence, this.hub.config.publicUrl);
      await this.queue(
        'portal.silent',
        `portal.silent|${portal.id}|${silence.since}`,
        alertRecipients(directory, portal.id, this.hub.config.alertEmails),
        mail,
      );
    }
    return turned;
  }

  // --- the outbox

  /** Queues one alert to each address (once: a known id is skipped), or folds it into the address's digest. */
  private async queue(kind: string, key: string, recipients: string[], mail: Composed): Promise<void> {
    if (!this.options.mailer) {
      if (!this.saidMailOff) this.log('alerts: e-mail is off (HUB_SMTP_URL is not set); alerts are webhook events only');
      this.saidMailOff = true;
      this.hub.metrics.alert(kind, 'email', 'mail_off');
      return;
    }
    if (!recipients.length) {
      this.hub.metrics.alert(kind, 'email', 'no_recipients');
      this.log(`alerts: nobody to mail about ${key} (no alertEmails on the portal or above it, and no HUB_ALERT_EMAILS)`);
      return;
    }
    const { store } = this.hub;
    let queued = false;
    for (const to of recipients) {
      const id = mailId(key, to);
      if (await known(store, id)) continue;
      const now = Date.now();
      const current = await readWindow(store, to);
      const window = current && now < current.start + this.digestWindowMs ? current : { start: now, sent: 0 };
      if (window.sent >= this.digestAfter) {
        await fold(store, to, id, mail, now);
        await markSent(store, id, now);
        this.hub.metrics.alert(kind, 'email', 'digested');
        continue;
      }
      await writeWindow(store, to, { ...window, sent: window.sent + 1 });
      await putOutbox(store, { id, kind, to, subject: mail.subject, text: mail.text, createdAt: now, attempts: 0, dueAt: now });
      queued = true;
    }
    if (queued) this.send();
  }

  /** Sends the folded mails of each address whose digest window ended, as one digest (one instance at a time). */
  private async flushDigests(): Promise<void> {
    if (!(await this.options.lease('alerts-digest', this.scanMs * 3))) return;
    const { store } = this.hub;
    const now = Date.now();
    const folded = await readFolded(store);
    let queued = false;
    for (const [to, json] of await store.getMetaEntries(WINDOWS_MAP)) {
      const window = JSON.parse(json) as { start: number };
      if (now < window.start + this.digestWindowMs) continue;
      const mails = folded.get(to) ?? [];
      if (mails.length) {
        const digest = digestMail(mails.map((m) => m.mail));
        const id = mailId(`digest|${window.start}`, to);
        await putOutbox(store, { id, kind: 'digest', to, subject: digest.subject, text: digest.text, createdAt: now, attempts: 0, dueAt: now });
        for (const m of mails) await store.setMetaEntry(FOLDED_MAP, m.key, undefined);
        queued = true;
      }
      await writeWindow(store, to, undefined);
    }
    if (queued) this.send();
  }

  /** Digests whose window ended, the outbox, and old sent ids. */
  async tick(): Promise<void> {
    if (this.closed) return;
    await this.flushDigests();
    await pruneSent(this.hub.store, Date.now() - SENT_KEPT_MS);
    this.send();
  }

  /** Starts a pass over the outbox (or asks for another after the one under way). */
  private send(): void {
    if (this.closed || !this.options.mailer) return;
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.sending = this.sendDue().finally(() => {
      this.sending = undefined;
      if (this.sendAgain) {
        this.sendAgain = false;
        this.send();
      }
    });
    this.work.track(this.sending);
  }

  private async sendDue(): Promise<void> {
    const outbox = await readOutbox(this.hub.store);
    let next = Infinity;
    for (const mail of [...outbox.values()].sort((a, b) => a.createdAt - b.createdAt)) {
      if (this.closed) return;
      if (mail.dueAt > Date.now()) {
        next = Math.min(next, mail.dueAt);
        continue;
      }
      const retryAt = await this.attempt(mail);
      if (retryAt !== undefined) next = Math.min(next, retryAt);
    }
    if (this.nextSend) clearTimeout(this.nextSend);
    this.nextSend = undefined;
    if (next < Infinity && !this.closed) {
      this.nextSend = setTimeout(() => this.send(), Math.max(0, next - Date.now()));
      this.nextSend.unref();
    }
  }

  /** One attempt at one mail, under its lease; the time of its retry when it failed. */
  private async attempt(mail: OutboxMail): Promise<number | undefined> {
    const { store } = this.hub;
    if (!(await this.options.lease(`alert-mail:${mail.id}`, 120_000))) return undefined;
    // as stored now: another instance may have sent it or moved its retry
    const json = (await store.getMetaEntries(OUTBOX_MAP)).get(mail.id);
    if (!json) return undefined;
    const current = JSON.parse(json) as OutboxMail;
    if (current.dueAt > Date.now()) return current.dueAt;
    try {
      await this.options.mailer!.send({ to: current.to, subject: current.subject, text: current.text });
    } catch (e) {
      const attempts = current.attempts + 1;
      const dueAt = Date.now() + this.delays[Math.min(attempts - 1, this.delays.length - 1)];
      if (dueAt - current.createdAt > this.retryWindowMs) {
        await store.setMetaEntry(OUTBOX_MAP, current.id, undefined);
        this.hub.metrics.alert(current.kind, 'email', 'given_up');
        this.log(`alerts: gave up mailing ${current.to} (${current.kind}) after ${attempts} attempts: ${(e as Error).message}`);
        return undefined;
      }
      await putOutbox(store, { ...current, attempts, dueAt });
      this.hub.metrics.alert(current.kind, 'email', 'failed');
      this.log(`alerts: mail to ${current.to} (${current.kind}) not sent, retried at ${new Date(dueAt).toISOString()}: ${(e as Error).message}`);
      return dueAt;
    }
    await markSent(store, current.id, Date.now());
    await store.setMetaEntry(OUTBOX_MAP, current.id, undefined);
    this.hub.metrics.alert(current.kind, 'email', 'sent');
    return undefined;
  }

  /** Mails waiting in the outbox (tests). */
  async backlog(): Promise<number> {
    return (await this.hub.store.getMetaEntries(OUTBOX_MAP)).size;
  }

  /** Resolves once the work under way is done (not the retries waiting for their time). */
  async idle(): Promise<void> {
    await this.queuing;
    await this.work.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const u of this.unlisten) u();
    for (const t of this.timers) clearInterval(t);
    if (this.nextSend) clearTimeout(this.nextSend);
    await this.idle();
    this.options.mailer?.close();
  }
}
