/** The `audit:` channels: the audit log's newest entries (new ones are pushed as `audit:entry`). */
import type { AuditLog } from '../audit-log'
import type { DomainHandlers } from '../desk-services'

export function auditHandlers(audit: AuditLog): DomainHandlers<'audit'> {
  return {
    'audit:list': async () => audit.list(),
  }
}
