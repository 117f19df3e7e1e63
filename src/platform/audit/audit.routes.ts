import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requireTenant } from '../auth/principal.ts';
import type { Database } from '../db/client.ts';
import { withTenant } from '../db/tenancy.ts';
import { errorResponses } from '../http/error-schema.ts';
import { PageQuery, Paged, pageOf, pageOffset } from '../http/pagination.ts';
import { auditEntryOut, listAudit, verifyChain } from './audit.service.ts';

const AuditEntryOut = Type.Object({
  id: Type.Integer(),
  seq: Type.Integer(),
  occurred_at: Type.String({ format: 'date-time' }),
  actor_kind: Type.String(),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ examples: ['api_key.created'] }),
  target_kind: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  prev_hash: Type.String(),
  hash: Type.String(),
});

const Verdict = Type.Object({
  valid: Type.Boolean(),
  entries_checked: Type.Integer(),
  first_broken: Type.Union([Type.Object({ seq: Type.Integer(), id: Type.Integer(), reason: Type.String() }), Type.Null()]),
});

const access = { access: { audience: 'tenant' as const, scope: 'admin' as const } };

export function auditRoutes(deps: { database: Database }): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/audit', {
      config: access,
      schema: {
        summary: "Read your organisation's security audit trail (owners and admins)",
        description: 'Newest first. Each entry carries the hash of the previous one and its own content hash.',
        tags: ['Audit'],
        querystring: Type.Object({ ...PageQuery.properties, action: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Paged(AuditEntryOut), ...errorResponses(401, 403, 422, 429) },
      },
    }, async (req) => {
      const tid = requireTenant(req.principal).tenant.id;
      const { items, total } = await withTenant(deps.database, tid, (tx) =>
        listAudit(tx, tid, { offset: pageOffset(req.query), limit: req.query.page_size, action: req.query.action }),
      );
      return pageOf(
        items.map(auditEntryOut),
        total,
        req.query,
      );
    });

    app.get('/audit/verify', {
      config: access,
      schema: {
        summary: 'Recompute the audit hash chain and name the first broken entry',
        tags: ['Audit'],
        response: { 200: Verdict, ...errorResponses(401, 403, 429) },
      },
    }, async (req) => {
      const tid = requireTenant(req.principal).tenant.id;
      return withTenant(deps.database, tid, (tx) => verifyChain(tx, tid));
    });
  };
}
