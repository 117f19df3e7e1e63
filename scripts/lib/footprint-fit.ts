/**
 * Fits the footprint model's parameters from catalogue rows. Shared by fit-footprint.ts
 * (all rows -> params.json) and eval-footprint.ts (training folds only), so the evaluated
 * model is exactly the shipped one.
 */
import { DEVICE_CATEGORIES } from '../../src/modules/footprint/model/categories.ts';
import type { CategoryDefaults, DeviceCategory } from '../../src/modules/footprint/model/categories.ts';
import { sheetGridLookup } from '../../src/modules/footprint/model/estimator.ts';
import { embodiedFeatures, formFromName, imputeSpecs, kwhFeatures, screenFromName, typicalSpecsOf } from '../../src/modules/footprint/model/features.ts';
import type { FeatureInput, SparseFeatures } from '../../src/modules/footprint/model/features.ts';
import type { EstimateInput, FootprintParams, SiblingRow } from '../../src/modules/footprint/model/types.ts';
import type { PcfRow } from './pcf-data.ts';
import { fitKwhRange, fitMarginals, fitSpecRange, fitTypicalSpecs, fitWeightModel } from './footprint-typical.ts';
import { median, quantile, ridge, round } from './stats.ts';

export const METHODOLOGY_VERSION = 'footprint-model/1.5';
export const DATASET_VERSION = 'boavizta-environmental-footprint-data@61323eb (2023-02-23), 964-row subset';
export const COVERAGE = 0.8;

export interface FitOptions {
  lambdaEmbodied: number;
  lambdaKwh: number;
  siblings: { k: number; tau: number; prior: number };
  innerFolds: number;
  /** Ridge penalty multipliers by feature prefix (see stats.ridge). */
  penalty: Record<string, number>;
}

export const DEFAULT_FIT: FitOptions = {
  lambdaEmbodied: 1,
  lambdaKwh: 1,
  siblings: { k: 5, tau: 1, prior: 0.3 },
  innerFolds: 5,
  penalty: {},
};

/**
 * Candidate ridge penalties, chosen per fit by inner grouped CV (footprint-params.ts), so the
 * outer evaluation never sees the choice. Multipliers apply to the finest, noisiest features:
 * brand x category x report year (bcy), line tier (ss), product line (s) and its weight slope (lws).
 */
export const PENALTY_GRID: ReadonlyArray<Record<string, number>> = [
  {},
  { bcy: 5, ss: 5, s: 2, lws: 2 },
  { bcy: 20, ss: 20, s: 5, lws: 5 },
  { bcy: 50, ss: 50, s: 10, lws: 10 },
  { bcy: 200, ss: 200, s: 30, lws: 30 },
];

// Not fitted: the catalogue states yearly kWh, never the duty cycle behind it. These are the
// assumptions the hours_per_day scaling divides by (office devices ~ a working day; always-on
// infrastructure and battery devices that sit on a charger all day, 24 h).
const TYPICAL_HOURS: Record<DeviceCategory, number> = {
  laptop: 8, desktop: 8, monitor: 8, workstation: 8, thin_client: 8, all_in_one: 8,
  tablet: 24, smartphone: 24, server: 24, printer: 24, network: 24, storage: 24, other: 24,
};

/** Exactly what a caller could send for this product: no use ratio, no total, no error ratio. */
export function callerInputOf(r: PcfRow): EstimateInput {
  const storage = r.storage.length > 0 ? r.storage : undefined;
  const country = r.region === null ? undefined : r.region === 'ASIA' ? 'WW' : r.region;
  return {
    category: r.category,
    brand: r.brand,
    model: r.name,
    specs: {
      ...(r.year !== null ? { year: r.year } : {}),
      ...(r.screen !== null ? { screen_size_in: r.screen } : {}),
      ...(r.weight !== null && r.weight > 0 ? { weight_kg: r.weight } : {}),
      ...(r.memory !== null && r.memory > 0 ? { memory_gb: r.memory } : {}),
      ...(storage ? { storage } : {}),
    },
    usage: {
      ...(country ? { country } : {}),
      ...(r.lifetime !== null && r.lifetime > 0 ? { lifetime_years: r.lifetime } : {}),
      ...(r.yearlyKwh !== null && r.yearlyKwh > 0 ? { yearly_kwh: r.yearlyKwh } : {}),
      // Declared totals were computed with the sheets' grid factors; compare like with like.
      grid_basis: 'manufacturer_sheet',
    },
    ...(r.assembly ? { assembly_country: r.assembly } : {}),
  };
}

/**
 * What callers often send instead of the full sheet: the same product without the yearly kWh
 * (most callers do not know it), without brand and model (a generic "14-inch laptop"), with
 * brand and model but no specs and no kWh ("a Dell Latitude 7420"), or the category alone.
 * The range is calibrated on these too, so it holds for the inputs a caller actually gives.
 */
export type SparseScenario = 'no_kwh' | 'no_brand' | 'no_specs' | 'category_only';

export function sparseInputsOf(full: EstimateInput): Array<{ scenario: SparseScenario; input: EstimateInput }> {
  const out: Array<{ scenario: SparseScenario; input: EstimateInput }> = [];
  const { yearly_kwh: _kwh, ...usage } = full.usage ?? {};
  if (full.usage?.yearly_kwh !== undefined) out.push({ scenario: 'no_kwh', input: { ...full, usage } });
  const { brand: _brand, model: _model, ...generic } = full;
  out.push({ scenario: 'no_brand', input: generic });
  const { specs: _specs, ...unsized } = full;
  out.push({ scenario: 'no_specs', input: { ...unsized, usage } });
  out.push({ scenario: 'category_only', input: { category: full.category, usage } });
  return out;
}

function featureInputOf(r: PcfRow): FeatureInput {
  let ssd = 0;
  let hdd = 0;
  for (const d of r.storage) {
    if (d.type === 'ssd') ssd += d.capacity_gb;
    else hdd += d.capacity_gb;
  }
  return {
    category: r.category,
    brand: r.brandKey,
    series: r.series,
    subseries: r.subseries,
    form: formFromName(r.category, r.name) ?? '',
    // Same rule as the estimator: a size written in the model name stands in for a missing column.
    screen_in: r.screen ?? screenFromName(r.name),
    weight_kg: r.weight !== null && r.weight > 0 ? r.weight : null,
    year: r.year,
    yearly_kwh: r.yearlyKwh !== null && r.yearlyKwh > 0 ? r.yearlyKwh : null,
    ssd_gb: ssd,
    hdd_gb: hdd,
    memory_gb: r.memory,
    assembly: r.assembly === 'CN' ? 'CN' : r.assembly === 'EU' ? 'EU' : r.assembly === 'ASIA' || r.assembly === 'KR' ? 'ASIA' : null,
    region: r.region === null || r.region === 'ASIA' ? 'EU' : r.region,
  };
}

/** Usable use share: declared, in [0, 1). Shares >= 1 would leave nothing to manufacture. */
function useShare(r: PcfRow): number | null {
  return r.useRatio !== null && r.useRatio >= 0 && r.useRatio < 0.995 ? r.useRatio : null;
}

function fitSheetGrid(rows: PcfRow[]): Record<string, number> {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    const u = useShare(r);
    if (u === null || u === 0 || !r.yearlyKwh || !r.lifetime) continue;
    const g = (r.total * u) / (r.yearlyKwh * r.lifetime);
    // Outside this band the kWh column is in another unit (Lexmark) or mis-parsed.
    if (g < 0.1 || g > 1.6) continue;
    const region = r.region ?? 'WW';
    // PAIA server sheets imply ~1.05 kg/kWh (Dell) or ~1.4 (HPE) where client sheets imply
    // ~0.52 in the same region, so the factor is kept per brand and category where the data allows.
    for (const k of [`${r.brandKey}:${r.category}:${region}`, `${r.category}:${region}`, region, '*']) {
      by.set(k, [...(by.get(k) ?? []), g]);
    }
  }
  const out: Record<string, number> = {};
  for (const [k, v] of [...by].sort(([a], [b]) => a.localeCompare(b))) {
    const minN = k.includes(':') ? 3 : 5;
    if (v.length >= minN || k === '*') out[k] = round(median(v) ?? 0.5, 4);
  }
  out['*'] ??= 0.5;
  return out;
}

/** The core parameters (no calibration) from a set of rows. */
export function fitCore(rows: PcfRow[], opt: FitOptions = DEFAULT_FIT): FootprintParams {
  const sheet = fitSheetGrid(rows);
  const weightModel = fitWeightModel(rows);
  const typicalSpecs = fitTypicalSpecs(rows);
  const g = (r: PcfRow): number => sheetGridLookup(sheet, r.brandKey, r.category, r.region ?? 'WW');

  const embX: SparseFeatures[] = [];
  const embY: number[] = [];
  const embRows: PcfRow[] = [];
  const kwhX: SparseFeatures[] = [];
  const kwhY: number[] = [];
  const impliedKwh = new Map<PcfRow, number>();
  for (const r of rows) {
    const fx = imputeSpecs(featureInputOf(r), weightModel, typicalSpecsOf(typicalSpecs, r.brandKey, r.category));
    const u = useShare(r);
    let embodied: number | null = null;
    if (u !== null) embodied = r.total * (1 - u);
    else if (r.yearlyKwh && r.lifetime) {
      // HP publishes kWh but often no use share: rebuild the use phase the way the sheet did.
      const e = r.total - r.yearlyKwh * r.lifetime * g(r);
      if (e > 0.2 * r.total) embodied = e;
    }
    if (embodied !== null && embodied > 0) {
      embX.push(embodiedFeatures(fx));
      embY.push(Math.log(embodied));
      embRows.push(r);
    }
    let kwh: number | null = null;
    if (r.yearlyKwh && r.yearlyKwh > 0) {
      const gi = u !== null && r.lifetime ? (r.total * u) / (r.yearlyKwh * r.lifetime) : null;
      if (gi === null || (gi > 0.1 && gi < 1.5)) kwh = r.yearlyKwh;
    }
    if (kwh === null && u !== null && u > 0 && r.lifetime) kwh = (r.total * u) / (r.lifetime * g(r));
    if (kwh !== null && kwh > 0) {
      impliedKwh.set(r, kwh);
      kwhX.push(kwhFeatures({ ...fx, yearly_kwh: null }));
      kwhY.push(Math.log(kwh));
    }
  }
  const emb = ridge(embX, embY, opt.lambdaEmbodied, opt.penalty);
  const kwh = ridge(kwhX, kwhY, opt.lambdaKwh, opt.penalty);
  const marginals = fitMarginals(rows, (r) => imputeSpecs(featureInputOf(r), weightModel, typicalSpecsOf(typicalSpecs, r.brandKey, r.category)), emb, kwh);

  const sibRows: SiblingRow[] = embRows.map((r, i) => {
    const fx = featureInputOf(r);
    const lg = (x: number | null): number | null => (x !== null && x > 0 ? round(Math.log(x), 4) : null);
    return [r.category, r.brandKey, r.series, lg(fx.weight_kg), lg(fx.screen_in), lg(fx.yearly_kwh), r.year, round((embY[i] ?? 0) - emb.predict(embX[i] ?? []), 4), r.subseries];
  });

  return {
    methodology_version: METHODOLOGY_VERSION,
    dataset: {
      name: 'Boavizta environmental-footprint-data (ODbL 1.0)',
      version: DATASET_VERSION,
      license: 'ODbL 1.0 (contents DbCL 1.0)',
      rows_used: rows.length,
      notes: [
        'use shares >= 0.995 ignored for the embodied fit',
        'implied sheet grid factors outside 0.1-1.5 kg/kWh (kWh in another unit, e.g. Lexmark) ignored',
        'error ratios outside (0, 1] treated as not declared',
        'rows without a use share but with kWh: embodied = total - kWh x lifetime x sheet grid factor',
      ],
    },
    brands: [...new Set(rows.map((r) => r.brandKey))].sort(),
    brand_mix: fitBrandMix(rows),
    kwh_brands: fitKwhBrands(rows),
    embodied: { lambda: opt.lambdaEmbodied, coef: emb.coef },
    weight_model: weightModel,
    typical_specs: typicalSpecs,
    kwh_range: fitKwhRange(rows),
    spec_range: fitSpecRange(rows),
    marginal_offsets: marginals,
    kwh: { lambda: opt.lambdaKwh, coef: kwh.coef },
    sheet_grid: sheet,
    siblings: { ...opt.siblings, rows: sibRows },
    calibration: { coverage: COVERAGE, groups: {} },
    phase_split: fitPhaseSplit(rows),
    categories: fitCategories(rows, impliedKwh),
    typical_hours_per_day: TYPICAL_HOURS,
    declared_error: fitDeclaredError(rows),
  };
}

/**
 * Brands whose "no kWh" case the embodied fit cannot have learned: their sheets state kWh
 * (nearly) always, so without it the estimator imputes kWh instead of using the indicator
 * that brands without kWh columns taught. Brands with enough rows of both kinds keep theirs.
 */
function fitKwhBrands(rows: PcfRow[]): string[] {
  const withKwh = new Map<string, number>();
  const without = new Map<string, number>();
  for (const r of rows) {
    const m = r.yearlyKwh !== null && r.yearlyKwh > 0 ? withKwh : without;
    m.set(r.brandKey, (m.get(r.brandKey) ?? 0) + 1);
  }
  return [...withKwh].filter(([b, n]) => n >= MIN_KWH_ROWS && (without.get(b) ?? 0) < MIN_KWH_ROWS).map(([b]) => b).sort();
}
const MIN_KWH_ROWS = 5;

/** Per category, each brand's share of the declared products, largest first. */
function fitBrandMix(rows: PcfRow[]): Record<string, Array<[string, number]>> {
  const out: Record<string, Array<[string, number]>> = {};
  for (const c of DEVICE_CATEGORIES) {
    const counts = new Map<string, number>();
    for (const r of rows) if (r.category === c) counts.set(r.brandKey, (counts.get(r.brandKey) ?? 0) + 1);
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    out[c] = [...counts]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([b, k]) => [b, round(k / n, 4)]);
  }
  return out;
}

function fitPhaseSplit(rows: PcfRow[]): FootprintParams['phase_split'] {
  const by = new Map<string, Array<[number, number]>>();
  for (const r of rows) {
    const m = r.mfgRatio ?? 0;
    const t = r.transportRatio ?? 0;
    const e = r.eolRatio ?? 0;
    if (m <= 0 || t + e <= 0) continue;
    const s: [number, number] = [t / (m + t + e), e / (m + t + e)];
    for (const k of [r.category, '*']) by.set(k, [...(by.get(k) ?? []), s]);
  }
  const out: FootprintParams['phase_split'] = {};
  for (const [k, v] of by) {
    if (v.length < 5 && k !== '*') continue;
    out[k] = { transport: round(median(v.map((x) => x[0])) ?? 0, 4), eol: round(median(v.map((x) => x[1])) ?? 0, 4), n: v.length };
  }
  return out;
}

function fitCategories(rows: PcfRow[], impliedKwh: Map<PcfRow, number>): Record<DeviceCategory, CategoryDefaults> {
  const out = {} as Record<DeviceCategory, CategoryDefaults>;
  for (const c of DEVICE_CATEGORIES) {
    let rs = rows.filter((r) => r.category === c);
    let borrowed: DeviceCategory | null = null;
    if (rs.length < 3) {
      borrowed = c === 'all_in_one' || c === 'workstation' || c === 'thin_client' ? 'desktop' : 'other';
      rs = rows.filter((r) => r.category === borrowed);
    }
    const totals = rs.map((r) => r.total);
    const kwhs = rs.map((r) => impliedKwh.get(r)).filter((x): x is number => x !== undefined);
    const lifetimes = rs.map((r) => r.lifetime).filter((x): x is number => x !== null && x > 0);
    out[c] = {
      lifetime_years: median(lifetimes) ?? 4,
      yearly_kwh: round(median(kwhs) ?? 0, 2),
      typical_total_kg: { p10: round(quantile(totals, 0.1), 1), p50: round(quantile(totals, 0.5), 1), p90: round(quantile(totals, 0.9), 1) },
      n: rs.length,
      borrowed_from: borrowed,
    };
  }
  return out;
}

function fitDeclaredError(rows: PcfRow[]): FootprintParams['declared_error'] {
  const ok = rows.map((r) => r.errorRatio).filter((x): x is number => x !== null && x > 0 && x <= 1);
  return { default_ratio: round(median(ok) ?? 0.2, 3), n: ok.length };
}
