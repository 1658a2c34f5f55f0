/** The alert rules on their own: recipients down the directory, silence norms from the config, the transition rule, alertEmails in a CSV import. */
import { expect } from 'chai';
import { Directory } from '../../../hub/directory/directory.ts';
import { alertRecipients } from '../../../hub/alerts/recipients.ts';
import { silentNorms } from '../../../hub/alerts/silence.ts';
import { sourceTransitions } from '../../../hub/alerts/transitions.ts';
import { loadConfig } from '../../../hub/config.ts';
import { HubError } from '../../../hub/errors.ts';
import { planImport, readDirectory } from '../../../hub/directory/import.ts';
import type { Portal, Source } from '../../../hub/model.ts';

const at = '2026-01-01T00:00:00.000Z';
const portal = (id: string, level: Portal['level'], parentId?: string, alertEmails?: string[]): Portal => ({
  id,
  name: id,
  url: `https://${id}.gov.vn/`,
  level,
  ...(parentId ? { parentId } : {}),
  ...(alertEmails ? { alertEmails } : {}),
  createdAt: at,
});

const source = (state: Source['health']['state'], drift = false): Source => ({
  id: 's-1',
  portalId: 'p',
  url: 'https://p.gov.vn/rss',
  kind: 'feed',
  intervalSeconds: 900,
  paused: false,
  createdAt: at,
  health: {
    state,
    consecutiveFailures: 0,
    warnings: [],
    rejected: [],
    ...(drift ? { drift: { field: 'title', selector: 'h3', matched: 3, missing: 3, message: 'no titles', since: at } } : {}),
  },
});

describe('alerts: rules', () => {
  it("recipients: the portal's own list, else the nearest ancestor's; an empty list stops the inheritance", () => {
    const d = new Directory([
      portal('tw', 'central', undefined, ['tw@gov.vn']),
      portal('tinh', 'province', 'tw', ['tinh@gov.vn']),
      portal('xa', 'commune', 'tinh'),
      portal('xa-rieng', 'commune', 'tinh', ['xa@gov.vn']),
      portal('tinh-im', 'province', 'tw', []),
      portal('xa-im', 'commune', 'tinh-im'),
    ]);
    expect(alertRecipients(d, 'xa')).to.deep.equal(['tinh@gov.vn']);
    expect(alertRecipients(d, 'xa-rieng')).to.deep.equal(['xa@gov.vn']);
    expect(alertRecipients(d, 'tinh')).to.deep.equal(['tinh@gov.vn']);
    expect(alertRecipients(d, 'xa-im')).to.deep.equal([]);
    expect(alertRecipients(d, 'unknown')).to.deep.equal([]);
  });

  it("recipients: the admins' HUB_ALERT_EMAILS when no portal of the chain has a list; never past an empty list", () => {
    const admins = ['quantri@hub.gov.vn'];
    const d = new Directory([
      portal('tw', 'central'),
      portal('tinh', 'province', 'tw'),
      portal('xa', 'commune', 'tinh'),
      portal('tinh-im', 'province', 'tw', []),
      portal('xa-im', 'commune', 'tinh-im'),
      portal('tinh-co', 'province', 'tw', ['tinh@gov.vn']),
      portal('xa-co', 'commune', 'tinh-co'),
    ]);
    expect(alertRecipients(d, 'xa', admins)).to.deep.equal(admins);
    expect(alertRecipients(d, 'tw', admins)).to.deep.equal(admins);
    expect(alertRecipients(d, 'xa-im', admins), 'an empty list means nobody, on purpose').to.deep.equal([]);
    expect(alertRecipients(d, 'xa-co', admins)).to.deep.equal(['tinh@gov.vn']);
    expect(alertRecipients(d, 'xa')).to.deep.equal([]);
  });

  it('silence norms: 7 days for provinces and ministries, 30 for communes by default; HUB_SILENT_DAYS overrides per level or for all', () => {
    const base = loadConfig({});
    expect(silentNorms(base)).to.deep.equal({ central: 7, ministry: 7, province: 7, department: 14, commune: 30, other: 30 });
    expect(silentNorms(loadConfig({ HUB_SILENT_DAYS: 'province=3, commune=60' }))).to.include({ province: 3, commune: 60, ministry: 7 });
    expect(silentNorms(loadConfig({ HUB_SILENT_DAYS: '10' }))).to.deep.equal({
      central: 10,
      ministry: 10,
      province: 10,
      department: 10,
      commune: 10,
      other: 10,
    });
    for (const bad of ['village=3', 'province=', 'province=0'])
      expect(() => loadConfig({ HUB_SILENT_DAYS: bad }), bad)
        .to.throw(HubError)
        .with.property('message')
        .that.includes('HUB_SILENT_DAYS');
    expect(() => loadConfig({ HUB_SMTP_URL: 'mail.example.gov.vn' })).to.throw(HubError, 'HUB_SMTP_URL must be an smtp:// or smtps:// address');
    expect(loadConfig({ HUB_ALERT_EMAILS: 'a@gov.vn, b@gov.vn' }).alertEmails).to.deep.equal(['a@gov.vn', 'b@gov.vn']);
  });

  it('transitions: the one rule webhooks and e-mail share', () => {
    expect(sourceTransitions(source('ok'), source('failing'))).to.deep.equal(['source.failing']);
    expect(sourceTransitions(source('failing'), source('failing'))).to.deep.equal([]);
    expect(sourceTransitions(source('failing'), source('disabled'))).to.deep.equal(['source.disabled']);
    expect(sourceTransitions(source('disabled'), source('ok'))).to.deep.equal(['source.recovered']);
    expect(sourceTransitions(source('new'), source('ok'))).to.deep.equal([]);
    expect(sourceTransitions(source('ok'), source('ok', true))).to.deep.equal(['source.drift']);
    expect(sourceTransitions(source('ok', true), source('ok', true))).to.deep.equal([]);
  });

  it('a CSV directory sets alertEmails (separated by ";"), and a row that repeats them is unchanged', () => {
    const csv = 'id,name,url,level,alertEmails\ntinh-a,Tỉnh A,https://tinh-a.gov.vn/,province,a@tinh-a.gov.vn; b@tinh-a.gov.vn\n';
    const plan = planImport(readDirectory(csv, 'csv'), [], new Date(at));
    expect(plan.created[0].alertEmails).to.deep.equal(['a@tinh-a.gov.vn', 'b@tinh-a.gov.vn']);
    const again = planImport(readDirectory(csv, 'csv'), plan.created, new Date(at));
    expect(again.unchanged).to.deep.equal(['tinh-a']);
    expect(() => planImport(readDirectory('id,name,url,level,alertEmails\nx,X,https://x.gov.vn/,province,not-an-address\n', 'csv'), [], new Date(at))).to.throw(
      HubError,
      'nothing was imported',
    );
  });
});
