import { count, eq, sql } from 'drizzle-orm';
import { operators, tenants, users, type CustomLimits, type Plan } from '../../platform/auth/auth.tables.ts';
import type { CredentialStore } from '../../platform/auth/credentials.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Database } from '../../platform/db/client.ts';
import { withSystem, type Tx } from '../../platform/db/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import { pageOf, pageOffset, type PageQuery } from '../../platform/http/pagination.ts';
import { effectiveLimits } from '../../platform/limits/plans.ts';

export interface TenantPatch {
  plan?: Plan;
  is_active?: boolean;
  limits?: CustomLimits | null;
}

/**
 * Platform operators manage tenants as accounts (plan, limits, active state), never their
 * data: everything here reads the tenants table and an owner's email, nothing else.
 */
export function createAdminService(deps: { database: Database; credentials: CredentialStore }) {
  const { database, credentials } = deps;

  /** Tenants with their owner's email and member count, in one statement whatever the page size. */
  function described(tx: Tx) {
    return tx
      .select({
        id: tenants.id,
        name: tenants.name,
        plan: tenants.plan,
        isActive: tenants.isActive,
        customLimits: tenants.customLimits,
        createdAt: tenants.createdAt,
        ownerEmail: sql<string | null>`(select u.email from users u where u.tenant_id = tenants.id and u.role = 'owner' order by u.created_at limit 1)`,
        members: sql<number>`(select count(*)::int from users u where u.tenant_id = tenants.id)`,
      })
      .from(tenants);
  }

  async function describe(tx: Tx, id: string) {
    const [row] = await described(tx).where(eq(tenants.id, id));
    return row ? toOut(row) : null;
  }

  function toOut(row: {
    id: string;
    name: string;
    plan: Plan;
    isActive: boolean;
    customLimits: CustomLimits | null;
    createdAt: Date;
    ownerEmail: string | null;
    members: number;
  }) {
    return {
      id: row.id,
      name: row.name,
      plan: row.plan,
      is_active: row.isActive,
      owner_email: row.ownerEmail,
      members: Number(row.members),
      custom_limits: row.customLimits,
      limits: effectiveLimits(row.plan, row.customLimits),
      created_at: row.createdAt.toISOString(),
    };
  }

  return {
    async listTenants(q: PageQuery & { q?: string }) {
      return withSystem(database, async (tx) => {
        const term = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
        const where = term
          ? sql`(tenants.name ilike ${term} or exists (select 1 from users u where u.tenant_id = tenants.id and u.role = 'owner' and u.email ilike ${term}))`
          : undefined;
        const [total] = await tx.select({ n: count() }).from(tenants).where(where);
        const rows = await described(tx).where(where).orderBy(tenants.createdAt, tenants.id).offset(pageOffset(q)).limit(q.page_size);
        return pageOf(rows.map(toOut), Number(total?.n ?? 0), q);
      });
    },

    async updateTenant(operatorId: string, id: string, patch: TenantPatch, ip: string) {
      return withSystem(database, async (tx) => {
        const [before] = await tx.select().from(tenants).where(eq(tenants.id, id)).for('update');
        if (!before) throw notFound('Tenant');
        await tx
          .update(tenants)
          .set({ plan: patch.plan, isActive: patch.is_active, customLimits: patch.limits === undefined ? undefined : patch.limits })
          .where(eq(tenants.id, id));
        // Recorded in the tenant's own chain: its owners can see what the platform changed.
        await appendAudit(tx, {
          tenantId: id,
          actorKind: 'operator',
          actorId: operatorId,
          action: 'tenant.updated',
          targetKind: 'tenant',
          targetId: id,
          ip,
          details: { before: { plan: before.plan, is_active: before.isActive, limits: before.customLimits }, changes: patch },
        });
        await credentials.invalidate(tx, { kind: 'tenant', id });
        const out = await describe(tx, id);
        if (!out) throw notFound('Tenant');
        return out;
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

/** Creates the first operator from configuration, once; an email already used by a tenant user is refused. */
export async function ensureOperator(database: Database, email: string, password: string): Promise<'created' | 'exists' | 'conflict'> {
  const existing = await withSystem(database, async (tx) => {
    const [op] = await tx.select({ id: operators.id }).from(operators).where(sql`lower(${operators.email}) = lower(${email})`);
    const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`);
    return op ? 'exists' : user ? 'conflict' : null;
  });
  if (existing) return existing;
  const passwordHash = await hashPassword(password);
  return withSystem(database, async (tx) => {
    const rows = await tx.insert(operators).values({ email, passwordHash }).onConflictDoNothing().returning({ id: operators.id });
    if (rows[0]) await appendAudit(tx, { tenantId: null, actorKind: 'system', action: 'operator.bootstrapped', targetKind: 'operator', targetId: rows[0].id, details: { email } });
    return rows[0] ? 'created' : 'exists';
  });
}
