/**
 * Electricity grid emission factors (kg CO2e/kWh) for the use phase.
 *
 * Source: Ember yearly average carbon intensity as bundled in @tgwf/co2 (CC BY-SA 4.0).
 * The package stores one value per country without the year it belongs to: its generator
 * takes, per country, the latest year present in Ember's yearly table when the package was
 * built. So no single data year can be stated truthfully; `GRID_FACTOR_SOURCE.year` is null
 * and `year_note` says why, instead of an invented year.
 */
import { averageIntensity } from '@tgwf/co2/data';
import countries from 'i18n-iso-countries';
import type { DeclaredRegion } from './features.ts';

/** Pinned in package.json; test/footprint/grid-factors.test.ts fails if the installed version drifts. */
export const TGWF_CO2_VERSION = '0.19.0';

export const GRID_FACTOR_SOURCE = {
  source: `Ember via @tgwf/co2 ${TGWF_CO2_VERSION}`,
  license: 'CC BY-SA 4.0',
  year: null as number | null,
  year_note:
    'latest year available per country in Ember yearly data when @tgwf/co2 was built; the package does not record it per value',
} as const;

/** Region codes the API accepts besides ISO 3166-1 alpha-2, and their Ember keys. */
const REGION_KEYS: Readonly<Record<string, string>> = { EU: 'EU', WW: 'WORLD' };

const EU_MEMBERS: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export interface GridFactor {
  /** What the caller asked for, upper-cased: alpha-2 code, 'EU' or 'WW'. */
  code: string;
  kg_per_kwh: number;
  /** The Ember key the value was read under (alpha-3 or region name). */
  ember_key: string;
}

export class UnknownGridLocationError extends Error {
  constructor(readonly code: string) {
    super(`no grid factor for '${code}': use an ISO 3166-1 alpha-2 country code, 'EU' or 'WW'`);
    this.name = 'UnknownGridLocationError';
  }
}

const data: Readonly<Record<string, number>> = averageIntensity.data;
const cache = new Map<string, GridFactor | null>();

/** Grid factor for a country or region, or null when unknown (never a silent world-average fallback). */
export function findGridFactor(code: string): GridFactor | null {
  const key = code.trim().toUpperCase();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = lookup(key);
  cache.set(key, result);
  return result;
}

/** Ember's g/kWh (two decimals) as kg/kWh: 243.52 / 1000 prints as 0.24352000000000001 on the wire. */
function kgPerKwh(g: number): number {
  return Math.round(g * 1000) / 1e6;
}

function lookup(key: string): GridFactor | null {
  const region = REGION_KEYS[key];
  const emberKey = region ?? (/^[A-Z]{2}$/.test(key) ? countries.alpha2ToAlpha3(key) : undefined);
  if (!emberKey) return null;
  const g = data[emberKey];
  // Ember lists a few territories with a 0 intensity (no reported generation); 0 would
  // silently erase the use phase, so it is treated as unknown.
  if (g === undefined || !Number.isFinite(g) || g <= 0) return null;
  return { code: key, kg_per_kwh: kgPerKwh(g), ember_key: emberKey };
}

/** As findGridFactor, but throws UnknownGridLocationError so a route can answer 422. */
export function gridFactor(code: string): GridFactor {
  const g = findGridFactor(code);
  if (!g) throw new UnknownGridLocationError(code);
  return g;
}

/** Every country/region with a factor, for GET /reference/grid-factors. */
export function listGridFactors(): GridFactor[] {
  const out: GridFactor[] = [];
  for (const code of [...Object.keys(countries.getAlpha2Codes()), ...Object.keys(REGION_KEYS)].sort()) {
    const g = findGridFactor(code);
    if (g) out.push(g);
  }
  return out;
}

/** The region a caller's country falls in, in the vocabulary of the manufacturers' sheets. */
export function declaredRegionOf(code: string): DeclaredRegion {
  const key = code.trim().toUpperCase();
  if (key === 'EU' || EU_MEMBERS.has(key)) return 'EU';
  if (key === 'US' || key === 'CA') return 'US';
  return 'WW';
}

// Catalogue labels as written upstream; 'North America' is declared against the US/Canada mix.
const LABEL_REGIONS: Readonly<Record<string, DeclaredRegion>> = {
  eu: 'EU',
  europe: 'EU',
  us: 'US',
  usa: 'US',
  'north america': 'US',
  na: 'US',
  ww: 'WW',
  worldwide: 'WW',
  world: 'WW',
  global: 'WW',
  asia: 'ASIA',
};

/** Normalises a catalogue `use_location` label; null when empty or unrecognised. */
export function declaredRegionFromLabel(label: string | null | undefined): DeclaredRegion | null {
  if (!label) return null;
  return LABEL_REGIONS[label.trim().toLowerCase()] ?? null;
}

const REGION_EMBER_KEY: Readonly<Record<DeclaredRegion, string>> = {
  EU: 'EU',
  US: 'NORTH AMERICA',
  WW: 'WORLD',
  ASIA: 'ASIA',
};

/**
 * Today's Ember factor for a catalogue use_location label. This is NOT the factor the
 * manufacturer used (PAIA sheets imply ~0.5 kg/kWh even for "EU"); that one is fitted
 * per region into params.json as `sheet_grid`.
 */
export function gridFactorForDeclaredLabel(label: string): GridFactor {
  const region = declaredRegionFromLabel(label);
  if (!region) throw new UnknownGridLocationError(label);
  const emberKey = REGION_EMBER_KEY[region];
  const g = data[emberKey];
  if (g === undefined) throw new UnknownGridLocationError(label);
  return { code: region, kg_per_kwh: kgPerKwh(g), ember_key: emberKey };
}

/** The Ember factor for a declared region (used when re-basing a declared use phase). */
export function gridFactorForRegion(region: DeclaredRegion): GridFactor {
  return gridFactorForDeclaredLabel(region);
}
