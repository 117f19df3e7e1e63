/** Checks against the real catalogue; skipped on machines without the CSV. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitParams } from '../../scripts/lib/footprint-params.ts';
import { loadPcfRows } from '../../scripts/lib/pcf-data.ts';
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

describe.skipIf(!existsSync(CSV))('fit rows read as the catalogue reads them', () => {
  it('takes drives and memory written in names (Apple desktops, Seagate drives)', () => {
    const rows = loadPcfRows(CSV);
    const byName = (start: string) => rows.find((r) => r.name.startsWith(start));
    // "with 32GB memory and 512GB": the cell says SSD 32GB, which is the RAM.
    const studio = byName('Mac Studio with Apple M1 Max 32GB memory');
    expect(studio?.memory).toBe(32);
    expect(studio?.storage).toEqual([{ type: 'ssd', capacity_gb: 512 }]);
    expect(byName('Exos 5E8')?.storage).toEqual([{ type: 'hdd', capacity_gb: 8000 }]);
  });
});
