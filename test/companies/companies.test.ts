import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, addMember, register, setPlan, startTenantApp } from '../helpers/accounts.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  ({ app, owner } = await startTenantApp());
});
afterAll(() => app.close());

const baker = { name: 'Bäckerei Müller GmbH', country: 'DE', region: 'DE-BY', nace_code: '10.71', employees: 35, turnover_eur: 4_000_000 };
const create = (payload: object, who: Account = owner) => app.inject({ method: 'POST', url: '/api/v1/companies', headers: who.auth, payload });

describe('companies', () => {
  it('creates a company and derives its EU size class', async () => {
    const res = await create(baker);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ...baker, size_class: 'small', nace_title: expect.stringMatching(/bread/i), size_class_note: null });
  });

  it.each([
    [{ employees: 250, turnover_eur: 10_000_000 }, 'large'],
    [{ employees: 249, turnover_eur: 50_000_000 }, 'medium'],
    [{ employees: 9, turnover_eur: 2_500_000, balance_sheet_eur: 2_100_000 }, 'small'],
    [{ employees: 9, turnover_eur: 2_500_000, balance_sheet_eur: 1_900_000 }, 'micro'],
    [{ employees: 49, turnover_eur: 60_000_000, balance_sheet_eur: 40_000_000 }, 'medium'],
  ])('classifies %o as %s (headcount AND turnover-or-balance-sheet)', async (figures, expected) => {
    const res = await create({ ...baker, ...figures });
    expect(res.json().size_class).toBe(expected);
  });

  it('reports an undecidable size class as null with the missing figure', async () => {
    const res = await create({ name: 'Unknown Size', country: 'DE', nace_code: '10.71', employees: 30, turnover_eur: null });
    // A JSON null stays null: it is never coerced to 0 (which would make the company "small").
    expect(res.json().turnover_eur).toBeNull();
    expect(res.json().size_class).toBeNull();
    expect(res.json().size_class_note).toMatch(/turnover|balance/);
  });

  it.each([
    [{ country: 'XX' }, 'country'],
    [{ region: 'FR-IDF' }, 'region'],
    [{ nace_code: '99.99' }, 'nace_code'],
    [{ nace_code: 'C' }, 'nace_code'],
    [{ employees: -1 }, 'employees'],
    [{ turnover_eur: -5 }, 'turnover_eur'],
    [{ founded_year: 2999 }, 'founded_year'],
  ])('refuses %o with a 422 naming %s', async (bad, field) => {
    const res = await create({ ...baker, ...bad });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail.map((d: { loc: string[] }) => d.loc.at(-1))).toContain(field);
  });

  it('accepts a national 5-digit code and stores the NACE class', async () => {
    const res = await create({ ...baker, nace_code: '10.71.0' });
    expect(res.json().nace_code).toBe('10.71');
  });

  it('lists, updates and deletes, with 404 for another tenant\'s company', async () => {
    const id = (await create(baker)).json().id;
    const list = await app.inject({ method: 'GET', url: '/api/v1/companies?q=M%C3%BCller&page_size=100', headers: owner.auth });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${id}`, headers: owner.auth, payload: { employees: 260 } });
    expect(patched.json()).toMatchObject({ employees: 260, size_class: 'large' });
    const other = await register(app);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/v1/companies/${id}`, headers: other.auth, ...(method === 'PATCH' ? { payload: { employees: 1 } } : {}) });
      expect(res.statusCode, method).toBe(404);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/companies', headers: other.auth })).json().total).toBe(0);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/companies/${id}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/v1/companies/${id}`, headers: owner.auth })).statusCode).toBe(404);
  });

  it('lets a viewer read but not create', async () => {
    const viewer = await addMember(app, owner, 'viewer');
    expect((await create(baker, viewer)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/companies', headers: viewer.auth })).statusCode).toBe(200);
  });
});

describe('carbon profile', () => {
  it('starts empty and is replaced whole by PUT', async () => {
    const id = (await create(baker)).json().id;
    const empty = await app.inject({ method: 'GET', url: `/api/v1/companies/${id}/carbon-profile`, headers: owner.auth });
    expect(empty.json()).toMatchObject({ company_id: id, scope1_tco2e: null, planned_projects: [], updated_at: null });
    const profile = {
      reporting_year: 2025,
      scope1_tco2e: 120,
      scope2_location_tco2e: 40,
      scope2_market_tco2e: 30,
      scope3_tco2e: 300,
      scope3_by_category: { '1': 200, '4': 50 },
      reduction_target: { percent: 42, base_year: 2022, target_year: 2030 },
      planned_projects: [{ title: 'Electric deck oven', description: 'Replace the gas oven', capex_eur: 80_000, topics: ['electrification'] }],
    };
    const put = await app.inject({ method: 'PUT', url: `/api/v1/companies/${id}/carbon-profile`, headers: owner.auth, payload: profile });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ ...profile, total_tco2e: 450 });
    const replaced = await app.inject({ method: 'PUT', url: `/api/v1/companies/${id}/carbon-profile`, headers: owner.auth, payload: { scope1_tco2e: 5 } });
    expect(replaced.json()).toMatchObject({ scope1_tco2e: 5, scope3_tco2e: null, planned_projects: [] });
  });

  it.each([
    [{ scope1_tco2e: -1 }, 'scope1_tco2e'],
    [{ scope3_by_category: { '16': 1 } }, 'scope3_by_category'],
    [{ scope3_tco2e: 10, scope3_by_category: { '1': 20 } }, 'scope3_tco2e'],
    [{ reduction_target: { percent: 30, base_year: 2030, target_year: 2025 } }, 'target_year'],
    [{ planned_projects: [{ title: 'x', topics: ['teleportation'] }] }, 'topics'],
  ])('refuses %o with 422', async (bad, field) => {
    const id = (await create(baker)).json().id;
    const res = await app.inject({ method: 'PUT', url: `/api/v1/companies/${id}/carbon-profile`, headers: owner.auth, payload: bad });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().detail)).toContain(field);
  });

  it("answers 404 for another tenant's company profile", async () => {
    const other = await register(app);
    const id = (await create(baker)).json().id;
    expect((await app.inject({ method: 'GET', url: `/api/v1/companies/${id}/carbon-profile`, headers: other.auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: `/api/v1/companies/${id}/carbon-profile`, headers: other.auth, payload: { scope1_tco2e: 1 } })).statusCode).toBe(404);
  });
});

describe('NACE reference', () => {
  it('searches by words and by code prefix, filters by level and parent', async () => {
    const words = (await app.inject({ method: 'GET', url: '/api/v1/reference/nace?q=bread' })).json();
    expect(words.items.map((n: { code: string }) => n.code)).toContain('10.71');
    const prefix = (await app.inject({ method: 'GET', url: '/api/v1/reference/nace?q=10.7' })).json();
    expect(prefix.items.every((n: { code: string }) => n.code.startsWith('10.7'))).toBe(true);
    const sections = (await app.inject({ method: 'GET', url: '/api/v1/reference/nace?level=1&page_size=100' })).json();
    expect(sections.total).toBe(21);
    const divisionsOfC = (await app.inject({ method: 'GET', url: '/api/v1/reference/nace?parent=C&page_size=100' })).json();
    expect(divisionsOfC.total).toBe(24);
  });

  it('returns one code with its ancestors, and 404 for an unknown code', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/reference/nace/10.71' });
    expect(res.json()).toMatchObject({ code: '10.71', level: 4, parent_code: '10.7' });
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['C', '10', '10.7']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/reference/nace/99.99' })).statusCode).toBe(404);
  });
});

describe('pulling the fleet into scope 3', () => {
  it("books the fleet's production and transport as capital goods and end of life as waste, replacing on re-run", async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise');
    const csv = ['name,quantity,category,year,screen_size_in,weight_kg,country', 'Laptops,10,laptop,2023,14,1.4,DE', 'Screens,5,monitor,2022,27,,DE'].join('\n');
    const imported = await app.inject({ method: 'POST', url: '/api/v1/assets/import', headers: { ...t.auth, 'content-type': 'text/csv' }, payload: csv });
    expect(imported.json().created).toBe(2);
    const summary = (await app.inject({ method: 'GET', url: '/api/v1/assets/summary', headers: t.auth })).json();
    const id = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: t.auth, payload: baker })).json().id;
    await app.inject({ method: 'PUT', url: `/api/v1/companies/${id}/carbon-profile`, headers: t.auth, payload: { scope3_tco2e: 100, scope3_by_category: { '1': 60 } } });

    const pulled = await app.inject({ method: 'POST', url: `/api/v1/companies/${id}/carbon-profile/fleet`, headers: t.auth });
    expect(pulled.statusCode, pulled.body).toBe(200);
    const body = pulled.json();
    const capital = Math.round(summary.production_kg + summary.transport_kg) / 1000;
    const eol = Math.round(summary.eol_kg) / 1000;
    expect(body.fleet).toMatchObject({ assets: 2, units: 15, capital_goods_tco2e: capital, end_of_life_tco2e: eol });
    expect(body.scope3_by_category).toEqual({ '1': 60, '2': capital, '5': eol });
    expect(body.scope3_tco2e).toBeCloseTo(100 + capital + eol, 3);
    expect(body.fleet.use_phase_tco2e_not_added).toBeGreaterThan(0);

    const again = (await app.inject({ method: 'POST', url: `/api/v1/companies/${id}/carbon-profile/fleet`, headers: t.auth })).json();
    expect(again.scope3_tco2e).toBeCloseTo(body.scope3_tco2e, 6);
  });

  it("answers 404 for another tenant's company", async () => {
    const other = await register(app);
    const id = (await create(baker)).json().id;
    expect((await app.inject({ method: 'POST', url: `/api/v1/companies/${id}/carbon-profile/fleet`, headers: other.auth })).statusCode).toBe(404);
  });
});
