/**
 * Attribute-based footprint estimate for a device the catalogue does not declare.
 *
 *   embodied = exp(β·x + sibling residual)         production + transport + end of life
 *   use      = yearly_kwh × lifetime × grid factor
 *   total    = embodied + use,  range = total × exp(calibrated residual quantiles)
 *
 * Parameters come from params.json (scripts/fit-footprint.ts). Everything per call is
 * in-memory arithmetic: no I/O, no allocation beyond the result.
 */
import { readFileSync } from 'node:fs';
import type { DeviceCategory } from './categories.ts';
import { formFromName, screenFromName, seriesKey, subSeriesKey } from './features.ts';
import { NO_NAME_CONFIG, configFromName, describeStorage } from './name-config.ts';
import { SPEC_FIELDS, anyGiven, createOmittedSpecs, givenSpecs, outsideNotes, specNotes } from './omitted-specs.ts';
import type { DeclaredRegion, FeatureInput } from './features.ts';
import { LinearPredictor } from './linear-predictor.ts';
import { GRID_FACTOR_SOURCE, declaredRegionOf, gridFactor } from './grid-factors.ts';
import { adjustDeclaredWith, round2 } from './declared.ts';
import { NO_SIBLINGS, SiblingIndex, type SiblingResult } from './siblings.ts';
import { brandLabel, createLineKnowledge, type KnownLine } from './line-knowledge.ts';
import type {
  DeclaredProduct,
  DeviceSpecs,
  EstimateInput,
  FootprintParams,
  FootprintResult,
  GridBasis,
  Provenance,
  UsageInput,
} from './types.ts';
import { FootprintValidationError, validateEstimateInput } from './validation.ts';

const UNUSED_SPECS = ['cpu', 'gpu', 'battery_wh'] as const;

/** Default use country: the API serves European SMEs, so the EU mix is the least surprising guess. */
export const DEFAULT_USE_COUNTRY = 'EU';

export interface FootprintModel {
  readonly params: FootprintParams;
  estimate(input: EstimateInput): FootprintResult;
  /**
   * estimate() for an input that already passed validateEstimateInput (the footprint service
   * validates every request first): the same result without validating twice.
   */
  estimateValidated(input: EstimateInput): FootprintResult;
  adjustDeclared(product: DeclaredProduct, usage?: UsageInput): FootprintResult;
  /** The fitted product line a name belongs to (for names no catalogue holds), or null. */
  recogniseLine(name: string, brand?: string): KnownLine | null;
  /** kg/kWh a manufacturer sheet implies (the basis of declared use phases). */
  sheetGrid(region: DeclaredRegion, category: DeviceCategory, brand: string): number;
}

function assemblyRegion(code: string | undefined): FeatureInput['assembly'] {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  if (c === 'CN' || c === 'CHINA') return 'CN';
  if (c === 'ASIA' || ['TW', 'KR', 'JP', 'VN', 'TH', 'MY', 'IN', 'PH', 'ID', 'SG'].includes(c)) return 'ASIA';
  if (declaredRegionOf(c) === 'EU') return 'EU';
  return null;
}

/** Most specific sheet factor available: brand+category+region, category+region, region, all. */
export function sheetGridLookup(table: Record<string, number>, brand: string, category: string, region: string): number {
  return table[`${brand}:${category}:${region}`] ?? table[`${category}:${region}`] ?? table[region] ?? table['*'] ?? 0.5;
}

/** Calibration group of estimates made without a brand the model knows (see footprint-params.ts). */
export const NO_BRAND = 'none';

/**
 * The range-calibration group a request falls in: its brand key (NO_BRAND when the model does
 * not know it), whether it gave yearly kWh and whether it gave any size or age of the device
 * (a bare "a Dell laptop" is far less certain than one with its weight). The fit files
 * residuals under the same keys.
 */
export function calibrationGroup(brand: string, kwhGiven: boolean, sized = true): string {
  return `${brand}:${kwhGiven ? 'k' : 'n'}${sized ? '' : ':bare'}`;
}

interface Prediction {
  logEmbodied: number;
  logKwh: number;
  siblingsUsed: number;
}

interface BrandMix {
  brands: ReadonlyArray<readonly [string, number]>;
  names: string[];
  note: string;
}

const NO_SPECS: DeviceSpecs = {};
const NO_USAGE: UsageInput = {};

export function createFootprintModel(params: FootprintParams): FootprintModel {
  const embodiedModel = new LinearPredictor(new Map(Object.entries(params.embodied.coef)));
  const kwhModel = new LinearPredictor(new Map(Object.entries(params.kwh.coef)));
  const brands = new Set(params.brands);
  const siblings = new SiblingIndex(params.siblings);
  const lines = createLineKnowledge(params.siblings.rows, params.brands);
  const sheetGrid = (region: DeclaredRegion, category: DeviceCategory, brand: string): number =>
    sheetGridLookup(params.sheet_grid, brand.trim().toLowerCase(), category, region);
  const gridSource = { source: GRID_FACTOR_SOURCE.source, year: GRID_FACTOR_SOURCE.year, year_note: GRID_FACTOR_SOURCE.year_note };

  const kwhBrands = new Set(params.kwh_brands ?? []);

  const omitted = createOmittedSpecs(params);

  /** Log embodied kg (with the siblings' residual `sib`) and log yearly kWh for one brand's features. */
  function predict(fx: FeatureInput, fxModel: FeatureInput, sib: SiblingResult): Prediction {
    const [offE, offK] = omitted.offsets(fxModel);
    // The kWh model only runs when the caller gave no kWh.
    const logKwh = fx.yearly_kwh !== null ? Math.log(fx.yearly_kwh) : kwhModel.kwh(fxModel) + offK;
    // A brand whose sheets always state kWh had its embodied coefficients fitted with kWh as a
    // feature; the "no kWh" indicator was learned from brands that never state it. Siblings
    // keep comparing declared attributes only (as in the fit): an imputed kWh is not one.
    const embodiedX = fx.yearly_kwh === null && kwhBrands.has(fx.brand) ? { ...fxModel, yearly_kwh: Math.exp(logKwh) } : fxModel;
    return { logEmbodied: embodiedModel.embodied(embodiedX) + offE + sib.adjust, logKwh, siblingsUsed: sib.used };
  }

  /**
   * The brand-weighted mean, in log space, of the predictions for each declared brand of the
   * category, each for the brand's own typical device where the caller left specs out.
   * Fitting an unknown brand as "a minor brand" (all brand terms zero) would describe the few
   * small makers in the catalogue, not a device of unknown make.
   */
  function predictMixed(fx: FeatureInput, mix: BrandMix): Prediction & { specs: FeatureInput } {
    const generic = { ...fx, series: '', subseries: '' };
    const sibs = siblings.residualsByBrand(generic, mix.names);
    let logEmbodied = 0;
    let logKwh = 0;
    let used = 0;
    // The share-weighted device the brands were asked for, reported in the assumptions.
    let year = 0;
    let logScreen = 0;
    let logWeight = 0;
    let last: FeatureInput = generic;
    mix.brands.forEach(([b, w], i) => {
      const own = { ...generic, brand: b };
      const model = omitted.modelInput(own);
      const p = predict(own, model, sibs[i] ?? NO_SIBLINGS);
      logEmbodied += w * p.logEmbodied;
      logKwh += w * p.logKwh;
      used += w * p.siblingsUsed;
      year += w * (model.year ?? 0);
      logScreen += w * Math.log(model.screen_in ?? 1);
      logWeight += w * Math.log(model.weight_kg ?? 1);
      last = model;
    });
    // Stated values as stated; assumed ones as the share-weighted mean of the brands' values.
    const specs: FeatureInput = {
      ...last,
      year: fx.year ?? (last.year === null ? null : Math.round(year)),
      screen_in: fx.screen_in ?? (last.screen_in === null ? null : Math.round(10 * Math.exp(logScreen)) / 10),
      weight_kg: fx.weight_kg ?? (last.weight_kg === null ? null : Math.exp(logWeight)),
    };
    return { logEmbodied, logKwh, siblingsUsed: Math.round(used), specs };
  }

  const mixes = new Map<DeviceCategory, BrandMix>();
  function brandMixOf(category: DeviceCategory): BrandMix {
    let m = mixes.get(category);
    if (!m) {
      const list = params.brand_mix?.[category] ?? [];
      const shares = list.map(([b, w]) => `${brandLabel(b)} ${w < 0.005 ? '<1' : Math.round(100 * w)} %`).join(', ');
      m = {
        brands: list,
        names: list.map(([b]) => b),
        note:
          list.length > 0
            ? `estimated as the average of the declared ${category} brands, weighted by their declared products (${shares})`
            : 'no declared brand of this category: coefficients of no particular brand used',
      };
      mixes.set(category, m);
    }
    return m;
  }

  const calibrations = new Map<string, { lo: number; hi: number }>();
  function calibrationFor(brand: string, kwhGiven: boolean, sized: boolean): { lo: number; hi: number } {
    const key = calibrationGroup(brand, kwhGiven, sized);
    let cal = calibrations.get(key);
    if (!cal) {
      const g = params.calibration.groups;
      // Too few residuals of a kind (a yearly kWh but no size or age is rare in the catalogue):
      // the same request without its kWh is the nearest kind, and at most as certain.
      const lessKnown = kwhGiven && !sized ? (g[calibrationGroup(brand, false, false)] ?? g[calibrationGroup('other', false, false)]) : undefined;
      cal = g[key] ?? g[calibrationGroup('other', kwhGiven, sized)] ?? lessKnown ?? g[calibrationGroup(brand, kwhGiven)] ?? g['all'] ?? { lo: -0.5, hi: 0.5 };
      calibrations.set(key, cal);
    }
    return cal;
  }

  function estimate(input: EstimateInput): FootprintResult {
    const issues = validateEstimateInput(input);
    if (issues.length > 0) throw new FootprintValidationError(issues);
    return estimateValidated(input);
  }

  function estimateValidated(input: EstimateInput): FootprintResult {
    const warnings: string[] = [];
    const inputs: Record<string, Provenance> = { category: 'caller' };
    const category: DeviceCategory = input.category;
    const defaults = params.categories[category];
    if (defaults.n < 10) {
      warnings.push(`only ${defaults.n} declared ${category} products behind the model: treat the estimate as indicative`);
    }

    let brand = 'other';
    // Without a brand the model knows, the estimate averages the declared brands of the category.
    let mix: BrandMix | null = null;
    if (input.brand !== undefined && input.brand.trim() !== '') {
      inputs.brand = 'caller';
      const key = input.brand.trim().toLowerCase();
      if (brands.has(key)) brand = key;
      else {
        mix = brandMixOf(category);
        warnings.push(`brand '${input.brand}' has no declared products: ${mix.note}`);
      }
    } else {
      inputs.brand = 'default';
      mix = brandMixOf(category);
      warnings.push(`brand not given: ${mix.note}`);
    }
    let series = '';
    let subseries = '';
    if (input.model !== undefined) {
      inputs.model = 'caller';
      series = seriesKey(brand, input.model);
      subseries = subSeriesKey(brand, input.model);
    }
    const form = formFromName(category, input.model) ?? '';

    const specs = input.specs ?? NO_SPECS;
    const nameScreen = specs.screen_size_in === undefined ? screenFromName(input.model) : null;
    const given = givenSpecs(specs, nameScreen);
    for (const f of SPEC_FIELDS) inputs[f] = given[f] ? 'caller' : 'default';
    warnings.push(...outsideNotes(specs, params.spec_range?.[category], category));
    // The notes name the assumed values, known only once the model input is built below.
    const specNotesAt = warnings.length;
    if (specs.memory_gb !== undefined) inputs.memory_gb = 'caller';
    if (specs.storage !== undefined) inputs.storage = 'caller';
    // Memory and drives the name states stand in for missing specs, as a size in the name does.
    const named = specs.memory_gb === undefined || specs.storage === undefined ? configFromName(category, input.brand, input.model) : NO_NAME_CONFIG;
    const memory = specs.memory_gb ?? named.memory_gb;
    if (specs.memory_gb === undefined && named.memory_gb !== null) {
      inputs.memory_gb = 'caller';
      warnings.push(`specs.memory_gb read from the model name: ${named.memory_gb} GB`);
    }
    const storage = specs.storage ?? (named.storage.length > 0 ? named.storage : undefined);
    if (specs.storage === undefined && storage !== undefined) {
      inputs.storage = 'caller';
      warnings.push(`specs.storage read from the model name: ${describeStorage(storage)}`);
    }
    for (const f of UNUSED_SPECS) {
      if (specs[f] !== undefined) {
        inputs[f] = 'caller';
        warnings.push(`specs.${f} is recorded but not used: no declared data links it to the footprint`);
      }
    }
    let ssd = 0;
    let hdd = 0;
    if (storage !== undefined) {
      for (const d of storage) {
        if (d.type === 'ssd') ssd += d.capacity_gb;
        else hdd += d.capacity_gb;
      }
    }

    const usage = input.usage ?? NO_USAGE;
    let country = DEFAULT_USE_COUNTRY;
    if (usage.country !== undefined) {
      inputs.use_country = 'caller';
      country = usage.country.trim().toUpperCase();
    } else {
      inputs.use_country = 'default';
      warnings.push(`usage.country not given: ${DEFAULT_USE_COUNTRY} average grid assumed`);
    }
    const region = declaredRegionOf(country);
    const basis: GridBasis = usage.grid_basis ?? 'ember';
    const grid = basis === 'ember' ? gridFactor(country).kg_per_kwh : sheetGrid(region, category, brand);

    let lifetime = defaults.lifetime_years;
    if (usage.lifetime_years !== undefined) {
      inputs.lifetime_years = 'caller';
      lifetime = usage.lifetime_years;
    } else {
      inputs.lifetime_years = 'default';
      warnings.push(`usage.lifetime_years not given: ${category} median of ${lifetime} years assumed`);
    }

    // Declared kWh also informs the production part; a value outside what any declared product
    // of the category states would extrapolate the log-linear term without bound (0.001 kWh/year
    // made a server weigh nothing), so the production part sees the nearest declared value.
    let kwhForModel: number | null = null;
    if (usage.yearly_kwh !== undefined) {
      const [lo, hi] = params.kwh_range?.[category] ?? params.kwh_range?.['*'] ?? [0, Infinity];
      kwhForModel = Math.min(hi, Math.max(lo, usage.yearly_kwh));
      if (kwhForModel !== usage.yearly_kwh) {
        warnings.push(
          `usage.yearly_kwh ${usage.yearly_kwh} is outside what declared ${category} products state (${lo}-${hi} kWh/year): ` +
            `the production part is estimated for ${kwhForModel}, the use phase uses ${usage.yearly_kwh}`,
        );
      }
    }
    const fx: FeatureInput = {
      category,
      brand,
      series,
      subseries,
      form,
      screen_in: specs.screen_size_in ?? nameScreen,
      weight_kg: specs.weight_kg ?? null,
      year: specs.year ?? null,
      yearly_kwh: kwhForModel,
      ssd_gb: ssd,
      hdd_gb: hdd,
      memory_gb: memory,
      assembly: assemblyRegion(input.assembly_country),
      region,
    };
    if (input.assembly_country !== undefined) inputs.assembly_country = 'caller';
    // Siblings compare declared attributes, so they see the raw weight; the regressions see the imputed one.
    let predicted: Prediction;
    let fxModel: FeatureInput;
    if (mix === null || mix.brands.length === 0) {
      fxModel = omitted.modelInput(fx);
      predicted = predict(fx, fxModel, siblings.residual(fx));
    } else {
      const mixed = predictMixed(fx, mix);
      predicted = mixed;
      fxModel = mixed.specs;
    }
    const sized = anyGiven(given);
    if (!given.year || !given.screen_size_in || !given.weight_kg) {
      warnings.splice(specNotesAt, 0, ...specNotes(given, fxModel, category, mix === null ? brandLabel(brand) : null));
    }

    let kwh: number;
    let hours: number | null = null;
    if (usage.yearly_kwh !== undefined) {
      inputs.yearly_kwh = 'caller';
      kwh = usage.yearly_kwh;
      if (usage.hours_per_day !== undefined) {
        inputs.hours_per_day = 'caller';
        warnings.push('usage.hours_per_day ignored because usage.yearly_kwh was given');
      }
    } else {
      inputs.yearly_kwh = 'default';
      kwh = Math.exp(predicted.logKwh);
      const typical = params.typical_hours_per_day[category];
      if (usage.hours_per_day !== undefined) {
        inputs.hours_per_day = 'caller';
        hours = usage.hours_per_day;
        // Energy scales with powered-on time; idle/off draw is folded in, which overstates savings
        // for very short days but keeps the relation monotone and explainable.
        kwh *= hours / typical;
      }
      warnings.push(
        `usage.yearly_kwh not given: ${round2(kwh)} kWh/year estimated from the declared consumption of similar ${category} products` +
          (hours === null ? ` (about ${typical} h/day of use)` : ` scaled to ${hours} h/day`),
      );
    }

    const cal = calibrationFor(mix === null ? brand : NO_BRAND, usage.yearly_kwh !== undefined, sized);
    const use = kwh * lifetime * grid;
    const embodied = Math.exp(predicted.logEmbodied);
    const total = embodied + use;
    const split = params.phase_split[category] ?? params.phase_split['*'] ?? { transport: 0.05, eol: 0.01, n: 0 };

    return {
      method: 'estimated',
      total_kg_co2e: round2(total),
      breakdown: {
        production_kg: round2(embodied * (1 - split.transport - split.eol)),
        transport_kg: round2(embodied * split.transport),
        use_kg: round2(use),
        eol_kg: round2(embodied * split.eol),
      },
      range: {
        low_kg: round2(total * Math.exp(Math.min(0, cal.lo))),
        high_kg: round2(total * Math.exp(Math.max(0, cal.hi))),
        coverage: params.calibration.coverage,
      },
      assumptions: {
        category,
        lifetime_years: lifetime,
        yearly_kwh: round2(kwh),
        hours_per_day: hours,
        use_country: country,
        grid_kg_per_kwh: grid,
        grid_basis: basis,
        siblings_used: predicted.siblingsUsed,
        specs: { year: fxModel.year, screen_size_in: fxModel.screen_in, weight_kg: fxModel.weight_kg === null ? null : round2(fxModel.weight_kg), form_factor: form === '' ? null : form },
      },
      sources: { dataset_version: params.dataset.version, grid_factor: gridSource, inputs },
      warnings,
      methodology_version: params.methodology_version,
    };
  }

  const model: FootprintModel = {
    params,
    estimate,
    estimateValidated,
    adjustDeclared: (product, usage) => adjustDeclaredWith(model, product, usage ?? {}),
    recogniseLine: (name, brand) => lines.recognise(name, brand),
    sheetGrid,
  };
  return model;
}

let defaultModel: FootprintModel | null = null;

/** The model fitted into params.json, loaded once on first use. */
export function defaultFootprintModel(): FootprintModel {
  if (!defaultModel) {
    const raw = readFileSync(new URL('./params.json', import.meta.url), 'utf8');
    defaultModel = createFootprintModel(JSON.parse(raw) as FootprintParams);
  }
  return defaultModel;
}

/** Estimate with the bundled parameters. Throws FootprintValidationError or UnknownGridLocationError. */
export function estimate(input: EstimateInput): FootprintResult {
  return defaultFootprintModel().estimate(input);
}

/** Declared footprint of a catalogue product, with its use phase re-based on the caller's usage. */
export function adjustDeclared(product: DeclaredProduct, usage?: UsageInput): FootprintResult {
  return defaultFootprintModel().adjustDeclared(product, usage);
}
