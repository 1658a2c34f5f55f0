/**
 * Alerts reach a person by e-mail (a real SMTP server on loopback) and an integrator by webhook
 * (a real receiver) within the refresh that changed the source: inherited recipients, one mail per
 * state change, mute, portal silence, a webhook that never answers, SMTP down then up, digests.
 */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss, type FeedEntry } from '../../support/portal-feed.ts';
import { freePort } from '../../support/redis.ts';
import { post, startReceiver, type Receiver } from '../webhooks/fixture.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';
import { SILENT_MAP } from '../../../hub/alerts/outbox.ts';
import type { HubConfig } from '../../../hub/config.ts';

const PROVINCE_MAIL = 'canhbao@tinh-a.gov.vn';
const DAY_MS = 86_400_000;

interface World {
  hub: TestHub;
  portal: TestServer;
  feed: FeedEntry[];
  /** The status the feed answers (200 serves the entries). */
  status: { code: number };
  sourceId: string;
  refresh(): Promise<void>;
}

/** A province with an alert address and a commune below it without one; the commune's source. */
async function world(overrides: Partial<HubConfig>, feedDates = [new Date()]): Promise<World> {
  const hub = await startTestHub(overrides);
  const portal = await startTestServer();
  const feed: FeedEntry[] = feedDates.map((d, i) => ({
    guid: `x-${i}`,
    title: `Tin xã A số ${i}`,
    link: `http://xa-a.gov.vn/tin/${i}.html`,
    date: d.toUTCString(),
  }));
  const status = { code: 200 };
  portal.route('/rss', (_req, res: ServerResponse) => {
    if (status.code !== 200) return void res.writeHead(status.code, { 'content-type': 'text/plain' }).end('lỗi máy chủ');
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss('Xã A', feed));
  });
  await post(hub, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province', alertEmails: [PROVINCE_MAIL] });
  await post(hub, '/api/v1/portals', { id: 'xa-a', name: 'Xã A', url: 'http://xa-a.gov.vn/', level: 'commune', parentId: 'tinh-a' });
  const source = await post(hub, '/api/v1/sources', { portalId: 'xa-a', url: `${portal.url}/rss` });
  return {
    hub,
    portal,
    feed,
    status,
    sourceId: source.id,
    async refresh() {
      await hub.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} });
    },
  };
}

describe('alerts: e-mail and webhooks', function () {
  this.timeout(20_000);
  let w: World | undefined;
  let smtp: TestSmtp | undefined;
  let receiver: Receiver | undefined;

  afterEach(async () => {
    await w?.hub.stop();
    await w?.portal.close();
    await smtp?.close();
    await receiver?.close();
    w = smtp = receiver = undefined;
  });

  it('a source that breaks reaches the (inherited) recipients by e-mail and the integrator by webhook within one refresh; once per state change; recovered once', async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
    w = await world({ smtpUrl: smtp.url, mailFrom: 'Cổng tin <hub@hub.test>' });
    await post(w.hub, '/api/v1/webhooks', { url: receiver.url, events: ['source.failing', 'source.recovered'] });
    await w.refresh(); // new → ok: nothing to tell
    w.status.code = 500;
    await w.refresh();
    await Promise.all([smtp.arrived(1), receiver.arrived(1)]);
    const [mail] = smtp.mails;
    expect(mail.to).to.deep.equal([PROVINCE_MAIL]);
    expect(mail.subject).to.include('Xã A').and.include(`${w.portal.url}/rss`).and.include('nguồn tin đang bị lỗi');
    expect(mail.text).to.include('Lý do: Máy chủ của cổng trả lời bằng mã lỗi HTTP 500');
    expect(mail.text).to.include(`/console/sources/${w.sourceId}`).and.include(`/api/v1/sources/${w.sourceId}`);
    expect(mail.text).to.include('— English —');
    expect(receiver.received[0].json.type).to.equal('source.failing');
    // failing again and again: the same state, no second mail
    await w.refresh();
    await w.refresh();
    w.status.code = 200;
    await w.refresh();
    await Promise.all([smtp.arrived(2), receiver.arrived(2)]);
    await w.hub.alerts.idle();
    // the next mail is the recovery: no repeat of the failing one came before it
    expect(smtp.mails.map((m) => m.subject.split(': ').at(-1))).to.deep.equal(['nguồn tin đang bị lỗi', 'nguồn tin đã hoạt động trở lại']);
    expect(receiver.received.map((r) => r.json.type)).to.deep.equal(['source.failing', 'source.recovered']);
    const metrics = await (await w.hub.api('/metrics')).text();
    expect(metrics).to.match(/hub_alerts_total\{kind="source.failing",channel="email",result="sent"\} 1/);
    expect(metrics).to.match(/hub_alerts_total\{kind="source.recovered",channel="email",result="sent"\} 1/);
  });

  it('a muted source sends no mail while its webhook event still goes', async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
    w = await world({ smtpUrl: smtp.url });
    await post(w.hub, '/api/v1/webhooks', { url: receiver.url, events: ['source.failing', 'source.recovered'] });
    await w.refresh();
    const muted = await w.hub.api(`/api/v1/sources/${w.sourceId}`, { method: 'PATCH', body: { alertsMuted: true } });
    expect(muted.status).to.equal(200);
    expect((await muted.json()).alertsMuted).to.equal(true);
    w.status.code = 500;
    await w.refresh();
    await receiver.arrived(1);
    await w.hub.alerts.idle();
    // unmuted, the recovery is mailed: the first and only mail, so the failing one was never sent
    await w.hub.api(`/api/v1/sources/${w.sourceId}`, { method: 'PATCH', body: { alertsMuted: false } });
    w.status.code = 200;
    await w.refresh();
    await smtp.arrived(1);
    await w.hub.alerts.idle();
    expect(smtp.mails).to.have.length(1);
    expect(smtp.mails[0].subject).to.include('hoạt động trở lại');
    expect(receiver.received.map((r) => r.json.type)).to.deep.equal(['source.failing', 'source.recovered']);
    expect(await (await w.hub.api('/metrics')).text()).to.match(/hub_alerts_total\{kind="source.failing",channel="email",result="muted"\} 1/);
  });

  it('a portal silent longer than its norm is mailed once and sent as portal.silent; the episode ends when it publishes', async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
    // the commune norm is 30 days by default; its newest item is 40 days old
    w = await world({ smtpUrl: smtp.url }, [new Date(Date.now() - 40 * DAY_MS)]);
    await post(w.hub, '/api/v1/webhooks', { url: receiver.url, events: ['portal.silent'], filter: { within: 'tinh-a' } });
    await w.refresh();
    // the province has no source of its own: nothing is expected of it
    expect(await w.hub.alerts.checkSilence()).to.equal(1);
    await Promise.all([smtp.arrived(1), receiver.arrived(1)]);
    expect(smtp.mails[0].to).to.deep.equal([PROVINCE_MAIL]);
    expect(smtp.mails[0].subject).to.include('Xã A').and.include('không đăng tin mới').and.include('30 ngày');
    const event = receiver.received[0].json as unknown as { type: string; data: { portal: { id: string; alertEmails?: string[] }; silence: { days: number } } };
    expect(event.type).to.equal('portal.silent');
    expect(event.data.portal.id).to.equal('xa-a');
    expect(event.data.silence.days).to.equal(30);
    // checked again: the same episode, nothing more
    expect(await w.hub.alerts.checkSilence()).to.equal(0);
    expect((await w.hub.hub.store.getMetaEntries(SILENT_MAP)).has('xa-a')).to.equal(true);
    // it publishes: the episode is over
    w.feed.unshift({ guid: 'moi', title: 'Tin mới của xã A', link: 'http://xa-a.gov.vn/tin/moi.html', date: new Date().toUTCString() });
    await w.refresh();
    expect(await w.hub.alerts.checkSilence()).to.equal(0);
    expect((await w.hub.hub.store.getMetaEntries(SILENT_MAP)).has('xa-a')).to.equal(false);
    await w.hub.alerts.idle();
    await w.hub.webhooks.idle();
    expect(smtp.mails).to.have.length(1);
    expect(receiver.received).to.have.length(1);
  });

  it("a webhook whose receiver never answers ends failing and its owner (an operator: their portal's recipients) is mailed", async () => {
    smtp = await startSmtp();
    const silent = await startTestServer();
    silent.route('/hook', () => {}); // takes the request and never answers
    try {
      w = await world({ smtpUrl: smtp.url, fetchTimeoutMs: 300, webhookRetryDelaysMs: [50], webhookRetryWindowMs: 200 });
      const operator = String((await post(w.hub, '/api/v1/keys', { role: 'operator', portalId: 'tinh-a' })).secret);
      const hook = await post(w.hub, '/api/v1/webhooks', { url: `${silent.url}/hook`, events: ['source.failing'], filter: { within: 'tinh-a' } }, operator);
      await w.refresh();
      w.status.code = 500;
      await w.refresh();
      // the source's own alert, then the webhook's
      await smtp.arrived(2);
      const about = smtp.mails.find((m) => m.subject.includes(hook.id));
      expect(about, smtp.mails.map((m) => m.subject).join(' | ')).to.not.equal(undefined);
      expect(about!.to).to.deep.equal([PROVINCE_MAIL]);
      expect(about!.subject).to.include('webhook không nhận được sự kiện');
      expect(about!.text).to.include(`hub webhooks enable ${hook.id}`);
      expect((await (await w.hub.api(`/api/v1/webhooks/${hook.id}`)).json()).state).to.equal('failing');
      await w.hub.alerts.idle();
      expect(smtp.mails).to.have.length(2);
    } finally {
      await w?.hub.stop();
      await w?.portal.close();
      w = undefined;
      await silent.close();
    }
  });

  it('SMTP down: the mail waits in the outbox and is sent once the server is up', async () => {
    const port = await freePort();
    w = await world({ smtpUrl: `smtp://127.0.0.1:${port}`, alertRetryDelaysMs: [100] });
    await w.refresh();
    w.status.code = 500;
    await w.refresh();
    await w.hub.alerts.idle();
    // the first attempt failed (nothing listens) and the mail is kept for its retry
    expect(await w.hub.alerts.backlog()).to.equal(1);
    expect(await (await w.hub.api('/metrics')).text()).to.match(/hub_alerts_total\{kind="source.failing",channel="email",result="failed"\} [1-9]/);
    smtp = await startSmtp(port);
    await smtp.arrived(1);
    expect(smtp.mails[0].subject).to.include('nguồn tin đang bị lỗi');
    expect(smtp.mails[0].to).to.deep.equal([PROVINCE_MAIL]);
  });

  it('past alertDigestAfter mails in a window, the rest are folded into one digest sent when the window ends', async () => {
    smtp = await startSmtp();
    const windowMs = 3000;
    // the outbox and the windows are looked at every second (the first retry delay)
    w = await world({ smtpUrl: smtp.url, alertDigestAfter: 2, alertDigestWindowMs: windowMs, alertRetryDelaysMs: [1000] });
    await w.refresh();
    const started = Date.now();
    for (const code of [500, 200, 500, 200]) {
      w.status.code = code;
      await w.refresh();
    }
    await w.hub.alerts.idle();
    expect(Date.now() - started, 'the four changes fit in one window').to.be.below(windowMs);
    await smtp.arrived(3);
    await w.hub.alerts.idle();
    expect(smtp.mails).to.have.length(3);
    const [first, second, digest] = smtp.mails;
    expect(first.subject).to.include('đang bị lỗi');
    expect(second.subject).to.include('hoạt động trở lại');
    expect(digest.subject).to.include('tổng hợp 2 cảnh báo');
    expect(digest.text).to.include('=== 1/2').and.include('=== 2/2').and.include('đang bị lỗi').and.include('hoạt động trở lại');
    expect(await (await w.hub.api('/metrics')).text()).to.match(/hub_alerts_total\{kind="digest",channel="email",result="sent"\} 1/);
  });

  it('without HUB_SMTP_URL alerts are webhook events only, and nothing breaks', async () => {
    receiver = await startReceiver();
    w = await world({});
    await post(w.hub, '/api/v1/webhooks', { url: receiver.url, events: ['source.failing'] });
    await w.refresh();
    w.status.code = 500;
    await w.refresh();
    await receiver.arrived(1);
    await w.hub.alerts.idle();
    expect(receiver.received[0].json.type).to.equal('source.failing');
    expect(await (await w.hub.api('/metrics')).text()).to.match(/hub_alerts_total\{kind="source.failing",channel="email",result="mail_off"\} 1/);
  });
});
