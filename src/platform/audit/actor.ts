import type { TenantPrincipal } from '../auth/principal.ts';
import type { AuditEvent } from './audit.service.ts';

/** Who did it, in audit terms, for a tenant-scoped request. */
export function actorOf(p: TenantPrincipal): Pick<AuditEvent, 'tenantId' | 'actorKind' | 'actorId'> {
  return { tenantId: p.tenant.id, actorKind: p.kind === 'user' ? 'user' : 'api_key', actorId: p.kind === 'user' ? p.userId : p.keyId };
}
