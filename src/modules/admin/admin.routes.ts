import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { PageQuery, Paged } from '../../platform/http/pagination.ts';
import type { AdminService } from './admin.service.ts';

const Limits = Type.Object(
  {
    requests_per_minute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    burst: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    calcs_per_day: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    calcs_per_minute: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
const Plan = Type.Union([Type.Literal('free'), Type.Literal('starter'), Type.Literal('professional'), Type.Literal('enterprise')]);

const TenantAdminOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  plan: Plan,
  is_active: Type.Boolean(),
  owner_email: Type.Union([Type.String(), Type.Null()]),
  members: Type.Integer(),
  custom_limits: Type.Union([Limits, Type.Null()]),
  limits: Limits,
  created_at: Type.String({ format: 'date-time' }),
});

const PatchTenant = Type.Object(
  {
    plan: Type.Optional(Plan),
    is_active: Type.Optional(Type.Boolean()),
    limits: Type.Optional(Type.Union([Limits, Type.Null()], { description: "A contract's custom limits; null restores the plan's" })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const access = { access: { audience: 'operator' as const } };

export function adminRoutes(deps: { admin: AdminService }): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const operatorId = (p: { kind: string; operatorId?: string }) => {
      if (p.kind !== 'operator' || !p.operatorId) throw new AppError('forbidden', 'Only platform operators may do this');
      return p.operatorId;
    };

    app.get('/admin/tenants', {
      config: access,
      schema: {
        summary: 'List tenants (platform operators)',
        description: 'Search by tenant name or owner email with `q`. Operators see accounts, never tenant data.',
        tags: ['Admin'],
        querystring: Type.Object({ ...PageQuery.properties, q: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Paged(TenantAdminOut), ...errorResponses(401, 403, 422) },
      },
    }, async (req) => {
      operatorId(req.principal);
      return deps.admin.listTenants(req.query);
    });

    app.patch('/admin/tenants/:tenant_id', {
      config: access,
      schema: {
        summary: "Change a tenant's plan, custom limits or active state (platform operators)",
        description: 'Limits apply to the next request. Deactivating a tenant makes its users and keys answer 401.',
        tags: ['Admin'],
        params: Type.Object({ tenant_id: Type.String({ format: 'uuid' }) }),
        body: PatchTenant,
        response: { 200: TenantAdminOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    }, async (req) => deps.admin.updateTenant(operatorId(req.principal), req.params.tenant_id, req.body, req.ip));
  };
}
