import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

// Repeated /footprint bodies are answered from a memo of serialized answers (footprint-memo.ts).
// What must hold: a repeat answers byte for byte the same, is still metered, and never crosses
// a catalogue change, a tenant's private products or the sandbox boundary.
let app: FastifyInstance;
let a: Account;
let b: Account;

beforeAll(async () => {
  app = await buildTestApp();
  a = await register(app);
  b = await register(app);
  const big = { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 };
  await setPlan(a.tenantId, 'enterprise', big);
  await setPlan(b.tenantId, 'enterprise', big);
});
afterAll(async () => {
  await app.close();
});

const footprint = (payload: object, headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/footprint', headers, payload });

describe('repeated POST /footprint', () => {
  it('answers the same bytes with the JSON content type', async () => {
    const body = { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.37, year: 2023 }, usage: { country: 'PL' } };
    const first = await footprint(body, a.auth);
    const second = await footprint(body, a.auth);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.json().method).toBe('estimated');
  });

  it('still spends a calculation for every answer', async () => {
    const c = await register(app);
    await setPlan(c.tenantId, 'free', { requests_per_minute: 1000, burst: 1000, calcs_per_day: 3, calcs_per_minute: 100 });
    const body = { category: 'monitor', specs: { screen_size_in: 27 } };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await footprint(body, c.auth)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it('does not outlive a catalogue change, nor show one tenant’s private product to another', async () => {
    const name = `Memobook ${unique('m').replace(/[^a-z]/gi, '')}`;
    const body = { product: { brand: 'Memocorp', model: name }, category: 'laptop' };
    const before = await footprint(body, a.auth);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().method).toBe('estimated');

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: a.auth,
      payload: { brand: 'Memocorp', name, category: 'laptop', gwp_total_kg: 432, phase_ratios: { use: 0.2 }, yearly_kwh: 20, lifetime_years: 4, use_location: 'EU' },
    });
    expect(created.statusCode, created.body).toBe(201);

    const after = await footprint(body, a.auth);
    expect(after.json().product).toMatchObject({ id: created.json().id, matched: true });
    expect(after.json().method).toMatch(/^declared/);
    // Same body, other tenant: the private product stays invisible, memo or not.
    const other = await footprint(body, b.auth);
    expect(other.json().product.matched).toBe(false);
    expect(other.json().method).toBe('estimated');
  });

  it('keeps sandbox and live answers apart for the same body', async () => {
    const sbx = await createKey(app, a, { sandbox: true });
    const live = await createKey(app, a);
    const body = { category: 'desktop', specs: { year: 2022 } };
    const l1 = await footprint(body, live.auth);
    const s1 = await footprint(body, sbx.auth);
    const l2 = await footprint(body, live.auth);
    expect(l1.json()._sandbox).toBeUndefined();
    expect(s1.json()._sandbox).toBe(true);
    expect(s1.headers['x-carbontrace-mode']).toBe('sandbox');
    expect(l2.json()._sandbox).toBeUndefined();
    expect(l2.body).toBe(l1.body);
  });
});
