/** The audit log's use cases: writing what was changed (every write use case) and reading it (admin). */
import type { Principal } from '../keys/principal.ts';
import { adminOnly } from '../keys/scope.ts';
import type { AuditPage, AuditQuery, AuditRecord } from '../audit/audit-log.ts';
import type { AuditEntry } from '../model.ts';
import type { UseCaseContext } from './context.ts';

export class AuditUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /** Records a change: who did what, when, before and after. */
  record(who: Principal, entry: Omit<AuditRecord, 'actor'>): Promise<AuditEntry> {
    return this.ctx.audit.append({ actor: who, ...entry }, this.ctx.now());
  }

  async listAudit(who: Principal, query: AuditQuery): Promise<AuditPage> {
    if (who.role !== 'admin') throw adminOnly('read the audit log');
    return this.ctx.audit.list(query);
  }
}
