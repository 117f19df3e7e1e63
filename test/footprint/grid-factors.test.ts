import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  GRID_FACTOR_SOURCE,
  TGWF_CO2_VERSION,
  UnknownGridLocationError,
  declaredRegionFromLabel,
  declaredRegionOf,
  findGridFactor,
  gridFactor,
  gridFactorForDeclaredLabel,
  listGridFactors,
} from '../../src/modules/footprint/model/grid-factors.ts';

describe('grid factors', () => {
  it('reads Ember values in kg/kWh for alpha-2 countries and the EU/WW regions', () => {
    const fr = gridFactor('FR');
    expect(fr.ember_key).toBe('FRA');
    expect(fr.kg_per_kwh).toBeGreaterThan(0.01);
    expect(fr.kg_per_kwh).toBeLessThan(0.2);
    expect(gridFactor('eu').ember_key).toBe('EU');
    expect(gridFactor('WW').ember_key).toBe('WORLD');
  });

  it('ranks coal-heavy Poland above nuclear France', () => {
    expect(gridFactor('PL').kg_per_kwh).toBeGreaterThan(3 * gridFactor('FR').kg_per_kwh);
  });

  it('never falls back silently for an unknown code', () => {
    expect(findGridFactor('ZZ')).toBeNull();
    expect(findGridFactor('FRA')).toBeNull();
    expect(() => gridFactor('XX')).toThrow(UnknownGridLocationError);
  });

  it('maps the catalogue use_location labels, including their spelling variants', () => {
    expect(declaredRegionFromLabel('Worldwide')).toBe('WW');
    expect(declaredRegionFromLabel('WW')).toBe('WW');
    expect(declaredRegionFromLabel('North America')).toBe('US');
    expect(declaredRegionFromLabel('EU')).toBe('EU');
    expect(declaredRegionFromLabel('Asia')).toBe('ASIA');
    expect(declaredRegionFromLabel('')).toBeNull();
    expect(gridFactorForDeclaredLabel('North America').ember_key).toBe('NORTH AMERICA');
    expect(() => gridFactorForDeclaredLabel('Mars')).toThrow(UnknownGridLocationError);
    expect(declaredRegionOf('DE')).toBe('EU');
    expect(declaredRegionOf('CH')).toBe('WW');
  });

  it('states its source and does not invent a data year', () => {
    expect(GRID_FACTOR_SOURCE.source).toBe(`Ember via @tgwf/co2 ${TGWF_CO2_VERSION}`);
    expect(GRID_FACTOR_SOURCE.year).toBeNull();
    expect(GRID_FACTOR_SOURCE.year_note.length).toBeGreaterThan(10);
  });

  it('names the installed @tgwf/co2 version', () => {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@tgwf/co2');
    const pkgPath = main.slice(0, main.lastIndexOf('/dist/')) + '/package.json';
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
    expect(pkg.version).toBe(TGWF_CO2_VERSION);
  });

  it('lists factors for most countries', () => {
    expect(listGridFactors().length).toBeGreaterThan(150);
  });
});

describe('grid factors on the wire', () => {
  it('are the decimal kg/kWh of Ember\'s g/kWh, without binary noise', () => {
    // Ember's Armenia figure is 243.52 g/kWh; a bare division prints 0.24352000000000001.
    expect(String(gridFactor('AM').kg_per_kwh)).toBe('0.24352');
    for (const code of ['DE', 'FR', 'PL', 'EU', 'WW']) expect(String(gridFactor(code).kg_per_kwh)).toMatch(/^0\.\d{1,6}$/);
  });
});
