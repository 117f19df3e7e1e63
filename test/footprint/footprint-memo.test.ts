import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';
import { FOOTPRINT_MEMO_TEXT_MAX, FootprintMemo, type KnownText, type TextSeen } from '../../src/modules/footprint/footprint-memo.ts';
import type { FootprintRequest } from '../../src/modules/footprint/footprint.schemas.ts';
import { createFootprintService, type Catalogue } from '../../src/modules/footprint/footprint.service.ts';
import { sandboxCatalogue } from '../../src/modules/products/products.sandbox.ts';

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
/** A declared laptop only the caller's tenant sees. */
const addPrivateLaptop = (headers: Record<string, string>, brand: string, name: string, kg: number) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers,
    payload: { brand, name, category: 'laptop', gwp_total_kg: kg, phase_ratios: { use: 0.2 }, yearly_kwh: 20, lifetime_years: 4, use_location: 'EU' },
  });

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

    const created = await addPrivateLaptop(a.auth, 'Memocorp', name, 432);
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

  // The memo's first layer maps a request text seen before to the body it validated to.
  const raw = (text: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/footprint', headers: { ...headers, 'content-type': 'application/json' }, payload: text });

  it('answers texts that differ only in spacing and key order alike, and each repeat alike', async () => {
    const compact = '{"category":"tablet","specs":{"screen_size_in":11,"year":2022},"usage":{"country":"IT"}}';
    const spaced = '{ "usage": {"country": "IT"}, "specs": {"year": 2022, "screen_size_in": 11}, "category": "tablet" }';
    const answers = [await raw(compact, a.auth), await raw(spaced, b.auth), await raw(compact, b.auth), await raw(spaced, a.auth)];
    for (const r of answers) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
  });

  it('refuses a malformed, empty or poisoned text every time, also after a valid one', async () => {
    const good = '{"category":"printer"}';
    expect((await raw(good, a.auth)).statusCode).toBe(200);
    for (const bad of ['{"category":"printer"', '', '{"category":"printer","__proto__":{"x":1}}']) {
      for (let i = 0; i < 2; i++) {
        const r = await raw(bad, a.auth);
        expect(r.statusCode, bad).toBe(400);
        expect(r.json()).toMatchObject({ code: expect.any(String), request_id: expect.any(String) });
      }
    }
    const unknown = '{"category":"printer","usage":{"country":"XX"}}';
    for (let i = 0; i < 2; i++) expect((await raw(unknown, a.auth)).statusCode).toBe(422);
    expect((await raw(good, a.auth)).statusCode).toBe(200);
  });

  it('answers a known text for a product afresh in each tenant and after a catalogue change', async () => {
    const name = `Textbook ${unique('t').replace(/[^a-z]/gi, '')}`;
    const text = JSON.stringify({ product: { brand: 'Textcorp', model: name }, category: 'laptop' });
    expect((await raw(text, a.auth)).json().method).toBe('estimated');
    expect((await raw(text, b.auth)).json().method).toBe('estimated');
    const created = await addPrivateLaptop(b.auth, 'Textcorp', name, 321);
    expect(created.statusCode, created.body).toBe(201);
    expect((await raw(text, b.auth)).json().method).toMatch(/^declared/);
    expect((await raw(text, a.auth)).json().method).toBe('estimated');
  });
});

describe('FootprintMemo', () => {
  const body = (): FootprintRequest => ({ category: 'laptop', specs: { year: 2021 } }) as FootprintRequest;
  const knownOf = (seen: TextSeen): KnownText | undefined => (typeof seen === 'object' && seen !== null ? seen : undefined);

  it('hands on a known text as the very body it validated to, with its answer', () => {
    const memo = new FootprintMemo();
    const text = '{"category":"laptop","specs":{"year":2021}}';
    expect(memo.seeText(text)).toBe(text);
    const first = body();
    let computed = 0;
    expect(memo.answer(first, text, () => 'scope', false, () => `answer ${++computed}`)).toBe('answer 1');
    const known = knownOf(memo.seeText(text));
    expect(known?.body).toBe(first);
    expect(memo.answer(first, known ?? null, () => 'scope', false, () => `answer ${++computed}`)).toBe('answer 1');
    // The sandbox never gets the live answer of the same text.
    expect(memo.answer(first, known ?? null, () => 'scope', true, () => `sandbox ${++computed}`)).toBe('sandbox 2');
    // A known text's answer is only given for its own body.
    const other = { category: 'monitor' } as FootprintRequest;
    expect(memo.answer(other, known ?? null, () => 'scope', false, () => `monitor ${++computed}`)).toBe('monitor 3');
  });

  it('keeps nothing of a text whose answer failed, nor of a text over the size cap', () => {
    const memo = new FootprintMemo();
    expect(() => memo.answer(body(), '{"a":1}', () => 's', false, () => { throw new Error('422'); })).toThrow('422');
    expect(memo.seeText('{"a":1}')).toBe('{"a":1}');
    const long = `{"category":"laptop","model":"${'x'.repeat(FOOTPRINT_MEMO_TEXT_MAX)}"}`;
    expect(memo.seeText(long)).toBeNull();
  });
});

describe('the footprint service and the bodies the memo hands on', () => {
  const freeze = <T>(v: T): T => {
    if (typeof v === 'object' && v !== null) {
      for (const x of Object.values(v)) freeze(x);
      Object.freeze(v);
    }
    return v;
  };
  const catalogue: Catalogue = {
    identify: (input) => sandboxCatalogue().index.identify(input),
    lineNeighbours: () => [],
    productDatasetVersion: () => 'fixtures',
    cacheScope: () => 'fixtures',
  };

  it('never changes a request body (a known text’s body serves every later request)', () => {
    const service = createFootprintService();
    const bodies = [
      { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023, storage: [{ type: 'ssd', capacity_gb: 512 }] }, usage: { country: 'PL' } },
      { category: 'workstation', specs: { weight_kg: 12, memory_gb: 64, cpu: 'Xeon W-2245', gpu: 'RTX A4000' }, usage: { country: 'SE', yearly_kwh: 180 } },
      { category: 'desktop', brand: 'Dell', model: 'OptiPlex 7090 Micro', usage: { country: 'FR', lifetime_years: 5 } },
      { product: { query: 'Sandbox Sandbook 14 G3' }, usage: { country: 'DE', lifetime_years: 6 } },
      { product: { brand: 'Nobody', model: 'Unknown 9000' }, category: 'monitor', specs: { screen_size_in: 27 } },
      { category: 'thin_client', assembly_country: 'CN' },
    ] as FootprintRequest[];
    for (const b of bodies) {
      const copy = structuredClone(b);
      const first = service.calculate(freeze(b), catalogue, null);
      expect(service.calculate(b, catalogue, null)).toEqual(first);
      expect(b).toEqual(copy);
    }
  });
});
