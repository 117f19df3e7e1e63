import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_CATEGORIES } from '../../src/modules/footprint/model/categories.ts';
import { dot, embodiedFeatures, kwhFeatures, type FeatureInput } from '../../src/modules/footprint/model/features.ts';
import { LinearPredictor } from '../../src/modules/footprint/model/linear-predictor.ts';
import params from '../../src/modules/footprint/model/params.json' with { type: 'json' };

/**
 * The estimator's fast path must compute exactly what the fitted feature definitions say: if
 * features.ts changes (and the fit with it), this fails until linear-predictor.ts follows.
 */
const brands = [...(params.brands as string[]), 'other'];
const seriesKeys = Object.keys(params.embodied.coef)
  .filter((k) => k.startsWith('s:'))
  .map((k) => k.slice(2));
const input: fc.Arbitrary<FeatureInput> = fc.record({
  category: fc.constantFrom(...DEVICE_CATEGORIES),
  brand: fc.constantFrom(...brands),
  series: fc.oneof(fc.constant(''), fc.constantFrom(...(seriesKeys.length ? seriesKeys : ['dell:latitude']))),
  subseries: fc.oneof(fc.constant(''), fc.constant('dell:latitude:5'), fc.constant('lenovo:thinkpad:t')),
  form: fc.constantFrom('' as const, 'compact' as const, 'sff' as const, 'tower' as const, 'rack' as const),
  screen_in: fc.option(fc.double({ min: 0, max: 90, noNaN: true })),
  weight_kg: fc.option(fc.double({ min: 0, max: 60, noNaN: true })),
  year: fc.option(fc.integer({ min: 2008, max: 2027 })),
  yearly_kwh: fc.option(fc.double({ min: 0, max: 5000, noNaN: true })),
  ssd_gb: fc.constantFrom(0, 128, 512, 2000),
  hdd_gb: fc.constantFrom(0, 1000, 8000),
  memory_gb: fc.option(fc.constantFrom(4, 8, 16, 64)),
  assembly: fc.constantFrom('CN' as const, 'EU' as const, 'ASIA' as const, null),
  region: fc.constantFrom('EU' as const, 'US' as const, 'WW' as const, 'ASIA' as const),
  weight_imputed: fc.boolean(),
  screen_imputed: fc.boolean(),
  year_imputed: fc.boolean(),
  for_caller: fc.boolean(),
});

describe('LinearPredictor', () => {
  const embodiedCoef = new Map(Object.entries(params.embodied.coef as Record<string, number>));
  const kwhCoef = new Map(Object.entries(params.kwh.coef as Record<string, number>));
  const embodied = new LinearPredictor(embodiedCoef);
  const kwh = new LinearPredictor(kwhCoef);

  it('equals the dot product of the fitted feature definitions, exactly', () => {
    fc.assert(
      fc.property(input, (x) => {
        expect(embodied.embodied(x)).toBe(dot(embodiedFeatures(x), embodiedCoef));
        expect(kwh.kwh(x)).toBe(dot(kwhFeatures(x), kwhCoef));
      }),
      { numRuns: 3000 },
    );
  });
});
