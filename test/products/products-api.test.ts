import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { importCatalogue } from '../../src/modules/products/catalogue-import.ts';
import { queryRows, withSystem } from '../../src/platform/db/tenancy.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { testDatabase, unique, usingPostgres } from '../helpers/database.ts';
import { csvOf, laptop } from '../footprint/seed.ts';
import { CATALOGUE_CSV, HAS_CATALOGUE } from './catalogue-fixture.ts';

let app: FastifyInstance;
let a: Account;
let b: Account;
const BIG = { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 };
/** A running app's catalogue reload after NOTIFY: polled, not slept on. */
const RELOAD = { timeout: 10_000, interval: 50 };
const brand = `Pro${Array.from(`${process.pid}${Date.now()}`, (d) => String.fromCharCode(97 + Number(d))).join('')}`;

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

const importsOf = async (version: string) =>
  withSystem(await testDatabase(), (tx) => queryRows<{ imported: number; unchanged: number; rejected: number }>(tx, sql`select imported, unchanged, rejected from catalogue_imports where dataset_version = ${version} order by created_at`));

describe('catalogue CSV import', () => {
  it('reports malformed rows (row, reason), imports the rest, and is idempotent', async () => {
    const csv = csvOf([
      laptop(brand, 'Importbook 1100'),
      { manufacturer: brand, name: 'No footprint', subcategory: 'Laptop' },
      laptop(brand, 'Importbook 1200', { gwp_total: 'lots' }),
      laptop(brand, 'Importbook 1300', { gwp_use_ratio: '1.7' }),
      laptop(brand, 'Importbook 1400'),
    ]);
    const database = await testDatabase();
    const first = await importCatalogue(database, csv, 'test');
    expect(first.rejected).toEqual([
      { row: 3, reason: 'missing gwp_total' },
      { row: 4, reason: 'gwp_total "lots" is not a number' },
      { row: 5, reason: 'gwp_use_ratio 1.7 is outside [0, 1]' },
    ]);
    expect(first.imported).toBe(2);
    expect(first.dataset_version).toMatch(/^pcf-[0-9a-f]{12}$/);
    const second = await importCatalogue(database, csv, 'test');
    expect(second).toMatchObject({ dataset_version: first.dataset_version, imported: 0, unchanged: 2 });
    expect(await importsOf(first.dataset_version)).toEqual([
      { imported: 2, unchanged: 0, rejected: 3 },
      { imported: 0, unchanged: 2, rejected: 3 },
    ]);
    const rows = await withSystem(database, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from products where brand = ${brand}`));
    expect(rows[0]?.n).toBe(2);
    // A running app sees the import through NOTIFY (its reload takes a moment; no fixed sleep can know how long).
    await vi.waitFor(async () => {
      const found = await app.inject({ method: 'GET', url: `/api/v1/products/search?q=${brand}%20Importbook%201400`, headers: a.auth });
      expect(found.json().items[0]).toMatchObject({ brand, name: 'Importbook 1400', private: false, dataset_version: first.dataset_version });
    }, RELOAD);
  });

  it.skipIf(!HAS_CATALOGUE)('imports the real catalogue idempotently', async () => {
    const text = readFileSync(CATALOGUE_CSV, 'utf8');
    const database = await testDatabase();
    const first = await importCatalogue(database, text, CATALOGUE_CSV);
    expect(first.rejected.length).toBeLessThan(20);
    expect(first.imported + first.unchanged).toBeGreaterThan(900);
    const again = await importCatalogue(database, text, CATALOGUE_CSV);
    expect(again.imported).toBe(0);
    expect(again.unchanged).toBe(first.imported + first.unchanged);
  });

  it.skipIf(!HAS_CATALOGUE || usingPostgres())('imports PRODUCTS_CSV at start when the catalogue is empty', async () => {
    const database = await testDatabase();
    await withSystem(database, (tx) => tx.execute(sql`delete from products where tenant_id is null`));
    const started = await buildTestApp({ config: { productsCsv: CATALOGUE_CSV } });
    const res = await started.inject({ method: 'POST', url: '/api/v1/products/identify', headers: a.auth, payload: { query: 'Dell Latitude 5430' } });
    expect(res.json().best).toMatchObject({ brand: 'Dell', name: 'Latitude 5430' });
    await started.close();
  });
});

describe('identification and search', () => {
  beforeAll(async () => {
    await importCatalogue(await testDatabase(), csvOf([laptop(brand, 'Elitebook 840 G9'), laptop(brand, 'Elitebook 840 G10', { gwp_total: '350' }), laptop(brand, 'Elitebook 860 G10')]), 'test');
    // The running app has reloaded once the last imported product is searchable.
    await vi.waitFor(async () => {
      const found = await app.inject({ method: 'GET', url: `/api/v1/products/search?brand=${brand}&q=elitebook`, headers: a.auth });
      expect(found.json().total).toBe(3);
    }, RELOAD);
  });

  it('matches names respecting model numbers and generations, with a score', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: a.auth, payload: { query: `${brand} elitebook 840 gen 10` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().best).toMatchObject({ name: 'Elitebook 840 G10', gwp_total_kg: 350 });
    expect(res.json().candidates[0].score).toBeGreaterThanOrEqual(0.6);
    const other = (await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: a.auth, payload: { query: `${brand} elitebook 840 G11` } })).json();
    expect(other.best).toBeNull();
    const empty = await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: a.auth, payload: {} });
    expect(empty.statusCode).toBe(422);
  });

  it('searches with the paginated envelope and serves one product by id', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/products/search?brand=${brand}&q=elitebook&page_size=2`, headers: a.auth });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 3, page: 1, page_size: 2, pages: 2 });
    expect(body.items).toHaveLength(2);
    const one = await app.inject({ method: 'GET', url: `/api/v1/products/${body.items[0].id}`, headers: a.auth });
    expect(one.json()).toMatchObject({ id: body.items[0].id, brand });
    expect((await app.inject({ method: 'GET', url: '/api/v1/products/search?page_size=101', headers: a.auth })).statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: `/api/v1/products/${crypto.randomUUID()}`, headers: a.auth })).statusCode).toBe(404);
  });

  it('answers sandbox keys from fixtures', async () => {
    const sbx = await createKey(app, a, { sandbox: true });
    const res = await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: sbx.auth, payload: { gtin: '4006381333931' } });
    expect(res.json()).toMatchObject({ _sandbox: true, best: { brand: 'Sandbox', name: 'Sandbook 14 G3' } });
    const search = (await app.inject({ method: 'GET', url: `/api/v1/products/search?q=${brand}`, headers: sbx.auth })).json();
    expect(search).toMatchObject({ _sandbox: true, total: 0 });
  });
});

describe('private products', () => {
  it('are visible to their tenant only (identify, search, get, footprint); another tenant gets 404', async () => {
    const name = `Custom Rig ${unique('r')}`;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: a.auth,
      payload: { brand: 'Acmeprivate', name, category: 'desktop', gwp_total_kg: 777, mpn: 'ACME-RIG-1', phase_ratios: { use: 0.3 }, yearly_kwh: 80, lifetime_years: 5, use_location: 'EU' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ private: true, gwp_total_kg: 777, mpn: 'ACME-RIG-1', category: 'desktop' });
    const dup = await app.inject({ method: 'POST', url: '/api/v1/products', headers: a.auth, payload: { brand: 'Acmeprivate', name, category: 'desktop', gwp_total_kg: 1 } });
    expect(dup.statusCode).toBe(409);

    const mine = await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: a.auth, payload: { mpn: 'acme-rig-1' } });
    expect(mine.json().best.id).toBe(p.id);
    const fp = (await app.inject({ method: 'POST', url: '/api/v1/footprint', headers: a.auth, payload: { product: { mpn: 'ACME-RIG-1' } } })).json();
    expect(fp).toMatchObject({ method: 'declared', total_kg_co2e: 777, product: { id: p.id } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/products', headers: a.auth })).json().items.map((x: { id: string }) => x.id)).toContain(p.id);

    const theirs = await app.inject({ method: 'POST', url: '/api/v1/products/identify', headers: b.auth, payload: { mpn: 'ACME-RIG-1' } });
    expect(theirs.json().best).toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/v1/products/${p.id}`, headers: b.auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/products/${p.id}`, remoteAddress: '10.77.0.1' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/products/search?q=Acmeprivate', headers: b.auth })).json().items).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}`, headers: b.auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/products', headers: b.auth })).json().total).toBe(0);

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}`, headers: a.auth })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/v1/products/${p.id}`, headers: a.auth })).statusCode).toBe(404);
  });

  it('reach other instances through NOTIFY', async () => {
    const second = await buildTestApp();
    const created = await app.inject({ method: 'POST', url: '/api/v1/products', headers: a.auth, payload: { brand: 'Acmeprivate', name: `Notify ${unique('n')}`, category: 'laptop', gwp_total_kg: 200, mpn: 'ACME-NTF' } });
    await vi.waitFor(async () => {
      const seen = await second.inject({ method: 'GET', url: `/api/v1/products/${created.json().id}`, headers: a.auth });
      expect(seen.statusCode).toBe(200);
    }, RELOAD);
    await second.close();
  });

  it('cannot delete global products, and sandbox keys cannot create', async () => {
    const sbx = await createKey(app, a, { sandbox: true, scopes: 'read,write' });
    const res = await app.inject({ method: 'POST', url: '/api/v1/products', headers: sbx.auth, payload: { brand: 'X', name: 'Y', category: 'laptop', gwp_total_kg: 1 } });
    expect(res.statusCode).toBe(403);
    const global = (await app.inject({ method: 'GET', url: `/api/v1/products/search?brand=${brand}`, headers: a.auth })).json().items[0];
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${global.id}`, headers: a.auth })).statusCode).toBe(404);
  });
});
