import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureInput } from '../../src/modules/footprint/model/features.ts';
import { SiblingIndex } from '../../src/modules/footprint/model/siblings.ts';
import type { SiblingRow } from '../../src/modules/footprint/model/types.ts';
import params from '../../src/modules/footprint/model/params.json' with { type: 'json' };

const rows = params.siblings.rows as SiblingRow[];
const index = new SiblingIndex({ ...params.siblings, rows });
const brands = [...(params.brands as string[]), 'other'];
const categories = [...new Set(rows.map((r) => r[0]))];
const seriesOf = [...new Set(rows.map((r) => r[2]).filter((s) => s !== ''))];

const input: fc.Arbitrary<FeatureInput> = fc.record({
  category: fc.constantFrom(...categories) as fc.Arbitrary<FeatureInput['category']>,
  brand: fc.constantFrom(...brands),
  series: fc.oneof(fc.constant(''), fc.constantFrom(...seriesOf)),
  subseries: fc.constant(''),
  screen_in: fc.option(fc.double({ min: 5, max: 40, noNaN: true })),
  weight_kg: fc.option(fc.double({ min: 0.1, max: 30, noNaN: true })),
  year: fc.option(fc.integer({ min: 2012, max: 2026 })),
  yearly_kwh: fc.option(fc.double({ min: 1, max: 500, noNaN: true })),
  ssd_gb: fc.constant(0),
  hdd_gb: fc.constant(0),
  memory_gb: fc.constant(null),
  assembly: fc.constant(null),
  region: fc.constant('EU' as const),
});

/** The documented rule, by brute force: distance to every row, stable sort, k nearest, shrunk weighted mean. */
function reference(x: FeatureInput): { adjust: number; used: number } {
  const { k, tau, prior } = params.siblings;
  const lg = (v: number | null): number | null => (v !== null && v > 0 ? Math.log(v) : null);
  const term = (a: number | null, b: number | null, scale: number): number => (a === null || b === null ? (a === b ? 0 : 1) : Math.abs(a - b) / scale);
  const scored = rows
    .filter((r) => r[0] === x.category)
    .map((r) => {
      const [, brand, series, lw, ls, lk, year, resid, subseries] = r;
      let rest = series !== '' && series === x.series ? 0 : 1;
      if (!(x.subseries && (subseries ?? '') === x.subseries)) rest += 0.5;
      rest += term(lg(x.weight_kg), lw, 0.3) + term(lg(x.screen_in), ls, 0.1) + term(lg(x.yearly_kwh), lk, 0.3);
      rest += Math.abs((x.year ?? 2020) - (year ?? 2020)) * 0.5;
      return { d: (brand === x.brand ? 0 : 3) + rest, resid };
    })
    .sort((a, b) => a.d - b.d)
    .slice(0, k);
  let sw = 0;
  let swr = 0;
  let used = 0;
  for (const s of scored) {
    const w = Math.exp(-s.d / tau);
    if (w > 0.1) used++;
    sw += w;
    swr += w * s.resid;
  }
  return { adjust: sw > 0 ? swr / (sw + prior) : 0, used };
}

describe('SiblingIndex', () => {
  it('finds the k nearest declared siblings the documented distance names', () => {
    fc.assert(
      fc.property(input, (x) => {
        const got = index.residual(x);
        const want = reference(x);
        expect(got.used).toBe(want.used);
        expect(got.adjust).toBeCloseTo(want.adjust, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('answers for several brands in one pass exactly as one call per brand', () => {
    fc.assert(
      fc.property(input, fc.subarray(brands, { minLength: 1 }), (x, bs) => {
        expect(index.residualsByBrand(x, bs)).toEqual(bs.map((brand) => index.residual({ ...x, brand })));
      }),
      { numRuns: 300 },
    );
  });
});
