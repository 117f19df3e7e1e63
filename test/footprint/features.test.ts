import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/modules/footprint/model/estimator.ts';
import { formFromName, screenFromName, seriesKey, subSeriesKey } from '../../src/modules/footprint/model/features.ts';
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

describe('form factor in a model name', () => {
  it('reads the chassis of desktop-class names only', () => {
    expect(formFromName('desktop', 'OptiPlex 7090 Micro')).toBe('compact');
    expect(formFromName('desktop', 'ThinkCentre M70q Tiny')).toBe('compact');
    expect(formFromName('desktop', 'Mac mini (M1 2020)')).toBe('compact');
    expect(formFromName('desktop', 'EliteDesk 800 G6 SFF')).toBe('sff');
    expect(formFromName('desktop', 'OptiPlex 7050 Small Form Factor')).toBe('sff');
    expect(formFromName('desktop', 'ThinkCentre M720t Tower')).toBe('tower');
    expect(formFromName('desktop', 'Vostro 3888 Mini Tower')).toBe('tower');
    expect(formFromName('desktop', 'Precision 3930 Rack')).toBe('rack');
    expect(formFromName('desktop', 'OptiPlex 7090')).toBeNull();
    // A "mini" laptop or monitor says nothing about a chassis.
    expect(formFromName('laptop', 'IdeaPad Mini')).toBeNull();
    expect(formFromName('monitor', 'ThinkCentre Tiny-in-One 24')).toBeNull();
  });

  it('moves a desktop estimate by the chassis its name states, and reports it', () => {
    const base = { category: 'desktop' as const, brand: 'Dell', usage: { country: 'FR' } };
    const micro = estimate({ ...base, model: 'OptiPlex 7090 Micro' });
    const tower = estimate({ ...base, model: 'OptiPlex 7090 Tower' });
    expect(micro.assumptions.specs?.form_factor).toBe('compact');
    expect(tower.assumptions.specs?.form_factor).toBe('tower');
    expect(micro.total_kg_co2e).toBeLessThan(tower.total_kg_co2e * 0.9);
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

describe('memory and drives in a model name', () => {
  const studio = { category: 'desktop' as const, brand: 'Apple', model: 'Mac Studio with Apple M1 Max 32GB memory and 512GB', usage: { country: 'FR' } };

  it('reads them as the catalogue does, marks them as the caller’s and says so', () => {
    const r = estimate(studio);
    expect(r.sources.inputs.memory_gb).toBe('caller');
    expect(r.sources.inputs.storage).toBe('caller');
    expect(r.warnings).toContain('specs.memory_gb read from the model name: 32 GB');
    expect(r.warnings).toContain('specs.storage read from the model name: 512 GB SSD');
  });

  it('lets stated specs win over the name, and ignores figures no device has', () => {
    const stated = estimate({ ...studio, specs: { memory_gb: 64, storage: [{ type: 'ssd', capacity_gb: 1000 }] } });
    expect(stated.warnings.join('\n')).not.toContain('read from the model name');
    expect(stated.total_kg_co2e).not.toBe(estimate(studio).total_kg_co2e);
    const absurd = estimate({ category: 'server', brand: 'Dell', model: 'PowerEdge R740 99999999TB SSD' });
    expect(absurd.sources.inputs.storage).toBeUndefined();
  });
});
