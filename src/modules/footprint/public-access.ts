/**
 * Access and metering shared by the public footprint-family routes (footprint, batch, savings,
 * products identify/search, reference). They are open to anonymous callers, whose only budget is
 * the per-IP calculation budget of API.md "Plans and limits"; so every anonymous call spends one
 * calculation there. Authenticated callers pass the tenant's request limit in the authenticate
 * hook, and spend calculations only where a footprint is computed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteAccess } from '../../platform/auth/access.ts';

/** Public, read-only (POSTs here compute, they change nothing), and answered with fixtures for sandbox keys. */
export const PUBLIC_ACCESS: { access: RouteAccess } = { access: { audience: 'public', scope: 'read', sandbox: 'allow' } };

/** Anonymous callers spend one calculation of their IP's budget per call. */
export async function meterAnonymous(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.principal.kind === 'anonymous') await app.limiter.spendCalculations(req.principal, reply, 1);
}
