import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register } from '../helpers/accounts.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});
const get = (url: string, remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/api/v1${url}`, remoteAddress, headers });

describe('reference data', () => {
  it('lists countries with ISO codes, EU/EEA flags and grid factors', async () => {
    const res = await get('/reference/countries', '10.50.0.1');
    expect(res.statusCode, res.body).toBe(200);
    const byCode = new Map(res.json().items.map((c: { alpha2: string }) => [c.alpha2, c]));
    expect(byCode.get('DE')).toMatchObject({ alpha3: 'DEU', name: 'Germany', eu_member: true, eea_member: true, grid_kg_per_kwh: expect.any(Number) });
    expect(byCode.get('NO')).toMatchObject({ eu_member: false, eea_member: true, efta_member: true });
    expect(byCode.get('US')).toMatchObject({ eu_member: false, eea_member: false });
    expect(res.json().total).toBeGreaterThan(240);
  });

  it('lists grid factors with their source and the regions EU and WW', async () => {
    const body = (await get('/reference/grid-factors', '10.50.0.2')).json();
    const pl = body.items.find((g: { code: string }) => g.code === 'PL');
    expect(pl).toMatchObject({ name: 'Poland', year: null });
    expect(pl.kg_per_kwh).toBeGreaterThan(0.4);
    expect(body.items.map((g: { code: string }) => g.code)).toEqual(expect.arrayContaining(['EU', 'WW']));
    expect(body.source.source).toMatch(/Ember/);
  });

  it('lists the 13 device categories with defaults and typical ranges', async () => {
    const body = (await get('/reference/device-categories', '10.50.0.3')).json();
    expect(body.items).toHaveLength(13);
    const laptop = body.items.find((c: { category: string }) => c.category === 'laptop');
    expect(laptop.default_lifetime_years).toBeGreaterThan(0);
    expect(laptop.typical_total_kg.p10).toBeLessThan(laptop.typical_total_kg.p90);
  });

  it('spends the anonymous per-IP budget, and marks sandbox answers', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/reference/device-categories', '10.50.0.9')).statusCode).toBe(200);
    expect((await get('/reference/device-categories', '10.50.0.9')).statusCode).toBe(429);
    const t = await register(app);
    const sbx = await createKey(app, t, { sandbox: true });
    expect((await get('/reference/grid-factors', '10.50.0.10', sbx.auth)).json()._sandbox).toBe(true);
  });
});
