/** Two hub instances on one Redis: a silence is alerted once, and each outbox mail is sent once, whichever instance looks. */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { startHubPair, type HubPair } from '../../support/hub-pair.ts';
import { startTestServer, type TestServer } from '../../support/http.ts';
import { rss } from '../../support/portal-feed.ts';
import { post } from '../webhooks/fixture.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

describe('alerts: two instances on one Redis', function () {
  this.timeout(20_000);
  let pair: HubPair | undefined;
  let smtp: TestSmtp | undefined;
  let portal: TestServer | undefined;

  afterEach(async () => {
    await pair?.stop();
    await smtp?.close();
    await portal?.close();
    pair = smtp = portal = undefined;
  });

  it('one silence mail from two checks at once, one mail per state change from two outbox scans', async () => {
    smtp = await startSmtp();
    pair = await startHubPair({ smtpUrl: smtp.url, alertRetryDelaysMs: [100] });
    portal = await startTestServer();
    const status = { code: 200 };
    const old = new Date(Date.now() - 40 * 86_400_000).toUTCString();
    portal.route('/rss', (_req, res: ServerResponse) => {
      if (status.code !== 200) return void res.writeHead(status.code).end();
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(rss('Tỉnh A', [{ guid: 'cu', title: 'Tin cũ', link: 'http://tinh-a.gov.vn/cu.html', date: old }]));
    });
    const { a, b } = pair;
    await post(a, '/api/v1/portals', { id: 'tinh-a', name: 'Tỉnh A', url: 'http://tinh-a.gov.vn/', level: 'province', alertEmails: ['canhbao@tinh-a.gov.vn'] });
    const source = await post(a, '/api/v1/sources', { portalId: 'tinh-a', url: `${portal.url}/rss` });
    await a.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} });
    const turned = await Promise.all([a.alerts.checkSilence(), b.alerts.checkSilence()]);
    expect(turned.sort()).to.deep.equal([0, 1]);
    // a later check by either, while the episode lasts, finds nothing new
    expect(await a.alerts.checkSilence()).to.equal(0);
    status.code = 500;
    await b.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} });
    await Promise.all([a.alerts.tick(), b.alerts.tick()]);
    status.code = 200;
    await a.api(`/api/v1/sources/${source.id}/refresh`, { method: 'POST', body: {} });
    await smtp.arrived(3);
    await Promise.all([a.alerts.idle(), b.alerts.idle()]);
    await Promise.all([a.alerts.tick(), b.alerts.tick()]);
    await Promise.all([a.alerts.idle(), b.alerts.idle()]);
    expect(smtp.mails.map((m) => m.subject.split(': ').at(-1)).sort()).to.deep.equal(
      ['cổng không đăng tin mới (quá 7 ngày)', 'nguồn tin đang bị lỗi', 'nguồn tin đã hoạt động trở lại'].sort(),
    );
    expect(await a.alerts.backlog()).to.equal(0);
  });
});
