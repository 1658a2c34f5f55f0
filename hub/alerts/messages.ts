/**
 * Alert e-mail as people read it: the subject names the portal and the source (or the webhook),
 * the body says what happened, why in plain words, what to do, and where to look (the console
 * page and the API), in Vietnamese and then in English (texts: i18n.ts).
 */
import type { Portal, Source } from '../model.ts';
import type { StoredWebhook } from '../webhooks/registry.ts';
import { EN, VI, type AlertKind, type AlertTexts } from './i18n.ts';
import type { Silence } from './silence.ts';
import type { Composed } from './model.ts';

const PREFIX = '[Cảnh báo cổng tin]';

export interface SourceAlert {
  kind: Exclude<AlertKind, 'portal.silent' | 'webhook.failing'>;
  portal: Portal | undefined;
  source: Source;
}

const portalName = (portal: Portal | undefined, id: string) => (portal ? `${portal.name} (${portal.id})` : id);

function both(section: (t: AlertTexts) => string[]): string {
  return [...section(VI), '', '— English —', '', ...section(EN)].join('\n');
}

export function sourceAlertMail(alert: SourceAlert, publicUrl: string): Composed {
  const { kind, portal, source } = alert;
  const error = source.health.lastError;
  const drift = source.health.drift;
  const links = (t: AlertTexts) => [
    `${t.console}: ${publicUrl}/console/sources/${source.id}`,
    `${t.api}: ${publicUrl}/api/v1/sources/${source.id}`,
    `${t.mute}: hub sources edit ${source.id} --mute-alerts`,
  ];
  const why = (t: AlertTexts): string[] => {
    if (kind === 'source.recovered') return [];
    if (kind === 'source.drift' && drift)
      return [`${t.reason}: ${VI === t ? 'Bố cục trang của cổng đã thay đổi.' : 'The page layout changed.'}`, `${t.detail}: ${drift.message}`];
    return [`${t.reason}: ${t.explain(error)}`, ...(error ? [`${t.detail}: ${error.code}: ${error.message}`] : [])];
  };
  return {
    subject: `${PREFIX} ${portal?.name ?? source.portalId} — ${source.url}: ${VI.subject[kind]}`,
    text: both((t) => [
      t.happened[kind],
      '',
      `${t.portal}: ${portalName(portal, source.portalId)}`,
      `${t.source}: ${source.url} (${source.id})`,
      ...why(t),
      '',
      `${t.todo[kind]}`,
      '',
      ...links(t),
    ]),
  };
}

export function silenceMail(portal: Portal, silence: Silence, publicUrl: string): Composed {
  return {
    subject: `${PREFIX} ${portal.name}: ${VI.subject['portal.silent']} (quá ${silence.days} ngày)`,
    text: both((t) => [
      t.happened['portal.silent'],
      '',
      `${t.portal}: ${portalName(portal, portal.id)}`,
      `${t.lastPublished}: ${silence.lastPublishedAt ?? t.never}`,
      `${t.since}: ${silence.since}`,
      t.norm(silence.days),
      '',
      t.todo['portal.silent'],
      '',
      `${t.api}: ${publicUrl}/api/v1/portals/${portal.id}/scorecard`,
    ]),
  };
}

export function webhookFailingMail(webhook: StoredWebhook, reason: string, publicUrl: string): Composed {
  return {
    subject: `${PREFIX} Webhook ${webhook.id} (${webhook.url}): ${VI.subject['webhook.failing']}`,
    text: both((t) => [
      t.happened['webhook.failing'],
      '',
      `${t.webhook}: ${webhook.id} → ${webhook.url}${webhook.description ? ` (${webhook.description})` : ''}`,
      `${t.detail}: ${reason}`,
      '',
      t.todo['webhook.failing'].replace('<id>', webhook.id),
      '',
      `${t.api}: ${publicUrl}/api/v1/webhooks/${webhook.id}/deliveries`,
    ]),
  };
}

/** One message for the alerts folded in a digest window: each one's subject and text, in order. */
export function digestMail(folded: Composed[]): Composed {
  const n = folded.length;
  return {
    subject: `${PREFIX} ${VI.digestSubject(n)} / ${EN.digestSubject(n)}`,
    text: [VI.digestIntro(n), EN.digestIntro(n), '', ...folded.flatMap((m, i) => [`=== ${i + 1}/${n}: ${m.subject}`, '', m.text, ''])].join('\n'),
  };
}
