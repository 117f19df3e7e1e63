import type { Role } from '../../platform/auth/auth.tables.ts';
import type { CredentialStore } from '../../platform/auth/credentials.ts';
import { hashPassword, passwordIssues } from '../../platform/auth/passwords.ts';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import { actorOf } from '../../platform/audit/actor.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Database } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { withSystem, withTenant } from '../../platform/db/tenancy.ts';
import { AppError, notFound, validationError } from '../../platform/http/errors.ts';
import { pageOf, pageOffset, type PageQuery } from '../../platform/http/pagination.ts';
import * as repo from './accounts.repo.ts';
import type { CreateUserBody, UpdateUserBody } from './accounts.schemas.ts';

const toMember = (u: repo.UserRow) => ({
  id: u.id,
  email: u.email,
  full_name: u.fullName,
  role: u.role,
  is_active: u.isActive,
  created_at: u.createdAt.toISOString(),
});

const isOwner = (p: TenantPrincipal) => p.kind === 'user' && p.role === 'owner';

export function createMembersService(deps: { database: Database; credentials: CredentialStore; emailInUse: (email: string) => Promise<boolean> }) {
  const { database, credentials } = deps;
  return {
    async list(p: TenantPrincipal, q: PageQuery) {
      const { items, total } = await withTenant(database, p.tenant.id, (tx) => repo.listUsers(tx, pageOffset(q), q.page_size));
      return pageOf(items.map(toMember), total, q);
    },

    async create(p: TenantPrincipal, body: CreateUserBody, ip: string) {
      const issues = passwordIssues(body.password, ['body', 'password'], { email: body.email });
      if (issues.length > 0) throw validationError(issues);
      if (body.role === 'owner' && !isOwner(p)) throw new AppError('forbidden', 'Only an owner can add another owner');
      // Emails are unique across tenants and operators; checking that needs the system role.
      if (await deps.emailInUse(body.email)) throw new AppError('conflict', 'An account with this email already exists');
      const passwordHash = await hashPassword(body.password);
      try {
        const user = await withTenant(database, p.tenant.id, async (tx) => {
          const u = await repo.insertUser(tx, { tenantId: p.tenant.id, email: body.email, fullName: body.full_name, role: body.role, passwordHash });
          await appendAudit(tx, { ...actorOf(p), action: 'user.added', targetKind: 'user', targetId: u.id, ip, details: { email: u.email, role: u.role } });
          return u;
        });
        return toMember(user);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', 'An account with this email already exists');
        throw err;
      }
    },

    async update(p: TenantPrincipal, id: string, body: UpdateUserBody, ip: string) {
      const user = await withTenant(database, p.tenant.id, async (tx) => {
        const current = await repo.getUser(tx, id);
        if (!current) throw notFound('User');
        const roleChanges = body.role !== undefined && body.role !== current.role;
        const touchesOwner = current.role === 'owner' || body.role === 'owner';
        if (roleChanges && touchesOwner && !isOwner(p)) throw new AppError('forbidden', 'Only an owner can grant or remove the owner role');
        if (body.is_active === false && current.role === 'owner' && !isOwner(p)) throw new AppError('forbidden', 'Only an owner can deactivate an owner');
        const losesOwnership = current.role === 'owner' && current.isActive && ((roleChanges && body.role !== 'owner') || body.is_active === false);
        if (losesOwnership && (await repo.countOtherActiveOwners(tx, current.id)) === 0) {
          throw new AppError('conflict', 'The last owner cannot be demoted or deactivated; make someone else owner first');
        }
        const updated = await repo.updateUser(tx, id, { fullName: body.full_name, role: body.role as Role | undefined, isActive: body.is_active });
        if (!updated) throw notFound('User');
        if (roleChanges) {
          await appendAudit(tx, { ...actorOf(p), action: 'user.role_changed', targetKind: 'user', targetId: id, ip, details: { from: current.role, to: updated.role } });
        }
        if (body.is_active !== undefined && body.is_active !== current.isActive) {
          await appendAudit(tx, { ...actorOf(p), action: body.is_active ? 'user.reactivated' : 'user.deactivated', targetKind: 'user', targetId: id, ip, details: {} });
        }
        await credentials.invalidate(tx, { kind: 'user', id });
        return updated;
      });
      if (!user.isActive) await withSystem(database, (tx) => repo.revokeAllForSubject(tx, user.id));
      return toMember(user);
    },

    async remove(p: TenantPrincipal, id: string, ip: string): Promise<void> {
      await withTenant(database, p.tenant.id, async (tx) => {
        const current = await repo.getUser(tx, id);
        if (!current) throw notFound('User');
        if (current.role === 'owner') {
          if (!isOwner(p)) throw new AppError('forbidden', 'Only an owner can remove an owner');
          if ((await repo.countOtherActiveOwners(tx, current.id)) === 0) throw new AppError('conflict', 'The last owner cannot be removed');
        }
        await repo.deleteUser(tx, id);
        await appendAudit(tx, { ...actorOf(p), action: 'user.removed', targetKind: 'user', targetId: id, ip, details: { email: current.email, role: current.role } });
        await credentials.invalidate(tx, { kind: 'user', id });
      });
      await withSystem(database, (tx) => repo.revokeAllForSubject(tx, id));
    },
  };
}
