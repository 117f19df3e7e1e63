import type { Scope } from './principal.ts';

/**
 * Who may call a route, declared in its `config.access`. The authenticate hook enforces it
 * before the body is parsed, so missing credentials are a 401 whatever the body holds.
 * - public: anyone; credentials, if sent, are still checked (and meter the caller's plan).
 * - tenant: a tenant user's token or an API key.
 * - user: a tenant user's token only (account management that a key must not do).
 * - operator: a platform operator's token.
 * - authenticated: any valid credential.
 */
export type Audience = 'public' | 'tenant' | 'user' | 'operator' | 'authenticated';

export interface RouteAccess {
  audience: Audience;
  /** Defaults: read for GET, write for other methods. */
  scope?: Scope;
  /** How a sandbox key is treated: 'allow' (reads, or a route that answers fixtures), 'refuse'. Default: allow only for read scope. */
  sandbox?: 'allow' | 'refuse';
  /** Count against the tenant's request limit (default true). */
  limited?: boolean;
  /**
   * Treat every caller as anonymous and never read the Authorization header: for the token
   * endpoints, where OAuth2 clients (Swagger UI's Authorize) send `Basic` client credentials.
   */
  ignoreCredentials?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function requiredScope(access: RouteAccess, method: string): Scope {
  return access.scope ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
}
