import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogue } from '../../src/modules/products/catalogue-import.ts';
import { buildTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { CATALOGUE_CSV, HAS_CATALOGUE } from '../products/catalogue-fixture.ts';

/** Issue #4 "done means", on the real catalogue (skipped when ../shared/data/pcf/products.csv is absent). */
describe.skipIf(!HAS_CATALOGUE)('a new user on the real catalogue', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await importCatalogue(await testDatabase(), readFileSync(CATALOGUE_CSV, 'utf8'), CATALOGUE_CSV);
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  const footprint = (payload: object, remoteAddress: string) => app.inject({ method: 'POST', url: '/api/v1/footprint', payload, remoteAddress });

  it('asks for "Dell Latitude 5440" (not declared): an estimate from the Latitude 54xx line, with range and assumptions', async () => {
    const res = await footprint({ product: { query: 'Dell Latitude 5440' } }, '10.60.0.1');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.method).toBe('estimated');
    expect(b.product).toMatchObject({ id: null, brand: 'Dell', category: 'laptop', matched: false });
    // Declared siblings (5430: 301 kg, 5450: 247 kg) bracket a defensible figure; the range must cover them.
    expect(b.total_kg_co2e).toBeGreaterThan(150);
    expect(b.total_kg_co2e).toBeLessThan(450);
    expect(b.range.low_kg).toBeLessThan(250);
    expect(b.range.high_kg).toBeGreaterThan(300);
    const w = b.warnings.join('\n');
    expect(w).toMatch(/not found in the catalogue/);
    expect(w).toMatch(/taken from the same product line \(Latitude 54/);
    expect(w).toMatch(/usage.country not given/);
  });

  it('asks for "Dell Latitude 5430" (declared): the manufacturer figure, identified with a score', async () => {
    const b = (await footprint({ product: { brand: 'Dell', model: 'Latitude 5430' } }, '10.60.0.2')).json();
    expect(b).toMatchObject({ method: 'declared', total_kg_co2e: 301, product: { brand: 'Dell', name: 'Latitude 5430', matched: true, match_confidence: 1 } });
    expect(b.range.low_kg).toBeLessThan(301);
    expect(b.sources.dataset_version).toMatch(/^pcf-/);
  });
});
