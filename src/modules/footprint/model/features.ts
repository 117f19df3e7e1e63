/**
 * Turns a device description into the sparse feature vector of the log-linear models.
 *
 * Shared by the fitting script and the estimator so that training and prediction can never
 * disagree on a feature's spelling or scaling. Features are string keys so that params.json
 * stays readable and a refit can add or drop features without a schema change.
 */
import type { DeviceCategory } from './categories.ts';
import type { TypicalSpecs } from './types.ts';
import { parseFormFactorFromName, type FormFactor } from '../../products/product-normalise.ts';

/** Grid regions manufacturers declare against; the model learns one sheet factor for each. */
export type DeclaredRegion = 'EU' | 'US' | 'WW' | 'ASIA';

export interface FeatureInput {
  category: DeviceCategory;
  /** Lower-case brand key as known to the model, or 'other'. */
  brand: string;
  /** Product line key (`<brand>:<first word of the model name>`), or '' when unknown. */
  series: string;
  /** Tier within the line (`<series>:<tier>`, e.g. "dell:latitude:5", "lenovo:thinkpad:t"), or ''. */
  subseries?: string;
  /** Box form factor named in the model name (formFromName), or '' when none is. */
  form?: FormFactor | '';
  screen_in: number | null;
  weight_kg: number | null;
  year: number | null;
  yearly_kwh: number | null;
  ssd_gb: number;
  hdd_gb: number;
  memory_gb: number | null;
  assembly: 'CN' | 'EU' | 'ASIA' | null;
  region: DeclaredRegion;
  /** Set by imputeSpecs: the value is the category's typical one (or, for the weight, the screen's), not stated. */
  weight_imputed?: boolean;
  screen_imputed?: boolean;
  year_imputed?: boolean;
  /**
   * Set by the estimator: the imputed values are a caller's omissions, not a sheet's. The
   * "not stated" indicators then stay out; the estimator adds their share-weighted average
   * over the maker's products instead (MarginalOffsets.missing).
   */
  for_caller?: boolean;
}

/** log weight = a + b × log screen, per category; `median_lw` when the screen is unknown too. */
export interface WeightModel {
  a: number;
  b: number;
  median_lw: number;
  n: number;
}

/**
 * The device the regressions see: a year, screen or weight that is not stated takes the
 * category's typical value (`typical`, fitted per category) or, for the weight, the value the
 * screen implies, and is flagged as imputed. Fit and estimate both go through here.
 *
 * Most catalogue rows carry a weight, so the models lean on it and barely on the screen; a
 * caller giving only a screen would otherwise see no size effect. The "imputed" flags turn
 * into per-maker indicators (commonFeatures): what they learn is how the sheets of a maker
 * that leaves a column out differ from a typical device, so a maker whose sheets always state
 * it gets a plain typical device when a caller leaves the spec out.
 */
export function imputeSpecs(x: FeatureInput, models: Readonly<Record<string, WeightModel>>, typical: TypicalSpecs | undefined): FeatureInput {
  const weightGiven = x.weight_kg !== null && x.weight_kg > 0;
  const screenGiven = x.screen_in !== null && x.screen_in > 0;
  if (weightGiven && screenGiven && x.year !== null) return x;
  let screen = x.screen_in;
  // 0 is a caller's "no screen" (a desktop), not an omission.
  const screenImputed = x.screen_in === null && typeof typical?.screen_in === 'number';
  if (screenImputed) {
    const sw = typical?.screen_from_weight ?? null;
    screen = weightGiven && sw !== null ? Math.round(10 * Math.exp(sw.a + sw.b * Math.log(x.weight_kg ?? 1))) / 10 : (typical?.screen_in ?? null);
  }
  const m = models[x.category];
  let weight = x.weight_kg;
  if (!weightGiven && m) {
    if (screenGiven && m.b > 0) weight = Math.exp(m.a + m.b * Math.log(x.screen_in ?? 1));
    else weight = typeof typical?.weight_kg === 'number' ? typical.weight_kg : Math.exp(m.median_lw);
  }
  const yearImputed = x.year === null && typical !== undefined;
  // One object literal rather than spreads: this runs on every estimate.
  return {
    category: x.category,
    brand: x.brand,
    series: x.series,
    subseries: x.subseries,
    form: x.form,
    screen_in: screen,
    weight_kg: weight,
    year: yearImputed ? (typical?.year ?? null) : x.year,
    yearly_kwh: x.yearly_kwh,
    ssd_gb: x.ssd_gb,
    hdd_gb: x.hdd_gb,
    memory_gb: x.memory_gb,
    assembly: x.assembly,
    region: x.region,
    weight_imputed: !weightGiven && m !== undefined,
    screen_imputed: screenImputed,
    year_imputed: yearImputed,
  };
}

/** The typical specs of a maker's devices of a category: the maker's own where fitted, else the category's. */
export function typicalSpecsOf(table: Readonly<Record<string, TypicalSpecs>> | undefined, brand: string, category: string): TypicalSpecs | undefined {
  return table?.[`${brand}:${category}`] ?? table?.[category];
}

export type SparseFeatures = Array<[string, number]>;

// Centring year and log sizes keeps the intercept meaningful and the ridge penalty fair
// to slopes of different units.
const YEAR_CENTRE = 2020;
const YEAR_SCALE = 3;

/** Features of the embodied (production + transport + end-of-life) model, log kg target. */
export function embodiedFeatures(x: FeatureInput): SparseFeatures {
  const f = commonFeatures(x);
  if (x.yearly_kwh !== null && x.yearly_kwh > 0) {
    // Power draw tracks component count and panel size, so it is informative about production too.
    const lk = Math.log(x.yearly_kwh);
    f.push([`lk:${x.category}`, lk], [`lkb:${x.brand}`, lk]);
  } else {
    f.push([`nok:${x.category}`, 1]);
  }
  if (x.assembly !== null) f.push([`asm:${x.brand}:${x.assembly}`, 1]);
  // Sheets of one brand, region and year share a template (HP's 2020-21 world-wide sheets
  // run ~1.5x its 2022 North-American ones for the same monitor), which no size term explains.
  f.push([`breg:${x.brand}:${x.region}`, 1]);
  return f;
}

/** Features of the yearly-electricity model, log kWh target (used only when the caller gives none). */
export function kwhFeatures(x: FeatureInput): SparseFeatures {
  const f = commonFeatures(x);
  // Lenovo and Apple publish no kWh; their implied kWh rests on a sheet grid factor that is
  // only known per region, so the region absorbs what the brand's sheets assumed.
  f.push([`reg:${x.brand}:${x.region}`, 1]);
  return f;
}

/**
 * Classes of devices built alike. A category with a handful of sheets (3 workstations, 4
 * network devices) gets its level from its class and deviates only as far as its own rows
 * show: under the ridge penalty its own term starts from the class, not from the average
 * of every device.
 */
export const CATEGORY_CLASS: Readonly<Record<DeviceCategory, string>> = {
  laptop: 'portable', tablet: 'portable', smartphone: 'portable',
  desktop: 'box', workstation: 'box', all_in_one: 'box', thin_client: 'box',
  monitor: 'display',
  server: 'datacentre', storage: 'datacentre', network: 'datacentre',
  printer: 'office', other: 'other',
};

function commonFeatures(x: FeatureInput): SparseFeatures {
  const c = x.category;
  const b = x.brand;
  const yr = ((x.year ?? YEAR_CENTRE) - YEAR_CENTRE) / YEAR_SCALE;
  const f: SparseFeatures = [
    ['1', 1],
    [`cc:${CATEGORY_CLASS[c]}`, 1],
    [`c:${c}`, 1],
    [`b:${b}`, 1],
    [`bc:${b}:${c}`, 1],
    ['yr', yr],
    [`yr:${b}`, yr],
    [`yr:${c}`, yr],
  ];
  // A brand x category x year term is the sheet template of that year: not for an assumed year.
  if (x.year === null) f.push(['noyr', 1]);
  else if (x.year_imputed) {
    if (!x.for_caller) f.push([`yimp:${b}`, 1]);
  }
  else f.push([`bcy:${b}:${c}:${x.year}`, 1]);
  if (x.form) f.push([`ff:${x.form}`, 1]);
  if (x.series !== '') f.push([`s:${x.series}`, 1]);
  if (x.subseries) f.push([`ss:${x.subseries}`, 1]);
  if (x.screen_in !== null && x.screen_in > 0) {
    const ls = Math.log(x.screen_in);
    f.push([`ls:${c}`, ls], [`lsb:${b}`, ls]);
    if (x.screen_imputed && !x.for_caller) f.push([`simp:${c}:${b}`, 1]);
  } else {
    f.push([`nos:${c}`, 1]);
  }
  if (x.weight_kg !== null && x.weight_kg > 0) {
    const lw = Math.log(x.weight_kg);
    f.push([`lw:${c}`, lw], [`lwb:${b}`, lw]);
    if (x.series !== '') f.push([`lws:${x.series}`, lw * 0.5]);
    if (x.weight_imputed && !x.for_caller) f.push([`wimp:${c}:${b}`, 1]);
  } else {
    f.push([`now:${c}`, 1]);
  }
  if (x.ssd_gb > 0) f.push([`ssd:${c}`, Math.log1p(x.ssd_gb / 128)]);
  if (x.hdd_gb > 0) f.push([`hdd:${c}`, Math.log1p(x.hdd_gb / 500)]);
  if (x.memory_gb !== null && x.memory_gb > 0) f.push([`mem:${c}`, Math.log1p(x.memory_gb / 8)]);
  return f;
}

/** Product line from a model name: the leading letters of its first word ("P2419H" -> "p", "Latitude 5420" -> "latitude"). */
export function seriesKey(brand: string, modelName: string | null | undefined): string {
  if (!modelName) return '';
  let n = modelName.toLowerCase().trim();
  if (n.startsWith(brand + ' ')) n = n.slice(brand.length + 1);
  const word = lineWord(n);
  return word === '' ? '' : `${brand}:${word}`;
}

/** The product line's word of a name without its brand ("ThinkPad T14 Gen 4" -> "thinkpad"), else ''. */
export function lineWord(modelName: string): string {
  for (const tok of modelName.toLowerCase().split(/[^a-z0-9-]+/)) {
    const m = /^[a-z]+/.exec(tok);
    if (m && m[0] !== 'inch') return m[0];
  }
  return '';
}

/**
 * Tier within a product line: the leading digit or letters right after the line word
 * ("Latitude 5420" -> 5, "ThinkPad T490" -> t, "Surface Laptop 4" -> laptop, "P2419H" -> 2).
 * Manufacturers encode price class there, and the class carries mainboard and panel choices.
 */
export function subSeriesKey(brand: string, modelName: string | null | undefined): string {
  if (!modelName) return '';
  let n = modelName.toLowerCase().trim();
  if (n.startsWith(brand + ' ')) n = n.slice(brand.length + 1);
  const toks = n.split(/[^a-z0-9-]+/).filter((t) => t !== '');
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] ?? '';
    const m = /^[a-z]+/.exec(tok);
    if (!m || m[0] === 'inch') continue;
    const rest = /^-?(\d)/.exec(tok.slice(m[0].length));
    if (rest?.[1]) return `${brand}:${m[0]}:${rest[1]}`;
    const next = toks[i + 1];
    if (next === undefined) return '';
    const t = /^[a-z]+/.exec(next)?.[0] ?? next.charAt(0);
    return `${brand}:${m[0]}:${t}`;
  }
  return '';
}

export { FORM_FACTORS, type FormFactor } from '../../products/product-normalise.ts';
const BOX_CATEGORIES: ReadonlySet<DeviceCategory> = new Set(['desktop', 'workstation', 'thin_client']);

/**
 * The box a desktop-class model name says it is ("OptiPlex 7090 Micro", "ThinkCentre M70q
 * Tiny", "EliteDesk 800 G6 SFF", "Precision 3930 Rack"): the chassis sets the board, the
 * power supply and the metal, and the sheets of one line differ by it more than by anything
 * a caller states. Null for other categories and names without one.
 */
export function formFromName(category: DeviceCategory, modelName: string | null | undefined): FormFactor | null {
  return BOX_CATEGORIES.has(category) ? parseFormFactorFromName(modelName) : null;
}

/**
 * Screen diagonal written in a model name ("13.5-inch", "15.6 inch", "14”"; not "2-in-1"), by the
 * catalogue import's own rule, so an estimate reads a name as the fitted rows were read. Apple
 * and Microsoft name sizes instead of listing them.
 */
export { parseScreenSizeFromName as screenFromName } from '../../products/product-normalise.ts';

/** Dot product of sparse features with a coefficient map; unknown keys contribute nothing. */
export function dot(features: SparseFeatures, coef: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [k, v] of features) {
    const c = coef.get(k);
    if (c !== undefined) s += c * v;
  }
  return s;
}
