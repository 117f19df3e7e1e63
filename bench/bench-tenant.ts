import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/platform/db/client.ts';
import { withSystem } from '../src/platform/db/tenancy.ts';

/**
 * A registered enterprise tenant whose limits are on but set to `limits`, far above what a
 * bench sends, so the bench measures their cost, not refusals. Returns its owner's JWT.
 */
export async function benchTenant(
  app: FastifyInstance,
  database: Database,
  limits: { requests_per_minute: number; burst: number; calcs_per_day: number; calcs_per_minute: number },
  organization = 'Bench GmbH',
): Promise<{ jwt: string; tenantId: string }> {
  const reg = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-long-enough', full_name: 'Bench', organization_name: organization },
  });
  const { access_token: jwt, tenant } = reg.json() as { access_token: string; tenant: { id: string } };
  await withSystem(database, (tx) => tx.execute(sql`update tenants set plan = 'enterprise', custom_limits = ${JSON.stringify(limits)}::jsonb where id = ${tenant.id}`));
  return { jwt, tenantId: tenant.id };
}
