import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Limiter } from '../limits/rate-limit.ts';
import { requiredScope, type RouteAccess } from './access.ts';
import { hashApiKey, isWellFormedApiKey, looksLikeApiKey } from './api-key-format.ts';
import type { CredentialStore } from './credentials.ts';
import type { LastUsedTracker } from './last-used.ts';
import { isTenantPrincipal, scopesOfRole, type Principal } from './principal.ts';
import type { TokenSigner } from './tokens.ts';

export interface AuthDeps {
  signer: TokenSigner;
  credentials: CredentialStore;
  lastUsed: LastUsedTracker;
  limiter: Limiter;
}

const unauthorized = (detail = 'Invalid or missing credentials') =>
  new AppError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
const forbidden = (detail: string) => new AppError('forbidden', detail);

async function resolvePrincipal(request: FastifyRequest, reply: FastifyReply, deps: AuthDeps): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined) return { kind: 'anonymous', ip: request.ip };
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized('Authorization header must be "Bearer <token>"');
  const token = match[1];

  if (looksLikeApiKey(token)) {
    // Shape first: a malformed key never reaches the database.
    if (!isWellFormedApiKey(token)) throw unauthorized('Malformed API key');
    const key = await deps.credentials.apiKeyByHash(hashApiKey(token));
    if (!key || !key.isActive) throw unauthorized('Invalid or inactive API key');
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw unauthorized('API key has expired');
    const tenant = await deps.credentials.tenant(key.tenantId);
    if (!tenant?.isActive) throw unauthorized('Account is deactivated');
    void reply.header('x-carbontrace-mode', key.sandbox ? 'sandbox' : 'live');
    deps.lastUsed.touch(key.id);
    return { kind: 'api_key', keyId: key.id, tenant, scopes: key.scopes, rateLimit: key.rateLimit, sandbox: key.sandbox };
  }

  const claims = await deps.signer.verifyAccess(token);
  if (!claims) throw unauthorized('Invalid or expired token');
  if (claims.kind === 'operator') {
    if (!(await deps.credentials.operatorExists(claims.sub))) throw unauthorized();
    return { kind: 'operator', operatorId: claims.sub };
  }
  const user = await deps.credentials.user(claims.sub);
  if (!user || !user.isActive || user.tenantId !== claims.tid) throw unauthorized();
  const tenant = await deps.credentials.tenant(user.tenantId);
  if (!tenant?.isActive) throw unauthorized('Account is deactivated');
  // The role comes from the database, not the token: a demotion applies to live tokens at once.
  return { kind: 'user', userId: user.id, role: user.role, tenant, scopes: scopesOfRole(user.role) };
}

function enforce(access: RouteAccess, method: string, p: Principal): void {
  const scope = requiredScope(access, method);
  switch (access.audience) {
    case 'public':
      return;
    case 'authenticated':
      if (p.kind === 'anonymous') throw unauthorized();
      return;
    case 'operator':
      if (p.kind === 'anonymous') throw unauthorized();
      if (p.kind !== 'operator') throw forbidden('Only platform operators may do this');
      return;
    case 'user':
      if (p.kind === 'anonymous') throw unauthorized();
      if (p.kind !== 'user') throw forbidden('This route needs a user login, not an API key or operator token');
      break;
    case 'tenant':
      if (p.kind === 'anonymous') throw unauthorized();
      if (p.kind === 'operator') throw forbidden('Operators have no access to tenant data');
      break;
  }
  if (isTenantPrincipal(p) && !p.scopes.has(scope)) {
    throw forbidden(p.kind === 'user' ? `Your role (${p.role}) may not do this (needs ${scope})` : `API key lacks the "${scope}" scope`);
  }
}

/**
 * One hook for every route with `config.access`: resolves the caller, enforces audience, scope
 * and sandbox rules, then the tenant's request limits. It runs at onRequest, before the body is
 * read, so an unauthenticated caller learns nothing about validation.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('sandbox', false);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const principal: Principal = access.ignoreCredentials ? { kind: 'anonymous', ip: request.ip } : await resolvePrincipal(request, reply, deps);
    request.principal = principal;
    enforce(access, request.method, principal);
    if (principal.kind === 'api_key' && principal.sandbox) {
      request.sandbox = true;
      const scope = requiredScope(access, request.method);
      const refuse = access.sandbox === 'refuse' || (access.sandbox === undefined && scope !== 'read');
      if (refuse) throw new AppError('forbidden', 'Sandbox keys cannot change data; use a live key');
    }
    if (isTenantPrincipal(principal) && access.limited !== false) await deps.limiter.checkRequest(principal, reply);
  });
}
