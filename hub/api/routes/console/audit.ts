/** /console/audit: the audit log, admin only (Hub.listAudit refuses an operator: a 403 page), filtered and paged as the log allows. */
import type Router from '@koa/router';
import type { Hub } from '../../../hub.ts';
import { renderAudit, type AuditFilters } from '../../../console/pages/audit.ts';
import { principalOf, sendPage, viewOf } from './http.ts';

/** Entries on one page. */
export const AUDIT_PAGE = 50;

const one = (v: unknown): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
  return s && s.length <= 200 ? s : undefined;
};

export function auditPages(router: Router, hub: Hub) {
  router.get('/console/audit', async (ctx) => {
    const who = principalOf(ctx);
    const filters: AuditFilters = { actor: one(ctx.query.actor), portal: one(ctx.query.portal), before: one(ctx.query.before) };
    const page = await hub.listAudit(who, {
      limit: AUDIT_PAGE,
      ...(filters.actor ? { actor: filters.actor } : {}),
      ...(filters.portal ? { portalId: filters.portal } : {}),
      ...(filters.before ? { before: filters.before } : {}),
    });
    sendPage(ctx, renderAudit(viewOf(ctx), { ...page, filters, keys: await hub.listKeys(who) }));
  });
}
