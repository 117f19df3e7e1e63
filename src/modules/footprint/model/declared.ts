/**
 * Declared footprints of catalogue products, re-based on the caller's usage.
 *
 * The manufacturer's production, transport and end-of-life figures are kept as declared;
 * only the use phase depends on who uses the device where and for how long, so only it is
 * recomputed: for another country, use' = kWh × L' × g'(Ember); for another lifetime or kWh
 * only, use' = use_declared × (L'/L) × (kWh'/kWh).
 * g_sheet is the factor the sheets imply for their region (fitted, ~0.5 kg/kWh for PAIA),
 * not today's Ember mix, because that is what the declared use phase was computed with.
 */
import type { FootprintModel } from './estimator.ts';
import { GRID_FACTOR_SOURCE, declaredRegionFromLabel, gridFactor } from './grid-factors.ts';
import type { DeclaredProduct, FootprintResult, Provenance, UsageInput } from './types.ts';
import { FootprintValidationError, validateEstimateInput } from './validation.ts';

const RATIO_SUM_TOLERANCE = 0.1;

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function adjustDeclaredWith(model: FootprintModel, p: DeclaredProduct, usage: UsageInput): FootprintResult {
  const issues = validateEstimateInput({ category: p.category, usage });
  if (issues.length > 0) throw new FootprintValidationError(issues);
  const params = model.params;
  const warnings: string[] = [];
  const inputs: Record<string, Provenance> = { category: 'catalogue', gwp_total: 'catalogue' };
  const T = p.gwp_total_kg;
  const r = p.phase_ratios;
  const defaults = params.categories[p.category];

  const declaredRegion = declaredRegionFromLabel(p.use_location);
  if (!declaredRegion) warnings.push('declared use location missing or unrecognised: world-wide sheet basis assumed');
  const gSheet = model.sheetGrid(declaredRegion ?? 'WW', p.category, p.brand);
  const L0 = p.lifetime_years ?? defaults.lifetime_years;
  if (p.lifetime_years === null) warnings.push(`declared lifetime missing: ${p.category} median of ${L0} years assumed`);

  // Declared use phase: from the use share when given, else rebuilt from the declared kWh.
  let use0: number;
  let kwh0: number | null = p.yearly_kwh !== null && p.yearly_kwh > 0 ? p.yearly_kwh : null;
  if (r.use !== null && r.use >= 0 && r.use < 1) {
    use0 = T * r.use;
    kwh0 ??= use0 / (L0 * gSheet);
  } else if (kwh0 !== null) {
    use0 = Math.min(kwh0 * L0 * gSheet, 0.99 * T);
    warnings.push('declared use share missing: use phase rebuilt from declared yearly kWh and the sheet grid factor');
  } else {
    const share = 1 - 1 / (1 + defaults.yearly_kwh * L0 * gSheet / Math.max(1, defaults.typical_total_kg.p50));
    use0 = T * share;
    kwh0 = use0 / (L0 * gSheet);
    warnings.push(`declared use share and kWh missing: use share of ${round2(share)} assumed from ${p.category} defaults`);
  }
  const embodied = T - use0;

  // Split of the non-use part. Zero transport AND zero eol is how unparsed sheets look
  // (dataset README caveat 3), so it is treated as "not declared", not as zero.
  const m = r.manufacturing ?? 0;
  const t = r.transport ?? 0;
  const e = r.eol ?? 0;
  let tShare: number;
  let eShare: number;
  if (m > 0 && t + e > 0) {
    tShare = t / (m + t + e);
    eShare = e / (m + t + e);
  } else {
    const split = params.phase_split[p.category] ?? params.phase_split['*'] ?? { transport: 0.05, eol: 0.01, n: 0 };
    tShare = split.transport;
    eShare = split.eol;
    warnings.push(`transport/end-of-life shares not declared: ${p.category} median shares used`);
  }
  const ratioSum = [r.use, r.manufacturing, r.transport, r.eol].reduce<number>((s, x) => s + (x ?? 0), 0);
  if (r.use !== null && r.manufacturing !== null && Math.abs(ratioSum - 1) > RATIO_SUM_TOLERANCE) {
    warnings.push(`declared phase shares sum to ${round2(ratioSum)}, not 1: total and use share kept, the rest apportioned`);
  }

  // Caller usage: anything given that differs from the declaration triggers a re-base.
  let L = L0;
  let kwh = kwh0;
  let g = gSheet;
  let country: string = declaredRegion ?? 'WW';
  let basis: 'declared_sheet' | 'ember' = 'declared_sheet';
  let changed = false;
  inputs.lifetime_years = p.lifetime_years === null ? 'default' : 'catalogue';
  inputs.yearly_kwh = p.yearly_kwh === null ? 'default' : 'catalogue';
  inputs.use_country = declaredRegion ? 'catalogue' : 'default';
  if (usage.lifetime_years !== undefined && usage.lifetime_years !== L0) {
    L = usage.lifetime_years;
    inputs.lifetime_years = 'caller';
    changed = true;
  }
  if (usage.yearly_kwh !== undefined && Math.abs(usage.yearly_kwh - kwh0) > 1e-9) {
    kwh = usage.yearly_kwh;
    inputs.yearly_kwh = 'caller';
    changed = true;
  }
  if (usage.country !== undefined) {
    const c = usage.country.trim().toUpperCase();
    // Asking for the region the sheet was declared for keeps the sheet's own factor:
    // swapping it for today's Ember value would change a number the caller did not ask to change.
    const sameRegion = (c === 'EU' && declaredRegion === 'EU') || (c === 'US' && declaredRegion === 'US') || (c === 'WW' && declaredRegion === 'WW');
    if (!sameRegion) {
      g = usage.grid_basis === 'manufacturer_sheet' ? gSheet : gridFactor(c).kg_per_kwh;
      country = c;
      basis = usage.grid_basis === 'manufacturer_sheet' ? 'declared_sheet' : 'ember';
      inputs.use_country = 'caller';
      changed = true;
    }
  }
  if (usage.hours_per_day !== undefined) {
    warnings.push('usage.hours_per_day ignored for a declared product: give usage.yearly_kwh to change consumption');
  }
  // A new grid is physical (kWh x years x factor); a changed lifetime or kWh alone scales the
  // declared figure, so the sheet's own rounding and assumptions are kept.
  const use = !changed ? use0 : g !== gSheet ? kwh * L * g : use0 * (L / L0) * (kwh / kwh0);
  const total = embodied + use;

  let rel = p.error_ratio;
  if (rel === null || !(rel > 0 && rel <= 1)) {
    warnings.push(
      `declared uncertainty ${rel === null ? 'missing' : `of ${rel} implausible`}: catalogue median of ±${params.declared_error.default_ratio} used`,
    );
    rel = params.declared_error.default_ratio;
  }

  return {
    method: changed ? 'declared_adjusted' : 'declared',
    total_kg_co2e: round2(total),
    breakdown: {
      production_kg: round2(embodied * (1 - tShare - eShare)),
      transport_kg: round2(embodied * tShare),
      use_kg: round2(use),
      eol_kg: round2(embodied * eShare),
    },
    range: { low_kg: round2(total * Math.max(0, 1 - rel)), high_kg: round2(total * (1 + rel)), coverage: params.calibration.coverage },
    assumptions: {
      category: p.category,
      lifetime_years: L,
      yearly_kwh: round2(kwh),
      hours_per_day: null,
      use_country: country,
      grid_kg_per_kwh: g,
      grid_basis: basis,
      siblings_used: 0,
    },
    sources: {
      dataset_version: params.dataset.version,
      grid_factor: { source: GRID_FACTOR_SOURCE.source, year: GRID_FACTOR_SOURCE.year, year_note: GRID_FACTOR_SOURCE.year_note },
      inputs,
    },
    warnings,
    methodology_version: params.methodology_version,
  };
}
