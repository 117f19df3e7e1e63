import { describe, expect, it } from 'vitest';
import { defaultFootprintModel } from '../../src/modules/footprint/model/estimator.ts';

// The fitted lines stand in for the catalogue when none is imported (footprint.service unmatched()).
const model = defaultFootprintModel();

describe('recogniseLine', () => {
  it.each([
    ['Lenovo ThinkPad T14 Gen 4', 'laptop', 'lenovo'],
    ['Dell PowerEdge R750', 'server', 'dell'],
    ['Dell OptiPlex 7010 Micro', 'desktop', 'dell'],
    ['HP E27 G4', 'monitor', 'hp'],
  ])('reads %s as a %s of %s', (name, category, brand) => {
    const line = model.recogniseLine(name);
    expect(line).toMatchObject({ category, brand });
    expect(line?.products).toBeGreaterThan(0);
  });

  it('prefers the tier to the whole line, and takes the brand from the caller when given', () => {
    const line = model.recogniseLine('Latitude 5440', 'Dell');
    expect(line?.label).toBe('Dell Latitude 5xxx');
    expect(line?.brandName).toBe('Dell');
    expect(line?.model).toBe('Latitude 5440');
    // Typical build of the tier, not a default: a 14-15 inch business laptop.
    expect(line?.typical.screen_size_in).toBeGreaterThanOrEqual(13);
    expect(line?.typical.screen_size_in).toBeLessThanOrEqual(16);
    expect(line?.typical.weight_kg).toBeGreaterThan(1);
  });

  it('writes two-letter makers in capitals in its labels', () => {
    const line = model.recogniseLine('HP EliteBook 845 G9');
    expect(line?.label).toMatch(/^HP Elitebook/);
  });

  it.each([
    ['thinkpad t14 g4', 'lenovo', 'Lenovo'],
    ['surface laptop 6', 'microsoft', 'Microsoft'],
    ['elitebook 860 g10', 'hp', 'HP'],
  ])('names the maker of %j from a line word only it uses', (name, brand, brandName) => {
    expect(model.recogniseLine(name)).toMatchObject({ brand, brandName, model: name });
  });

  it('takes no maker from a generic word, a shared line word or a one-sheet line', () => {
    expect(model.recogniseLine('laptop 15')).toBeNull(); // HP sells an "HP Laptop 15", but so might anyone
    expect(model.recogniseLine('chromebook 314')).toBeNull(); // Dell, HP and Lenovo
    expect(model.recogniseLine('nitro 5')).toBeNull(); // one Seagate drive; Acer's Nitro is a laptop
  });

  it('knows nothing of brands or lines it was not fitted on', () => {
    expect(model.recogniseLine('Acme Frobnicator 3000')).toBeNull();
    expect(model.recogniseLine('Dell Zyzzyx 12')).toBeNull();
    expect(model.recogniseLine('Frobnicator 3000', 'Acme')).toBeNull();
  });
});
