import { generateApiKey } from '../../platform/auth/api-key-format.ts';
import type { CredentialStore } from '../../platform/auth/credentials.ts';
import type { LastUsedTracker } from '../../platform/auth/last-used.ts';
import { SCOPES, type Scope, type TenantPrincipal } from '../../platform/auth/principal.ts';
import { actorOf } from '../../platform/audit/actor.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Database } from '../../platform/db/client.ts';
import { withTenant } from '../../platform/db/tenancy.ts';
import { notFound, validationError } from '../../platform/http/errors.ts';
import * as repo from './accounts.repo.ts';
import type { CreateApiKeyBody, UpdateApiKeyBody } from './accounts.schemas.ts';

/** "write, read" → ['read', 'write'] in canonical order; unknown names are a 422. */
export function parseScopes(raw: string): Scope[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(SCOPES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw validationError([{ loc: ['body', 'scopes'], msg: `scopes must be a comma-separated list of ${SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`, type: 'enum' }]);
  }
  return SCOPES.filter((s) => names.includes(s));
}

function futureDate(raw: string | null | undefined): Date | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const d = new Date(raw);
  if (d.getTime() <= Date.now()) throw validationError([{ loc: ['body', 'expires_at'], msg: 'must be in the future', type: 'future_date' }]);
  return d;
}

export function createApiKeysService(deps: { database: Database; credentials: CredentialStore; lastUsed: LastUsedTracker }) {
  const { database, credentials, lastUsed } = deps;
  const toOut = (k: repo.ApiKeyRow) => {
    const pending = lastUsed.pendingFor(k.id);
    const last = pending && (!k.lastUsed || pending > k.lastUsed) ? pending : k.lastUsed;
    return {
      id: k.id,
      key_name: k.keyName,
      key_prefix: k.keyPrefix,
      scopes: k.scopes.join(','),
      rate_limit: k.rateLimit,
      is_active: k.isActive,
      last_used: last ? last.toISOString() : null,
      expires_at: k.expiresAt ? k.expiresAt.toISOString() : null,
      created_at: k.createdAt.toISOString(),
      sandbox: k.sandbox,
    };
  };

  return {
    async list(p: TenantPrincipal) {
      const rows = await withTenant(database, p.tenant.id, (tx) => repo.listApiKeys(tx));
      return rows.map(toOut);
    },

    async create(p: TenantPrincipal, body: CreateApiKeyBody, ip: string) {
      const scopes = parseScopes(body.scopes ?? 'read');
      const expiresAt = futureDate(body.expires_at) ?? null;
      const sandbox = body.sandbox ?? false;
      const secret = generateApiKey(sandbox);
      const row = await withTenant(database, p.tenant.id, async (tx) => {
        const k = await repo.insertApiKey(tx, {
          tenantId: p.tenant.id,
          keyName: body.key_name,
          keyPrefix: secret.prefix,
          keyHash: secret.hash,
          scopes,
          rateLimit: body.rate_limit ?? 1000,
          sandbox,
          expiresAt,
          createdBy: p.kind === 'user' ? p.userId : null,
        });
        await appendAudit(tx, {
          ...actorOf(p),
          action: 'api_key.created',
          targetKind: 'api_key',
          targetId: k.id,
          ip,
          details: { key_prefix: k.keyPrefix, scopes: k.scopes, sandbox: k.sandbox, rate_limit: k.rateLimit },
        });
        return k;
      });
      return { ...toOut(row), key: secret.key };
    },

    async update(p: TenantPrincipal, id: string, body: UpdateApiKeyBody, ip: string) {
      const expiresAt = futureDate(body.expires_at);
      const row = await withTenant(database, p.tenant.id, async (tx) => {
        const k = await repo.updateApiKey(tx, id, { keyName: body.key_name, isActive: body.is_active, rateLimit: body.rate_limit, expiresAt });
        if (!k) throw notFound('API key');
        await appendAudit(tx, { ...actorOf(p), action: 'api_key.updated', targetKind: 'api_key', targetId: id, ip, details: { changes: body } });
        await credentials.invalidate(tx, { kind: 'api_key', id });
        return k;
      });
      return toOut(row);
    },

    async remove(p: TenantPrincipal, id: string, ip: string): Promise<void> {
      await withTenant(database, p.tenant.id, async (tx) => {
        const k = await repo.deleteApiKey(tx, id);
        if (!k) throw notFound('API key');
        await appendAudit(tx, { ...actorOf(p), action: 'api_key.deleted', targetKind: 'api_key', targetId: id, ip, details: { key_prefix: k.keyPrefix } });
        await credentials.invalidate(tx, { kind: 'api_key', id });
      });
    },
  };
}
