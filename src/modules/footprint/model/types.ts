/**
 * Public shapes of the footprint model: what the caller gives, what comes back, and the
 * fitted parameter file. Field names carry units (kg, kWh, GB, inches) so nobody guesses.
 */
import type { CategoryDefaults, DeviceCategory } from './categories.ts';
import type { FormFactor, WeightModel } from './features.ts';

export interface StorageSpec {
  type: 'ssd' | 'hdd';
  capacity_gb: number;
}

export interface DeviceSpecs {
  year?: number;
  screen_size_in?: number;
  weight_kg?: number;
  memory_gb?: number;
  storage?: StorageSpec[];
  cpu?: string;
  gpu?: string;
  battery_wh?: number;
}

/**
 * 'ember' (default): today's average mix of `country`. 'manufacturer_sheet': the factor
 * manufacturers' PAIA sheets imply for the country's region, so a result is comparable
 * like-for-like with a declared total (used by the evaluation and by comparisons).
 */
export type GridBasis = 'ember' | 'manufacturer_sheet';

export interface UsageInput {
  /** ISO 3166-1 alpha-2, or the regions 'EU' and 'WW'. */
  country?: string;
  lifetime_years?: number;
  yearly_kwh?: number;
  hours_per_day?: number;
  grid_basis?: GridBasis;
}

/** Mirrors the body of POST /footprint minus the product lookup, so validation paths match the API. */
export interface EstimateInput {
  category: DeviceCategory;
  brand?: string;
  /** Model name as the caller knows it; only its product-line word is used ("Latitude 5440" -> latitude). */
  model?: string;
  specs?: DeviceSpecs;
  usage?: UsageInput;
  /** ISO alpha-2 or a region ('EU', 'ASIA'); where final assembly happened. */
  assembly_country?: string;
}

export type Provenance = 'caller' | 'default' | 'catalogue';
export type FootprintMethod = 'declared' | 'declared_adjusted' | 'estimated';

export interface PhaseBreakdown {
  production_kg: number;
  transport_kg: number;
  use_kg: number;
  eol_kg: number;
}

export interface FootprintRange {
  low_kg: number;
  high_kg: number;
  coverage: number;
}

export interface FootprintAssumptions {
  category: DeviceCategory;
  lifetime_years: number;
  yearly_kwh: number;
  hours_per_day: number | null;
  use_country: string;
  grid_kg_per_kwh: number;
  grid_basis: GridBasis | 'declared_sheet';
  /** Declared siblings that informed the estimate (0 for declared products). */
  siblings_used: number;
  /** Estimates only: the size and age the model used, the caller's or the typical values assumed (see warnings). */
  specs?: { year: number | null; screen_size_in: number | null; weight_kg: number | null; form_factor: FormFactor | null };
}

export interface FootprintResult {
  method: FootprintMethod;
  total_kg_co2e: number;
  breakdown: PhaseBreakdown;
  range: FootprintRange;
  assumptions: FootprintAssumptions;
  sources: {
    dataset_version: string;
    grid_factor: { source: string; year: number | null; year_note: string };
    inputs: Record<string, Provenance>;
  };
  warnings: string[];
  methodology_version: string;
}

/**
 * A catalogue product with a declared footprint. Structurally a subset of the products
 * module's ProductRecord, so a record can be passed as-is.
 */
export interface DeclaredProduct {
  brand: string;
  name: string;
  category: DeviceCategory;
  gwp_total_kg: number;
  phase_ratios: { manufacturing: number | null; use: number | null; transport: number | null; eol: number | null };
  error_ratio: number | null;
  yearly_kwh: number | null;
  lifetime_years: number | null;
  /** Catalogue label ('EU', 'US', 'North America', 'WW', 'Worldwide', 'Asia') or null. */
  use_location: string | null;
}

/**
 * Compact sibling: [category, brand, series, log weight, log screen, log kWh, year, residual of
 * log embodied, line tier (optional, absent in parameter files before footprint-model/1.1)].
 */
export type SiblingRow = [string, string, string, number | null, number | null, number | null, number | null, number, string?];

/**
 * What "a typical <category>" means when the caller leaves a spec out. The model then predicts
 * for that typical value; the "not stated" indicators learned from catalogue rows that lack a
 * column describe which makers leave it out, not a device whose spec is merely unknown.
 */
export interface TypicalSpecs {
  /** Median report year of the declared products (of the category, or of one maker's). */
  year: number;
  /** Median screen, inches; null where most declared products of the category state none. */
  screen_in: number | null;
  /** Median weight, kg, for a caller who gives neither weight nor screen; null where none is declared. */
  weight_kg: number | null;
  /** log screen = a + b × log weight (rows with both), for a caller who gives a weight but no screen. */
  screen_from_weight: { a: number; b: number } | null;
  n: number;
}

/**
 * Mean log contributions, over a maker's declared products of one category, of the terms a
 * caller can leave out: product line and tier ([embodied, kWh]), the report year's sheet
 * template ([embodied, kWh]) and the assembly site (embodied). Added to a prediction whose
 * caller gave no model, no year or no assembly country respectively.
 */
export interface MarginalOffsets {
  line: [number, number];
  year: [number, number];
  assembly: number;
  /**
   * [embodied, kWh] per spec: the "not stated on the sheet" indicator times the share of the
   * maker's products whose sheet omits the spec (1 for a maker that never states it).
   */
  missing: { year: [number, number]; screen: [number, number]; weight: [number, number] };
  n: number;
}

/** [lowest, highest] value declared, per spec (only specs with at least 5 declared values). */
export type SpecRange = Partial<Record<'year' | 'screen_size_in' | 'weight_kg', [number, number]>>;

export interface CalibrationGroup {
  /** Quantiles of log(declared / predicted) total, out-of-fold. */
  lo: number;
  hi: number;
  n: number;
}

export interface FootprintParams {
  methodology_version: string;
  dataset: { name: string; version: string; license: string; rows_used: number; notes: string[] };
  brands: string[];
  /**
   * Per category, the declared brands and their share of its declared products: an estimate
   * without a known brand is their weighted mean (absent in parameter files before 1.2).
   */
  brand_mix?: Record<string, Array<[string, number]>>;
  /** Brands whose sheets mostly state yearly kWh: without it, the estimate imputes it (absent before 1.2). */
  kwh_brands?: string[];
  embodied: { lambda: number; coef: Record<string, number> };
  /** Weight-from-screen imputation per category, for callers who give no weight. */
  weight_model: Record<string, WeightModel>;
  /** Per category: the span of year, screen and weight its declared products state (absent before 1.3). */
  spec_range?: Record<string, SpecRange>;
  /** Per category and '*': the lowest and highest yearly kWh declared, the span the production part trusts (absent before 1.3). */
  kwh_range?: Record<string, [number, number]>;
  /** Year, screen and weight assumed for callers who give none, keyed '<category>' or '<brand>:<category>' (absent before 1.3). */
  typical_specs?: Record<string, TypicalSpecs>;
  /** Keyed '<brand>:<category>': what to add for a line, year or assembly site left out (absent before 1.3). */
  marginal_offsets?: Record<string, MarginalOffsets>;
  kwh: { lambda: number; coef: Record<string, number> };
  /**
   * kg/kWh the manufacturers' sheets imply, keyed '<brand>:<category>:<region>',
   * '<category>:<region>', '<region>' or '*' (most specific first; see sheetGridLookup).
   */
  sheet_grid: Record<string, number>;
  siblings: { k: number; tau: number; prior: number; rows: SiblingRow[] };
  calibration: { coverage: number; groups: Record<string, CalibrationGroup> };
  /** Shares of the embodied footprint (production + transport + eol) that are transport and eol. */
  phase_split: Record<string, { transport: number; eol: number; n: number }>;
  categories: Record<DeviceCategory, CategoryDefaults>;
  /** Typical hours/day behind the fitted yearly kWh, used to scale kWh by usage.hours_per_day. */
  typical_hours_per_day: Record<DeviceCategory, number>;
  declared_error: { default_ratio: number; n: number };
  /** Ridge penalty multipliers tried, their inner-CV median % error, and the one kept. */
  selection?: { penalty_grid: Array<Record<string, number>>; inner_mdape_pct: number[]; chosen: Record<string, number> };
}
