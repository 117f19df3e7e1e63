import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Limiter, RequestMeter } from '../limits/rate-limit.ts';
import { requiredScope, type RouteAccess } from './access.ts';
import { hashApiKey, isWellFormedApiKey, looksLikeApiKey } from './api-key-format.ts';
import type { CredentialStore } from './credentials.ts';
import type { LastUsedTracker } from './last-used.ts';
import { PrincipalCache, type ResolvedCaller } from './principal-cache.ts';
import { isTenantPrincipal, scopesOfRole, type Principal, type Scope, type TenantPrincipal } from './principal.ts';
import type { TokenSigner } from './tokens.ts';

export interface AuthDeps {
  signer: TokenSigner;
  credentials: CredentialStore;
  lastUsed: LastUsedTracker;
  limiter: Limiter;
}

/** A caller as the request hook uses it; only tenant callers are cached (see ResolvedCaller). */
interface Caller {
  readonly principal: Principal;
  readonly meter: RequestMeter | null;
  readonly keyId: string | null;
  readonly mode: 'live' | 'sandbox' | null;
}

const unauthorized = (detail = 'Invalid or missing credentials') =>
  new AppError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
const forbidden = (detail: string) => new AppError('forbidden', detail);
const BEARER = /^Bearer ([^\s]+)$/i;

const uncached = (principal: Principal): Caller => ({ principal, meter: null, keyId: null, mode: null });

/** The slow path, for a header not in the cache: parse, verify, read the records, cache tenant callers. */
async function resolve(header: string, deps: AuthDeps, cache: PrincipalCache): Promise<Caller> {
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthorized('Authorization header must be "Bearer <token>"');
  const token = match[1];
  // Read before any record: if one is evicted while this resolves, the result is not cached.
  const generation = deps.credentials.generation;
  let principal: TenantPrincipal;
  let until: number;

  if (looksLikeApiKey(token)) {
    // Shape first: a malformed key never reaches the database.
    if (!isWellFormedApiKey(token)) throw unauthorized('Malformed API key');
    const keyEntry = await deps.credentials.apiKeyEntry(hashApiKey(token));
    const key = keyEntry?.value;
    if (!keyEntry || !key?.isActive) throw unauthorized('Invalid or inactive API key');
    const expiresAt = key.expiresAt?.getTime() ?? Infinity;
    if (expiresAt <= Date.now()) throw unauthorized('API key has expired');
    const tenantEntry = await deps.credentials.tenantEntry(key.tenantId);
    if (!tenantEntry?.value.isActive) throw unauthorized('Account is deactivated');
    principal = { kind: 'api_key', keyId: key.id, tenant: tenantEntry.value, scopes: key.scopes, rateLimit: key.rateLimit, sandbox: key.sandbox };
    until = Math.min(keyEntry.until, tenantEntry.until, expiresAt);
  } else {
    const verified = await deps.signer.verifyAccessUntil(token);
    if (!verified) throw unauthorized('Invalid or expired token');
    const claims = verified.claims;
    if (claims.kind === 'operator') {
      // Operators are never cached: their token is checked against the table each time.
      if (!(await deps.credentials.operatorExists(claims.sub))) throw unauthorized();
      return uncached({ kind: 'operator', operatorId: claims.sub });
    }
    const userEntry = await deps.credentials.userEntry(claims.sub);
    const user = userEntry?.value;
    if (!userEntry || !user?.isActive || user.tenantId !== claims.tid) throw unauthorized();
    const tenantEntry = await deps.credentials.tenantEntry(user.tenantId);
    if (!tenantEntry?.value.isActive) throw unauthorized('Account is deactivated');
    // The role comes from the database, not the token: a demotion applies to live tokens at once.
    principal = { kind: 'user', userId: user.id, role: user.role, tenant: tenantEntry.value, scopes: scopesOfRole(user.role) };
    until = Math.min(verified.expMs, userEntry.until, tenantEntry.until);
  }
  Object.freeze(principal);
  const caller: ResolvedCaller = {
    header,
    principal,
    meter: deps.limiter.meterFor(principal),
    keyId: principal.kind === 'api_key' ? principal.keyId : null,
    mode: principal.kind === 'api_key' ? (principal.sandbox ? 'sandbox' : 'live') : null,
    until,
  };
  cache.set(caller, generation);
  return caller;
}

function enforce(access: RouteAccess, scope: Scope, p: Principal): void {
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
 * The onRequest hook of one route. Synchronous when the caller is cached and limits are kept in
 * memory (the common case: no promise, no allocation beyond header text); it falls back to the
 * promise of the slow path or of the Redis round trips otherwise.
 */
function routeGuard(access: RouteAccess, deps: AuthDeps, cache: PrincipalCache): onRequestHookHandler {
  const readScope = requiredScope(access, 'GET');
  const writeScope = requiredScope(access, 'POST');
  const sandboxRefused = (scope: Scope) => access.sandbox === 'refuse' || (access.sandbox === undefined && scope !== 'read');
  const refuseSandboxRead = sandboxRefused(readScope);
  const refuseSandboxWrite = sandboxRefused(writeScope);
  const limited = access.limited !== false;

  const admit = (request: FastifyRequest, reply: FastifyReply, caller: Caller, now: number): Promise<void> | undefined => {
    const p = caller.principal;
    request.principal = p;
    if (caller.keyId !== null && caller.mode !== null) {
      void reply.header('x-carbontrace-mode', caller.mode);
      deps.lastUsed.touch(caller.keyId, now);
    }
    const read = request.method === 'GET' || request.method === 'HEAD';
    enforce(access, read ? readScope : writeScope, p);
    if (caller.mode === 'sandbox') {
      request.sandbox = true;
      if (read ? refuseSandboxRead : refuseSandboxWrite) throw new AppError('forbidden', 'Sandbox keys cannot change data; use a live key');
    }
    return caller.meter !== null && limited ? deps.limiter.check(caller.meter, reply, now) : undefined;
  };

  return function authorize(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const header = access.ignoreCredentials ? undefined : request.headers.authorization;
    let pending: Promise<void> | undefined;
    if (header === undefined) {
      pending = admit(request, reply, uncached({ kind: 'anonymous', ip: request.ip }), 0);
    } else {
      const now = Date.now();
      const hit = cache.get(header, now);
      pending = hit !== undefined ? admit(request, reply, hit, now) : resolve(header, deps, cache).then((caller) => admit(request, reply, caller, Date.now()));
    }
    if (pending === undefined) done();
    else pending.then(() => done(), (err: FastifyError) => done(err));
  };
}

/**
 * Guards every route with `config.access`: resolves the caller, enforces audience, scope and
 * sandbox rules, then the tenant's request limits. The hook is attached per route (routes without
 * access pay nothing, and no route options are looked up per request) and runs at onRequest,
 * before the body is read, so an unauthenticated caller learns nothing about validation.
 * Register before any route with `config.access`; `ready()` fails if one escaped.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('sandbox', false);
  const cache = new PrincipalCache(deps.credentials);
  const guarded = new Set<string>();
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) return;
    const hook = routeGuard(access, deps, cache);
    const own = route.onRequest;
    route.onRequest = own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook];
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) guarded.add(`${method} ${route.url}`);
  });
  app.addHook('onReady', async () => {
    if (!app.hasDecorator('registeredRoutes')) return;
    const escaped = app.registeredRoutes.filter((r) => (r.config as { access?: RouteAccess } | undefined)?.access && !guarded.has(`${r.method} ${r.url}`));
    if (escaped.length > 0) throw new Error(`routes registered before authentication: ${escaped.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  });
}
