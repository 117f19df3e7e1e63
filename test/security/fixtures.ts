import type { FastifyInstance } from 'fastify';
import { createKey, type Account } from '../helpers/accounts.ts';

/**
 * For every path parameter of an authenticated route: how to make a resource of that kind in
 * another tenant, so the suite can check it answers 404. A new route with a parameter that is
 * not here fails the suite until its fixture is added.
 */
export type ParamFixture = (app: FastifyInstance, other: Account) => Promise<string>;

export const PARAM_FIXTURES: Record<string, ParamFixture> = {
  user_id: async (_app, other) => other.userId,
  api_key_id: async (app, other) => (await createKey(app, other)).id,
  // Operators see every tenant: the check for them is "unknown id → 404".
  tenant_id: async () => '00000000-0000-4000-8000-000000000000',
  // The catalogue belongs to no tenant: operators' write routes answer 404 for an unknown programme.
  grant_id: async () => '2147483646',
  product_id: async (app, other) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/products', headers: other.auth, payload: { brand: 'Fixture', name: `Private ${Date.now()} ${Math.random()}`, category: 'laptop', gwp_total_kg: 250 } });
    return (res.json() as { id: string }).id;
  },
  asset_id: async (app, other) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/assets', headers: other.auth, payload: { name: 'Fixture asset', category: 'monitor', specs: { screen_size_in: 24 } } });
    return (res.json() as { id: string }).id;
  },
  match_id: async (app, other) => {
    const company = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: other.auth,
      payload: { name: 'Other Bakery', country: 'DE', nace_code: '10.71', employees: 5, turnover_eur: 500_000 },
    });
    const run = await app.inject({ method: 'POST', url: '/api/v1/matches/run', headers: other.auth, payload: { company_id: company.json().id } });
    return (run.json() as { items: { id: string }[] }).items[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  },
  company_id: async (app, other) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: other.auth,
      payload: { name: 'Other GmbH', country: 'DE', nace_code: '10.71', employees: 5 },
    });
    return (res.json() as { id: string }).id;
  },
};
