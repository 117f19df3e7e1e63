import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFootprintModel } from '../../src/modules/footprint/model/estimator.ts';
import { sql } from 'drizzle-orm';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import { buildTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { addMember, createKey, register, setPlan, type Account } from '../helpers/accounts.ts';

let app: FastifyInstance;
let a: Account;
let b: Account;
const BIG = { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 };

beforeAll(async () => {
  app = await buildTestApp();
  a = await register(app);
  b = await register(app);
  await setPlan(a.tenantId, 'enterprise', BIG);
  await setPlan(b.tenantId, 'enterprise', BIG);
});
afterAll(async () => {
  await app.close();
});

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Account | { auth: Record<string, string> }, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url: `/api/v1${url}`, headers: { ...who.auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

const CSV = [
  'name,quantity,category,brand,model,year,screen_size_in,weight_kg,country,external_id',
  'Sales laptops,10,laptop,,,2023,14,1.4,PL,TAG-1',
  'Bad weight,1,laptop,,,2023,14,-3,PL,TAG-2',
  'Monitors,20,monitor,,,2022,27,,DE,TAG-3',
  'Toasters,1,toaster,,,,,,,TAG-4',
  'Unknown country,2,desktop,,,,,,XX,TAG-5',
].join('\n');

describe('fleet', () => {
  it('imports a CSV fleet with per-row errors, lists it and totals it by category and phase', async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise', BIG);
    const res = await req('POST', '/assets/import', t, CSV, { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, failed: 3 });
    expect(body.errors.map((e: { row: number }) => e.row)).toEqual([3, 5, 6]);
    expect(body.errors[0].detail[0].loc).toEqual(['row', 3, 'specs', 'weight_kg']);
    expect(body.errors[1].detail[0].loc).toEqual(['row', 5, 'category']);
    expect(body.errors[2].detail[0].loc).toEqual(['row', 6, 'usage', 'country']);

    const list = (await req('GET', '/assets?page_size=10', t)).json();
    expect(list).toMatchObject({ total: 2, page: 1, pages: 1 });
    const laptops = list.items.find((x: { name: string }) => x.name === 'Sales laptops');
    expect(laptops).toMatchObject({ quantity: 10, category: 'laptop', method: 'estimated', external_id: 'TAG-1' });
    expect(laptops.total_kg_co2e).toBeCloseTo(laptops.unit_kg_co2e * 10, 0);
    expect(laptops.footprint.assumptions.use_country).toBe('PL');

    const summary = (await req('GET', '/assets/summary', t)).json();
    expect(summary.assets).toBe(2);
    expect(summary.units).toBe(30);
    expect(summary.by_category.map((c: { category: string }) => c.category)).toEqual(['laptop', 'monitor']);
    const sumCats = summary.by_category.reduce((s: number, c: { total_kg_co2e: number }) => s + c.total_kg_co2e, 0);
    expect(summary.total_kg_co2e).toBeCloseTo(sumCats, 1);
    const phases = summary.production_kg + summary.transport_kg + summary.use_kg + summary.eol_kg;
    expect(Math.abs(phases - summary.total_kg_co2e)).toBeLessThan(1);
    expect(summary.by_method).toEqual([expect.objectContaining({ method: 'estimated', assets: 2, units: 30 })]);
    expect(summary.by_methodology).toEqual([expect.objectContaining({ methodology_version: defaultFootprintModel().params.methodology_version, assets: 2, units: 30 })]);

    expect((await req('GET', '/assets?category=monitor', t)).json().total).toBe(1);
    expect((await req('GET', '/assets?q=tag-3', t)).json().items[0].name).toBe('Monitors');
    expect((await req('GET', '/assets?method=declared', t)).json().total).toBe(0);
    expect((await req('POST', '/assets/import', t, 'colour,name\nred,x', { 'content-type': 'text/csv' })).statusCode).toBe(422);
  });

  it('imports JSON items, updates with a recompute, deletes', async () => {
    const res = await req('POST', '/assets/import', a, { items: [{ name: 'Phones', category: 'smartphone', quantity: 3 }, { category: 'laptop', specs: { weight_kg: 'heavy' } }] });
    expect(res.json()).toMatchObject({ created: 1, failed: 1, errors: [{ index: 1, row: null }] });
    expect(res.json().errors[0].detail[0].loc).toEqual(['body', 'items', 1, 'specs', 'weight_kg']);
    const id = res.json().ids[0];
    const before = (await req('GET', `/assets/${id}`, a)).json();
    const updated = await req('PATCH', `/assets/${id}`, a, { usage: { country: 'PL', lifetime_years: 5 }, quantity: 4 });
    expect(updated.statusCode, updated.body).toBe(200);
    const after = updated.json();
    expect(after).toMatchObject({ name: 'Phones', quantity: 4, category: 'smartphone' });
    expect(after.input.usage).toEqual({ country: 'PL', lifetime_years: 5 });
    expect(after.footprint.assumptions.use_country).toBe('PL');
    expect(after.unit_kg_co2e).not.toBe(before.unit_kg_co2e);
    expect((await req('PATCH', `/assets/${id}`, a, { specs: { weight_kg: -1 } })).statusCode).toBe(422);
    expect((await req('DELETE', `/assets/${id}`, a)).statusCode).toBe(204);
    expect((await req('GET', `/assets/${id}`, a)).statusCode).toBe(404);
  });

  it('recomputes the whole fleet with the current model, only the caller\'s, keeping what no longer computes', async () => {
    const c = await register(app);
    const d = await register(app);
    await setPlan(c.tenantId, 'enterprise', BIG);
    await setPlan(d.tenantId, 'enterprise', BIG);
    const made = await req('POST', '/assets/import', c, { items: [{ name: 'Laptops', category: 'laptop', quantity: 5 }, { name: 'Screens', category: 'monitor' }, { name: 'Odd', category: 'desktop' }] });
    const [laptops, , odd] = made.json().ids as string[];
    expect((await req('POST', '/assets', d, { name: 'D laptop', category: 'laptop' })).statusCode).toBe(201);
    const fresh = (await req('GET', `/assets/${laptops}`, c)).json();
    // As a fleet stored under an earlier model looks; one stored request no longer passes validation.
    const database = await testDatabase();
    await withSystem(database, async (tx) => {
      await tx.execute(sql`update assets set result = jsonb_set(result, '{methodology_version}', '"footprint-model/1.2"'), unit_kg_co2e = 1, total_kg_co2e = 1 where tenant_id in (${c.tenantId}, ${d.tenantId})`);
      await tx.execute(sql`update assets set input = '{"category": "desktop", "specs": {"weight_kg": -1}}'::jsonb where id = ${odd}`);
    });
    expect((await req('GET', '/assets/summary', c)).json().by_methodology).toEqual([expect.objectContaining({ methodology_version: 'footprint-model/1.2', assets: 3 })]);

    const res = await req('POST', '/assets/recompute', c);
    expect(res.statusCode, res.body).toBe(200);
    const current = defaultFootprintModel().params.methodology_version;
    expect(res.json()).toMatchObject({ recomputed: 2, failed: 1, methodology_version: current, errors: [{ id: odd }] });
    const after = (await req('GET', `/assets/${laptops}`, c)).json();
    expect(after.unit_kg_co2e).toBe(fresh.unit_kg_co2e);
    expect(after.total_kg_co2e).toBe(fresh.total_kg_co2e);
    expect((await req('GET', `/assets/${odd}`, c)).json().unit_kg_co2e).toBe(1);
    const byVersion = (await req('GET', '/assets/summary', c)).json().by_methodology.map((m: { methodology_version: string; assets: number }) => [m.methodology_version, m.assets]);
    expect(byVersion.sort()).toEqual([['footprint-model/1.2', 1], [current, 2]].sort());
    // The other tenant's fleet is not touched.
    expect((await req('GET', '/assets/summary', d)).json().by_methodology).toEqual([expect.objectContaining({ methodology_version: 'footprint-model/1.2', assets: 1 })]);
    const sbx = await createKey(app, c, { sandbox: true, scopes: 'read,write' });
    expect((await req('POST', '/assets/recompute', sbx)).statusCode).toBe(403);
  });

  it("isolates tenants: another tenant's asset is 404 on every route and absent from lists and totals", async () => {
    const created = await req('POST', '/assets', b, { name: 'B secret', category: 'server', quantity: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    for (const [method, payload] of [['GET', undefined], ['PATCH', { name: 'stolen' }], ['DELETE', undefined]] as const) {
      expect((await req(method, `/assets/${id}`, a, payload)).statusCode).toBe(404);
    }
    expect((await req('GET', '/assets?q=B%20secret', a)).json().total).toBe(0);
    expect((await req('GET', `/assets/${id}`, b)).json().name).toBe('B secret');
  });

  it('needs the write scope for writes and refuses sandbox keys', async () => {
    const viewer = await addMember(app, a, 'viewer');
    expect((await req('POST', '/assets', viewer, { category: 'laptop' })).statusCode).toBe(403);
    expect((await req('GET', '/assets', viewer)).statusCode).toBe(200);
    const sbx = await createKey(app, a, { sandbox: true, scopes: 'read,write' });
    expect((await req('POST', '/assets', sbx, { category: 'laptop' })).statusCode).toBe(403);
    expect((await req('POST', '/assets/import', sbx, { items: [] })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/assets' })).statusCode).toBe(401);
  });

  it('takes bulk imports up to 16 MiB while single creates keep 1 MiB', async () => {
    const pad = 'x'.repeat(150);
    const items = Array.from({ length: 8_000 }, (_, i) => ({ name: `Laptop ${i} ${pad}`, category: 'laptop', specs: { cpu: pad } }));
    const body = JSON.stringify({ items });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise', BIG);
    const ok = await req('POST', '/assets/import', t, body, { 'content-type': 'application/json' });
    expect(ok.statusCode, ok.body.slice(0, 200)).toBe(200);
    expect(ok.json().created).toBe(8_000);
    const big = await req('POST', '/assets', t, JSON.stringify({ name: 'x'.repeat(1_100_000), category: 'laptop' }), { 'content-type': 'application/json' });
    expect(big.statusCode).toBe(413);
  });
});
