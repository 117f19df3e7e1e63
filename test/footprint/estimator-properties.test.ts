import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_CATEGORIES } from '../../src/modules/footprint/model/categories.ts';
import { estimate } from '../../src/modules/footprint/model/estimator.ts';
import type { EstimateInput } from '../../src/modules/footprint/model/types.ts';

/** Any request the validation accepts, with any subset of the optional fields left out. */
const request: fc.Arbitrary<EstimateInput> = fc.record(
  {
    category: fc.constantFrom(...DEVICE_CATEGORIES),
    brand: fc.constantFrom('Dell', 'Lenovo', 'HP', 'Apple', 'Seagate', 'Acer', ''),
    model: fc.constantFrom('Latitude 5440', 'ThinkPad T14 Gen 4', 'EliteBook 840 G10', '27-inch display', 'X1'),
    specs: fc.record(
      {
        year: fc.integer({ min: 1990, max: 2026 }),
        screen_size_in: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 100, noNaN: true })),
        weight_kg: fc.double({ min: 0.05, max: 2000, noNaN: true }),
        memory_gb: fc.constantFrom(4, 16, 512),
        storage: fc.constant([{ type: 'ssd' as const, capacity_gb: 512 }]),
      },
      { requiredKeys: [] },
    ),
    usage: fc.record(
      {
        country: fc.constantFrom('DE', 'PL', 'FR', 'EU', 'WW', 'US'),
        lifetime_years: fc.double({ min: 0.25, max: 25, noNaN: true }),
        yearly_kwh: fc.double({ min: 0, max: 5000, noNaN: true }),
        grid_basis: fc.constantFrom('ember' as const, 'manufacturer_sheet' as const),
      },
      { requiredKeys: [] },
    ),
    assembly_country: fc.constantFrom('CN', 'VN', 'DE'),
  },
  { requiredKeys: ['category'] },
);

describe('estimate, for any accepted request', () => {
  it('is finite and positive, adds up, brackets itself, and accounts for every size or age spec', () => {
    fc.assert(
      fc.property(request, (input) => {
        const r = estimate(input);
        expect(Number.isFinite(r.total_kg_co2e)).toBe(true);
        expect(r.total_kg_co2e).toBeGreaterThan(0);
        const b = r.breakdown;
        expect(Math.abs(b.production_kg + b.transport_kg + b.use_kg + b.eol_kg - r.total_kg_co2e)).toBeLessThan(0.05);
        expect(r.range.low_kg).toBeLessThanOrEqual(r.total_kg_co2e);
        expect(r.range.high_kg).toBeGreaterThanOrEqual(r.total_kg_co2e);
        const used = r.assumptions.specs;
        expect(used).toBeDefined();
        for (const [field, key] of [['year', 'year'], ['screen_size_in', 'screen_size_in'], ['weight_kg', 'weight_kg']] as const) {
          const stated = input.specs?.[field];
          const notes = r.warnings.filter((w) => w.startsWith(`specs.${field} not given`));
          if (stated !== undefined) {
            // A stated value is used as stated, never replaced.
            expect(r.sources.inputs[field]).toBe('caller');
            expect(notes).toEqual([]);
            expect(used?.[key]).toBeCloseTo(stated, 2);
          } else if (r.sources.inputs[field] === 'default') {
            // An omitted one gets exactly one warning, naming the value when one was assumed.
            expect(notes).toHaveLength(1);
            const v = used?.[key];
            if (v !== null && v !== undefined) expect(notes[0]).toContain(String(field === 'weight_kg' ? Math.round(v * 100) / 100 : v));
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
