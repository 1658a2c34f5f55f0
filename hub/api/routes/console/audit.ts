/** /console/audit: the audit log, admin only (Hub.listAudit refuses an operator: a 403 page), filtered and paged as the log allows. */
import type Router from '@koa/router';
import type { Hub } from '../../../hub.ts';
import { renderAudit, type AuditFilters } from '../../../console/pages/audit.ts';
import { principalOf, sendPage, viewOf } from './http.ts';
import { dayStart } from '../../../console/parts.ts';

/** Entries on one page. */
export const AUDIT_PAGE = 50;

const one = (v: unknown): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
  return s && s.length <= 200 ? s : undefined;
};

export function auditPages(router: Router, hub: Hub) {
  router.get('/console/audit', async (ctx) => {
    const who = principalOf(ctx);
    const day = (v: unknown) => (/^\d{4}-\d{2}-\d{2}$/.test(one(v) ?? '') ? one(v) : undefined);
    const filters: AuditFilters = {
      actor: one(ctx.query.actor),
      portal: one(ctx.query.portal),
      action: one(ctx.query.action),
      target: one(ctx.query.target),
      from: day(ctx.query.from),
      to: day(ctx.query.to),
      before: one(ctx.query.before),
    };
    const zone = hub.config.timeZone;
    const page = await hub.listAudit(who, {
      limit: AUDIT_PAGE,
      ...(filters.actor ? { actor: filters.actor } : {}),
      ...(filters.portal ? { portalId: filters.portal } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.target ? { target: filters.target } : {}),
      // days of the hub's zone: from the start of `from` to the end of `to`
      ...(filters.from ? { since: dayStart(filters.from, zone).toISOString() } : {}),
      ...(filters.to ? { until: dayStart(filters.to, zone, 1).toISOString() } : {}),
      ...(filters.before ? { before: filters.before } : {}),
    });
    sendPage(ctx, renderAudit(viewOf(ctx), { ...page, filters, keys: await hub.listKeys(who) }));
  });
}
