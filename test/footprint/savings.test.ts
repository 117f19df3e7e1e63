import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/modules/footprint/model/estimator.ts';
import { REFURBISH_PRODUCTION_SHARE, savings } from '../../src/modules/footprint/model/savings.ts';

const laptop = estimate({ category: 'laptop', brand: 'Dell', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2022 }, usage: { country: 'FR', lifetime_years: 4, yearly_kwh: 20 } });

describe('savings', () => {
  it('extending a lifetime avoids the amortised embodied share of a new device', () => {
    const s = savings(laptop, 'extend_lifetime', 2);
    const b = laptop.breakdown;
    const embodied = b.production_kg + b.transport_kg + b.eol_kg;
    expect(s.avoided_kg_co2e).toBeCloseTo(embodied * (2 / 4), 1);
    expect(s.baseline_kg_co2e).toBeCloseTo(s.scenario_kg_co2e + s.avoided_kg_co2e, 1);
    expect(s.avoided_pct).toBeGreaterThan(50);
    expect(s.explanation).toMatch(/2 years/);
  });

  it('orders the scenarios: extend saves most, then reuse, then refurbish', () => {
    const e = savings(laptop, 'extend_lifetime', 2);
    const r = savings(laptop, 'reuse', 2);
    const f = savings(laptop, 'refurbish', 2);
    expect(e.avoided_kg_co2e).toBeGreaterThan(r.avoided_kg_co2e);
    expect(r.avoided_kg_co2e).toBeGreaterThan(f.avoided_kg_co2e);
    expect(f.scenario_kg_co2e - r.scenario_kg_co2e).toBeCloseTo(REFURBISH_PRODUCTION_SHARE * laptop.breakdown.production_kg, 1);
  });

  it('saves a smaller share when the grid is dirtier (use dominates)', () => {
    const pl = estimate({ category: 'laptop', brand: 'Dell', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2022 }, usage: { country: 'PL', lifetime_years: 4, yearly_kwh: 20 } });
    expect(savings(pl, 'reuse', 2).avoided_pct).toBeLessThan(savings(laptop, 'reuse', 2).avoided_pct);
  });

  it('rejects a non-positive service period', () => {
    expect(() => savings(laptop, 'reuse', 0)).toThrow(RangeError);
  });
});
