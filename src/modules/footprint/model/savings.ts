/**
 * Avoided emissions of keeping devices in use instead of buying new ones.
 *
 * Both sides deliver the same service: `extra_years` of use of one device.
 *   new device (baseline): embodied × (years / lifetime)  +  use/year × years
 * Embodied (production + transport + end of life) is amortised linearly over the
 * device's assumed lifetime, so a new device bought for `years` carries that share of its
 * embodied footprint; the rest belongs to its later years. This is the usual annualised
 * LCA convention and avoids crediting a scenario with more than one device's worth.
 *   extend_lifetime: use/year × years                    (old device's embodied already amortised)
 *   reuse:           transport + use/year × years        (one more shipment to the next user)
 *   refurbish:       10 % of production + transport + use/year × years
 * The 10 % stands for replaced parts (battery, storage, keyboard), cleaning, testing and
 * packaging; it is an assumption, not fitted (the catalogue declares no refurbishments).
 * Old devices are assumed to draw the same electricity as the new one; a newer, more
 * efficient model would make savings somewhat smaller.
 */
import type { FootprintResult } from './types.ts';

export type SavingsScenario = 'reuse' | 'refurbish' | 'extend_lifetime';

export const REFURBISH_PRODUCTION_SHARE = 0.1;
export const DEFAULT_EXTEND_YEARS = 2;

export interface SavingsResult {
  baseline_kg_co2e: number;
  scenario_kg_co2e: number;
  avoided_kg_co2e: number;
  avoided_pct: number;
  explanation: string;
}

function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Default service years: 2 for extending a lifetime, half a first life for a second-hand device. */
export function defaultExtraYears(baseline: FootprintResult, scenario: SavingsScenario): number {
  return scenario === 'extend_lifetime' ? DEFAULT_EXTEND_YEARS : Math.max(1, baseline.assumptions.lifetime_years / 2);
}

export function savings(baseline: FootprintResult, scenario: SavingsScenario, extra_years?: number): SavingsResult {
  const years = extra_years ?? defaultExtraYears(baseline, scenario);
  if (!(years > 0) || !Number.isFinite(years)) throw new RangeError('extra_years must be a positive number');
  const b = baseline.breakdown;
  const L = baseline.assumptions.lifetime_years;
  const embodied = b.production_kg + b.transport_kg + b.eol_kg;
  const usePerYear = b.use_kg / L;
  const use = usePerYear * years;
  const newDevice = embodied * (years / L) + use;

  let scenarioKg: number;
  let what: string;
  switch (scenario) {
    case 'extend_lifetime':
      scenarioKg = use;
      what = `keeping the device ${years} more years emits only its electricity (${r2(use)} kg)`;
      break;
    case 'reuse':
      scenarioKg = b.transport_kg + use;
      what = `a reused device emits one more transport (${r2(b.transport_kg)} kg) plus its electricity (${r2(use)} kg)`;
      break;
    case 'refurbish': {
      const refurb = REFURBISH_PRODUCTION_SHARE * b.production_kg;
      scenarioKg = refurb + b.transport_kg + use;
      what =
        `a refurbished device emits an assumed ${REFURBISH_PRODUCTION_SHARE * 100} % of production for parts and processing ` +
        `(${r2(refurb)} kg), one more transport (${r2(b.transport_kg)} kg) and its electricity (${r2(use)} kg)`;
      break;
    }
  }
  const avoided = newDevice - scenarioKg;
  return {
    baseline_kg_co2e: r2(newDevice),
    scenario_kg_co2e: r2(scenarioKg),
    avoided_kg_co2e: r2(avoided),
    avoided_pct: newDevice > 0 ? r2((100 * avoided) / newDevice) : 0,
    explanation:
      `Over ${years} years of use: a new device carries ${r2(embodied * (years / L))} kg of embodied emissions ` +
      `(${r2(embodied)} kg amortised over its ${L}-year lifetime) plus ${r2(use)} kg of electricity; ${what}. ` +
      'Electricity use is assumed equal for old and new devices.',
  };
}
