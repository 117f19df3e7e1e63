import { randomUUID } from 'node:crypto';
import type { Role } from '../../platform/auth/auth.tables.ts';
import type { CredentialStore } from '../../platform/auth/credentials.ts';
import { burnPasswordCheck, hashPassword, passwordIssues, verifyPassword } from '../../platform/auth/passwords.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
  generateRefreshToken,
  hashRefreshToken,
  type AccessClaims,
  type TokenSigner,
} from '../../platform/auth/tokens.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Database } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { withSystem, withTenant, type Tx } from '../../platform/db/tenancy.ts';
import { AppError, validationError } from '../../platform/http/errors.ts';
import type { LoginThrottle } from '../../platform/limits/login-throttle.ts';
import * as repo from './accounts.repo.ts';
import type { RegisterBody } from './accounts.schemas.ts';

export interface AccountsDeps {
  database: Database;
  signer: TokenSigner;
  credentials: CredentialStore;
  throttle: LoginThrottle;
}

const REFRESH_RE = /^crt_[A-Za-z0-9_-]{43}$/;
const badLogin = () => new AppError('unauthorized', 'Incorrect email or password');
const badRefresh = () => new AppError('unauthorized', 'Invalid, expired or revoked refresh token');
const emailTaken = () => new AppError('conflict', 'An account with this email already exists');

interface Subject {
  claims: AccessClaims;
  subjectKind: 'user' | 'operator';
}

async function issueTokens(tx: Tx, signer: TokenSigner, subject: Subject, familyId: string = randomUUID()) {
  const refresh = generateRefreshToken();
  await repo.insertRefreshToken(tx, {
    familyId,
    subjectKind: subject.subjectKind,
    subjectId: subject.claims.sub,
    tokenHash: refresh.hash,
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
  });
  return {
    access_token: await signer.signAccess(subject.claims),
    refresh_token: refresh.token,
    token_type: 'bearer' as const,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
  };
}

export function createAuthService(deps: AccountsDeps) {
  const { database, signer, throttle } = deps;

  async function emailInUse(tx: Tx, email: string): Promise<boolean> {
    return (await repo.findUserByEmail(tx, email)) !== null || (await repo.findOperatorByEmail(tx, email)) !== null;
  }

  return {
    emailInUse,

    async register(body: RegisterBody, ip: string) {
      const issues = passwordIssues(body.password, ['body', 'password'], { email: body.email });
      if (issues.length > 0) throw validationError(issues);
      await throttle.spendRegistration(ip);
      const passwordHash = await hashPassword(body.password);
      try {
        return await withSystem(database, async (tx) => {
          if (await emailInUse(tx, body.email)) throw emailTaken();
          const tenant = await repo.insertTenant(tx, body.organization_name);
          const user = await repo.insertUser(tx, { tenantId: tenant.id, email: body.email, fullName: body.full_name, role: 'owner', passwordHash });
          await appendAudit(tx, {
            tenantId: tenant.id,
            actorKind: 'user',
            actorId: user.id,
            action: 'account.registered',
            targetKind: 'user',
            targetId: user.id,
            ip,
            details: { email: user.email, referral_code: body.referral_code ?? null },
          });
          const tokens = await issueTokens(tx, signer, { subjectKind: 'user', claims: { kind: 'user', sub: user.id, tid: tenant.id, role: 'owner' } });
          return {
            user: { id: user.id, email: user.email, full_name: user.fullName, role: user.role },
            tenant: { id: tenant.id, name: tenant.name, plan: tenant.plan },
            ...tokens,
          };
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
    },

    async login(username: string, password: string, ip: string) {
      await throttle.assertLoginAllowed(username, ip);
      const found = await withSystem(database, async (tx) => {
        const user = await repo.findUserByEmail(tx, username);
        const operator = user ? null : await repo.findOperatorByEmail(tx, username);
        const tenant = user ? await repo.getTenant(tx, user.tenantId) : null;
        return { user, operator, tenant };
      });
      const hash = found.user?.passwordHash ?? found.operator?.passwordHash ?? null;
      // Unknown accounts spend the same argon2 time, so timing does not reveal registered emails.
      const passwordOk = hash ? await verifyPassword(hash, password) : (await burnPasswordCheck(password), false);
      const usable = found.operator !== null || (found.user?.isActive === true && found.tenant?.isActive === true);
      if (!passwordOk || !usable) {
        await throttle.recordFailure(username, ip);
        await withSystem(database, (tx) =>
          appendAudit(tx, {
            tenantId: found.user?.tenantId ?? null,
            actorKind: 'anonymous',
            action: 'login.failed',
            targetKind: found.user ? 'user' : found.operator ? 'operator' : null,
            targetId: found.user?.id ?? found.operator?.id ?? null,
            ip,
            details: { username: username.toLowerCase(), reason: !passwordOk ? 'bad_credentials' : 'inactive' },
          }),
        );
        throw badLogin();
      }
      return withSystem(database, async (tx) => {
        if (found.operator) {
          const op = found.operator;
          await appendAudit(tx, { tenantId: null, actorKind: 'operator', actorId: op.id, action: 'login.succeeded', ip, details: {} });
          const tokens = await issueTokens(tx, signer, { subjectKind: 'operator', claims: { kind: 'operator', sub: op.id } });
          return { ...tokens, user_id: op.id, is_operator: true };
        }
        const user = found.user as repo.UserRow;
        await appendAudit(tx, { tenantId: user.tenantId, actorKind: 'user', actorId: user.id, action: 'login.succeeded', ip, details: {} });
        const tokens = await issueTokens(tx, signer, { subjectKind: 'user', claims: { kind: 'user', sub: user.id, tid: user.tenantId, role: user.role } });
        return { ...tokens, user_id: user.id, is_operator: false };
      });
    },

    /**
     * Rotates a refresh token. A token presented a second time means it was copied: the whole
     * family (every token descended from that login) is revoked, and the revocation commits
     * even though the request is refused.
     */
    async refresh(token: string, ip: string) {
      if (!REFRESH_RE.test(token)) throw badRefresh();
      const hash = hashRefreshToken(token);
      const outcome = await withSystem(database, async (tx) => {
        const spent = await repo.spendRefreshToken(tx, hash);
        if (!spent) {
          const existing = await repo.findRefreshToken(tx, hash);
          if (existing?.usedAt && !existing.revokedAt) {
            const revoked = await repo.revokeFamily(tx, existing.familyId);
            const user = existing.subjectKind === 'user' ? await repo.getUser(tx, existing.subjectId) : null;
            await appendAudit(tx, {
              tenantId: user?.tenantId ?? null,
              actorKind: 'anonymous',
              action: 'token.family_revoked',
              targetKind: existing.subjectKind,
              targetId: existing.subjectId,
              ip,
              details: { reason: 'refresh token replayed', family_id: existing.familyId, tokens_revoked: revoked },
            });
          }
          return null;
        }
        if (spent.subjectKind === 'operator') {
          return issueTokens(tx, signer, { subjectKind: 'operator', claims: { kind: 'operator', sub: spent.subjectId } }, spent.familyId).then((t) => ({
            ...t,
            user_id: spent.subjectId,
            is_operator: true,
          }));
        }
        const user = await repo.getUser(tx, spent.subjectId);
        const tenant = user ? await repo.getTenant(tx, user.tenantId) : null;
        if (!user?.isActive || !tenant?.isActive) {
          await repo.revokeFamily(tx, spent.familyId);
          return null;
        }
        const tokens = await issueTokens(
          tx,
          signer,
          { subjectKind: 'user', claims: { kind: 'user', sub: user.id, tid: user.tenantId, role: user.role } },
          spent.familyId,
        );
        return { ...tokens, user_id: user.id, is_operator: false };
      });
      if (!outcome) throw badRefresh();
      return outcome;
    },

    /** Ends the login the refresh token belongs to; unknown tokens are ignored (no oracle). */
    async logout(token: string, ip: string): Promise<void> {
      if (!REFRESH_RE.test(token)) return;
      await withSystem(database, async (tx) => {
        const existing = await repo.findRefreshToken(tx, hashRefreshToken(token));
        if (!existing) return;
        await repo.revokeFamily(tx, existing.familyId);
        const user = existing.subjectKind === 'user' ? await repo.getUser(tx, existing.subjectId) : null;
        await appendAudit(tx, {
          tenantId: user?.tenantId ?? null,
          actorKind: existing.subjectKind,
          actorId: existing.subjectId,
          action: 'logout',
          ip,
          details: {},
        });
      });
    },

    async me(p: Principal) {
      if (p.kind === 'operator') return { kind: 'operator' as const, user: null, role: null, tenant: null, plan: null, api_key: null };
      if (p.kind === 'anonymous') throw new AppError('unauthorized', 'Not signed in');
      return withTenant(database, p.tenant.id, async (tx) => {
        const tenant = await repo.getTenant(tx, p.tenant.id);
        if (!tenant) throw new AppError('unauthorized', 'Account not found');
        const tenantOut = { id: tenant.id, name: tenant.name, plan: tenant.plan, is_active: tenant.isActive };
        if (p.kind === 'user') {
          const user = await repo.getUser(tx, p.userId);
          if (!user) throw new AppError('unauthorized', 'Account not found');
          return {
            kind: 'user' as const,
            user: { id: user.id, email: user.email, full_name: user.fullName, role: user.role },
            role: user.role as Role,
            tenant: tenantOut,
            plan: tenant.plan,
            api_key: null,
          };
        }
        const key = await repo.getApiKey(tx, p.keyId);
        return {
          kind: 'api_key' as const,
          user: null,
          role: null,
          tenant: tenantOut,
          plan: tenant.plan,
          api_key: key ? { id: key.id, key_prefix: key.keyPrefix, scopes: key.scopes.join(','), sandbox: key.sandbox } : null,
        };
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
