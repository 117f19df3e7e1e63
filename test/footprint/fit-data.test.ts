/** Checks against the real catalogue; skipped on machines without the CSV. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitParams } from '../../scripts/lib/footprint-params.ts';
import { loadPcfRows, parseStorage } from '../../scripts/lib/pcf-data.ts';
import type { FootprintParams } from '../../src/modules/footprint/model/types.ts';

const CSV = resolve(import.meta.dirname, '../../../shared/data/pcf/products.csv');

describe.skipIf(!existsSync(CSV))('footprint fit on the catalogue', () => {
  // The full fit runs the inner CV for every penalty candidate: do it once for all checks.
  let params: FootprintParams;
  beforeAll(() => {
    params = fitParams(loadPcfRows(CSV));
  }, 120_000);

  it('reproduces the committed params.json byte for byte (deterministic and up to date)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../src/modules/footprint/model/params.json'), 'utf8');
    expect(JSON.stringify(params) + '\n').toBe(committed);
  });

  it('finds client sheets near 0.5 kg/kWh and server sheets near 1 kg/kWh', () => {
    expect(params.sheet_grid.EU).toBeGreaterThan(0.4);
    expect(params.sheet_grid.EU).toBeLessThan(0.65);
    expect(params.sheet_grid['server:EU']).toBeGreaterThan(0.9);
  });

  it('records the penalty chosen by inner CV, one of the candidates', () => {
    const sel = params.selection;
    expect(sel?.inner_mdape_pct.length).toBe(sel?.penalty_grid.length);
    expect(sel?.penalty_grid).toContainEqual(sel?.chosen);
  });
});

describe('storage parsing', () => {
  it('expands counts and units', () => {
    expect(parseStorage('x2 1TB 3.5in HDD')).toEqual([{ type: 'hdd', capacity_gb: 1000 }, { type: 'hdd', capacity_gb: 1000 }]);
    expect(parseStorage('SSD 256GB')).toEqual([{ type: 'ssd', capacity_gb: 256 }]);
    expect(parseStorage('26ppm')).toEqual([]);
  });
});
