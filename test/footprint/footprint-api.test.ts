import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';
import { laptop, seedCatalogue } from './seed.ts';

let app: FastifyInstance;
let owner: Account;
const BIG = { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 };
// Letters only: digits would read as a model number. Unique per run so a shared PostgreSQL never collides.
const brand = `Zen${Array.from(`${process.pid}${Date.now()}`, (d) => String.fromCharCode(97 + Number(d))).join('')}`;
let ip = 0;
/** Anonymous calls come from a fresh IP each, so the per-IP budget of one test never leaks into another. */
const freshIp = () => `10.9.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

beforeAll(async () => {
  await seedCatalogue([
    laptop(brand, 'Probook 9940', { gwp_total: '310', report_date: 'May 2022' }),
    laptop(brand, 'Probook 9960', { gwp_total: '330', weight: '1.6', report_date: 'June 2023' }),
    laptop(brand, 'Probook 7710', { gwp_total: '280', weight: '2.2', screen_size: '17', report_date: 'June 2021' }),
    // Another maker's product with the same line word and the nearest number: never a line neighbour.
    laptop(`Other${brand}`, 'Probook 9951', { gwp_total: '900', weight: '3.5', report_date: 'June 2023' }),
  ]);
  app = await buildTestApp();
  owner = await register(app);
  await setPlan(owner.tenantId, 'enterprise', BIG);
});
afterAll(async () => {
  await app.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = owner.auth) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: payload as object });
const anon = (url: string, payload: unknown, remoteAddress = freshIp()) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, remoteAddress });

describe('POST /footprint', () => {
  it('answers exactly the documented shape', async () => {
    const res = await post('/footprint', { category: 'monitor', specs: { screen_size_in: 27 } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      ['assumptions', 'breakdown', 'method', 'methodology_version', 'product', 'range', 'sources', 'total_kg_co2e', 'warnings'].sort(),
    );
    expect(Object.keys(body.product).sort()).toEqual(['brand', 'category', 'id', 'match_confidence', 'matched', 'name']);
    expect(Object.keys(body.breakdown).sort()).toEqual(['eol_kg', 'production_kg', 'transport_kg', 'use_kg']);
    expect(Object.keys(body.range).sort()).toEqual(['coverage', 'high_kg', 'low_kg']);
    expect(body.assumptions).toMatchObject({ lifetime_years: expect.any(Number), yearly_kwh: expect.any(Number), use_country: 'EU', grid_kg_per_kwh: expect.any(Number) });
    expect(Object.keys(body.sources).sort()).toEqual(['dataset_version', 'grid_factor', 'inputs']);
    expect(body.sources.grid_factor.source).toMatch(/Ember/);
    const phases = body.breakdown.production_kg + body.breakdown.transport_kg + body.breakdown.use_kg + body.breakdown.eol_kg;
    expect(Math.abs(phases - body.total_kg_co2e)).toBeLessThan(0.05);
  });

  it('user story: a 14-inch laptop, 1.4 kg, 2023, used in Poland → an estimate with range, method and assumptions', async () => {
    const res = await post('/footprint', { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.method).toBe('estimated');
    expect(b.product).toEqual({ id: null, brand: null, name: null, category: 'laptop', matched: false, match_confidence: 0 });
    expect(b.total_kg_co2e).toBeGreaterThan(80);
    expect(b.total_kg_co2e).toBeLessThan(600);
    expect(b.range.low_kg).toBeLessThan(b.total_kg_co2e);
    expect(b.range.high_kg).toBeGreaterThan(b.total_kg_co2e);
    expect(b.assumptions.use_country).toBe('PL');
    expect(b.assumptions.grid_kg_per_kwh).toBeGreaterThan(0.4); // Poland's grid is coal-heavy
    expect(b.sources.inputs).toMatchObject({ category: 'caller', weight_kg: 'caller', use_country: 'caller', lifetime_years: 'default', yearly_kwh: 'default' });
    // No silent defaults: each default the answer rests on is named.
    expect(b.warnings.join('\n')).toMatch(/lifetime_years not given/);
    expect(b.warnings.join('\n')).toMatch(/yearly_kwh not given/);
    // The same laptop in a low-carbon grid has a smaller use phase and the same production.
    const fr = (await post('/footprint', { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'FR' } })).json();
    expect(fr.breakdown.use_kg).toBeLessThan(b.breakdown.use_kg);
    expect(fr.breakdown.production_kg).toBe(b.breakdown.production_kg);
  });

  it('answers a catalogue product with its declaration, and re-bases the use phase for the caller', async () => {
    const declared = (await post('/footprint', { product: { query: `${brand} Probook 9940` } })).json();
    expect(declared.method).toBe('declared');
    expect(declared.product).toMatchObject({ brand, name: 'Probook 9940', category: 'laptop', matched: true });
    expect(declared.product.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(declared.product.match_confidence).toBeGreaterThanOrEqual(0.6);
    expect(declared.total_kg_co2e).toBe(310);
    expect(declared.sources.dataset_version).toMatch(/^pcf-[0-9a-f]{12}$/);
    expect(declared.sources.inputs.gwp_total).toBe('catalogue');
    const adjusted = (await post('/footprint', { product: { query: `${brand} Probook 9940` }, usage: { country: 'PL', lifetime_years: 6 } })).json();
    expect(adjusted.method).toBe('declared_adjusted');
    expect(adjusted.breakdown.production_kg).toBe(declared.breakdown.production_kg);
    expect(adjusted.breakdown.use_kg).not.toBe(declared.breakdown.use_kg);
    expect(adjusted.sources.inputs).toMatchObject({ lifetime_years: 'caller', use_country: 'caller' });
  });

  it('estimates a product the catalogue lacks from its product line, saying so', async () => {
    const res = await post('/footprint', { product: { query: `${brand} Probook 9950` } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.method).toBe('estimated');
    expect(b.product).toMatchObject({ id: null, matched: false, category: 'laptop' });
    expect(b.warnings.join('\n')).toMatch(/not found in the catalogue/);
    expect(b.warnings.join('\n')).toMatch(/category not given: 'laptop'/);
    expect(b.warnings.join('\n')).toMatch(/specs.weight_kg not given: 1.5 taken from the same product line \((Probook 9960, Probook 9940|Probook 9940, Probook 9960)\)/);
    expect(b.sources.inputs.weight_kg).toBe('catalogue');
    // An unknown product with nothing to go on needs a category.
    const none = await post('/footprint', { product: { query: 'Qwertyuiop Nonexistent' } });
    expect(none.statusCode).toBe(422);
    expect(none.json().detail[0].loc).toEqual(['body', 'category']);
  });

  it.each([
    [{ category: 'toaster' }, ['body', 'category']],
    [{ category: 'laptop', specs: { weight_kg: -1 } }, ['body', 'specs', 'weight_kg']],
    [{ category: 'monitor', specs: { screen_size_in: 900 } }, ['body', 'specs', 'screen_size_in']],
    [{ category: 'laptop', usage: { country: 'XX' } }, ['body', 'usage', 'country']],
    [{ category: 'laptop', specs: { storage: [{ type: 'ssd', capacity_gb: -5 }] } }, ['body', 'specs', 'storage', 0, 'capacity_gb']],
    [{ specs: { weight_kg: 1 } }, ['body', 'category']],
    [{ category: 'laptop', colour: 'red' }, ['body', 'colour']],
  ])('refuses %j with a 422 naming the field', async (payload, loc) => {
    const res = await post('/footprint', payload);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('validation_error');
    expect(res.json().detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
  });

  it('is public at the anonymous per-IP budget (5 per minute), with limit headers', async () => {
    const addr = freshIp();
    for (let i = 0; i < 5; i++) {
      const ok = await anon('/footprint', { category: 'tablet' }, addr);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['x-ratelimit-plan']).toBe('anonymous');
      // The tighter budget is the minute's (5), not the day's (25).
      expect(ok.headers['x-ratelimit-limit']).toBe('5');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    const refused = await anon('/footprint', { category: 'tablet' }, addr);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-limit']).toBe('5');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    expect((await anon('/footprint', { category: 'tablet' })).statusCode).toBe(200);
  });

  it('meters authenticated callers against their plan', async () => {
    const t = await register(app);
    const res = await post('/footprint', { category: 'laptop' }, t.auth);
    expect(res.headers['x-ratelimit-plan']).toBe('free');
    // free: 25 a day, 5 a minute; the headers describe the tighter one.
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.headers['x-ratelimit-remaining']).toBe('4');
  });
});

describe('POST /footprint/batch', () => {
  it('answers every item on its own: one bad item never fails the batch', async () => {
    const items = [{ category: 'laptop' }, { category: 'laptop', specs: { weight_kg: -2 } }, 42, { product: { query: `${brand} Probook 9960` } }, { category: 'toaster' }];
    const res = await post('/footprint/batch', { items });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.results.map((r: { index: number; ok: boolean }) => [r.index, r.ok])).toEqual([[0, true], [1, false], [2, false], [3, true], [4, false]]);
    expect(b.results[1].error.code).toBe('validation_error');
    expect(b.results[1].error.detail[0].loc).toEqual(['body', 'items', 1, 'specs', 'weight_kg']);
    expect(b.results[4].error.detail[0].loc).toEqual(['body', 'items', 4, 'category']);
    expect(b.results[3].result.method).toBe('declared');
    expect(b.summary).toEqual({ count: 5, ok: 2, failed: 3, total_kg_co2e: Math.round((b.results[0].result.total_kg_co2e + 330) * 100) / 100 });
  });

  it('answers the items the budget covers and marks the rest rate_limited; 429 once nothing is left', async () => {
    const t = await register(app); // free: 5 calculations per minute
    const res = await post('/footprint/batch', { items: Array.from({ length: 8 }, () => ({ category: 'monitor' })) }, t.auth);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.summary).toMatchObject({ count: 8, ok: 5, failed: 3 });
    expect(b.results.slice(5).map((r: { error: { code: string } }) => r.error.code)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    const again = await post('/footprint/batch', { items: [{ category: 'monitor' }] }, t.auth);
    expect(again.statusCode).toBe(429);
    // Invalid items cost nothing.
    const invalidOnly = await post('/footprint/batch', { items: [{ category: 'toaster' }] }, t.auth);
    expect(invalidOnly.statusCode).toBe(200);
  });

  it('refuses more than 10,000 items', async () => {
    const res = await post('/footprint/batch', { items: Array.from({ length: 10_001 }, () => ({})) });
    expect(res.statusCode).toBe(422);
  });
});

describe('body limits', () => {
  const padded = (bytes: number) => ({ category: 'laptop', specs: { cpu: 'x'.repeat(100) } , _pad: 'p'.repeat(bytes) });
  it('keeps 1 MiB on /footprint (413) but takes up to 16 MiB on /footprint/batch', async () => {
    const big = await post('/footprint', padded(1_100_000));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    // ~2 MiB of valid items: accepted by the batch route.
    const items = Array.from({ length: 9_000 }, () => ({ category: 'laptop', specs: { cpu: 'Intel Core i5-1345U vPro'.repeat(8) } }));
    const body = JSON.stringify({ items });
    expect(body.length).toBeGreaterThan(1_100_000);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/footprint/batch', headers: { ...owner.auth, 'content-type': 'application/json' }, payload: body });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
    expect(ok.json().summary.ok).toBe(9_000);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/footprint/batch',
      headers: { ...owner.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ items: [{ category: 'laptop', specs: { cpu: 'x'.repeat(17 * 1024 * 1024) } }] }),
    });
    expect(huge.statusCode).toBe(413);
  });
});

describe('POST /savings', () => {
  it('compares a scenario with a new device for the same service', async () => {
    const res = await post('/savings', { device: { product: { query: `${brand} Probook 9940` } }, scenario: 'extend_lifetime', extra_years: 2 });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ scenario: 'extend_lifetime', extra_years: 2, device: { method: 'declared', total_kg_co2e: 310 } });
    expect(b.avoided_kg_co2e).toBeCloseTo(b.baseline_kg_co2e - b.scenario_kg_co2e, 1);
    expect(b.avoided_kg_co2e).toBeGreaterThan(0);
    expect(b.explanation).toMatch(/2 years/);
    const refurb = (await post('/savings', { device: { category: 'laptop' }, scenario: 'refurbish' })).json();
    expect(refurb.warnings.join('\n')).toMatch(/extra_years not given/);
    const bad = await post('/savings', { device: { category: 'laptop', specs: { weight_kg: -1 } }, scenario: 'reuse' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['body', 'device', 'specs', 'weight_kg']);
  });
});

describe('sandbox keys', () => {
  it('get deterministic fixtures marked _sandbox, and never spend the live budget', async () => {
    const t = await register(app); // free plan: 25 live calculations a day
    const sbx = await createKey(app, t, { sandbox: true, key_name: unique('sbx') });
    const live = await createKey(app, t, { key_name: unique('live') });
    const a = await post('/footprint', { product: { query: 'Sandbox Sandbook 14 G3' } }, sbx.auth);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.headers['x-carbontrace-mode']).toBe('sandbox');
    expect(a.json()._sandbox).toBe(true);
    expect(a.json().product).toMatchObject({ brand: 'Sandbox', name: 'Sandbook 14 G3', matched: true });
    const b = await post('/footprint', { product: { query: 'Sandbox Sandbook 14 G3' } }, sbx.auth);
    expect(b.json()).toEqual(a.json());
    // The real catalogue is not visible to the sandbox.
    const real = await post('/footprint', { product: { query: `${brand} Probook 9940` } }, sbx.auth);
    expect(real.statusCode).toBe(422);
    const batch = (await post('/footprint/batch', { items: [{ category: 'laptop' }] }, sbx.auth)).json();
    expect(batch._sandbox).toBe(true);
    expect(batch.results[0].result._sandbox).toBe(true);
    expect((await post('/savings', { device: { category: 'laptop' }, scenario: 'reuse' }, sbx.auth)).json()._sandbox).toBe(true);
    const liveRes = await post('/footprint', { category: 'laptop' }, live.auth);
    expect(liveRes.json()._sandbox).toBeUndefined();
    expect(liveRes.headers['x-ratelimit-remaining']).toBe('4');
  });
});
