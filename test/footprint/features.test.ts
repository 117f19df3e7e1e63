import { describe, expect, it } from 'vitest';
import { categoryFromCatalogue } from '../../src/modules/footprint/model/categories.ts';
import { estimate } from '../../src/modules/footprint/model/estimator.ts';
import { screenFromName, seriesKey, subSeriesKey } from '../../src/modules/footprint/model/features.ts';
import { ridge } from '../../scripts/lib/stats.ts';

describe('model-name parsing', () => {
  it('finds the line tier after the line word', () => {
    expect(subSeriesKey('dell', 'Latitude 5420')).toBe('dell:latitude:5');
    expect(subSeriesKey('lenovo', 'ThinkPad T490s')).toBe('lenovo:thinkpad:t');
    expect(subSeriesKey('microsoft', 'Surface Laptop 4 13.5-inch display')).toBe('microsoft:surface:laptop');
    expect(subSeriesKey('dell', 'P2419H')).toBe('dell:p:2');
    expect(subSeriesKey('lenovo', 'Lenovo V530-22 AIO')).toBe('lenovo:v:5');
    expect(subSeriesKey('dell', 'Wyse')).toBe('');
    expect(subSeriesKey('dell', undefined)).toBe('');
    expect(seriesKey('apple', '13-inch MacBook Air (M1 CPU) 256GB')).toBe('apple:macbook');
  });

  it('reads a screen size written in the name but not a 2-in-1 form factor', () => {
    expect(screenFromName('Surface Laptop 3 13.5-inch display')).toBe(13.5);
    expect(screenFromName('ProBook 455 15.6 inch G9 Notebook PC')).toBe(15.6);
    expect(screenFromName('Fortis 14” G10 Chromebook')).toBe(14);
    expect(screenFromName('Latitude 3190 2-In-1')).toBeNull();
    expect(screenFromName('Latitude 5420')).toBeNull();
    expect(screenFromName(undefined)).toBeNull();
  });

  it('uses a size from the model name as a caller input instead of a default', () => {
    const r = estimate({ category: 'laptop', brand: 'Microsoft', model: 'Surface Laptop 4 15-inch display', usage: { country: 'FR' } });
    expect(r.sources.inputs.screen_size_in).toBe('caller');
    expect(r.warnings.some((w) => w.includes('specs.screen_size_in'))).toBe(false);
    const bigger = estimate({ category: 'monitor', brand: 'HP', model: 'E34m 34-inch', usage: { country: 'FR' } }).total_kg_co2e;
    expect(bigger).toBeGreaterThan(estimate({ category: 'monitor', brand: 'HP', model: 'E22 22-inch', usage: { country: 'FR' } }).total_kg_co2e);
  });
});

describe('catalogue categories', () => {
  it('files converged and edge systems as servers', () => {
    expect(categoryFromCatalogue('Converged', 'Synergy 660 Gen10 Compute Module')).toBe('server');
    expect(categoryFromCatalogue('Converged Edge', 'Edgeline EL8000t')).toBe('server');
  });
});

describe('ridge penalty multipliers', () => {
  it('shrinks a penalised feature family harder than the default', () => {
    const X = Array.from({ length: 20 }, (_, i): Array<[string, number]> => [['1', 1], [`g:${i % 2}`, 1]]);
    const y = X.map((_, i) => (i % 2 === 0 ? 1 : -1));
    const loose = ridge(X, y, 1).coef['g:0'] ?? 0;
    const tight = ridge(X, y, 1, { g: 50 }).coef['g:0'] ?? 0;
    expect(Math.abs(tight)).toBeLessThan(Math.abs(loose) / 3);
  });
});
