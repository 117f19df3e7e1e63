/**
 * What the estimator assumes for the specs a caller leaves out (footprint-model 1.3).
 *
 * A year, screen or weight not given takes the typical value of the maker's declared products
 * of the category (params.typical_specs); terms that nearly every sheet of a maker carries
 * (product line, the report year's sheet template, the assembly site) and the fit's "not stated
 * on the sheet" indicators count at their mean over the maker's products (params.marginal_offsets).
 * The indicators themselves describe which makers' sheets lack a column, not a device whose
 * spec is merely unknown, so they never apply to a caller's omission (FeatureInput.for_caller).
 */
import type { DeviceCategory } from './categories.ts';
import { imputeSpecs, screenFromName, typicalSpecsOf } from './features.ts';
import type { FeatureInput } from './features.ts';
import { round2 } from './declared.ts';
import type { EstimateInput, FootprintParams, MarginalOffsets, SpecRange, TypicalSpecs } from './types.ts';

export type SpecField = 'year' | 'screen_size_in' | 'weight_kg';
export const SPEC_FIELDS: readonly SpecField[] = ['year', 'screen_size_in', 'weight_kg'];

/**
 * One warning per size or age spec the caller left out, naming the value the model assumed
 * instead (`model` is the device the regressions saw, see imputeSpecs; `brand` the named maker,
 * null for a brand average).
 */
export function specNotes(given: Record<SpecField, boolean>, model: FeatureInput, category: DeviceCategory, brand: string | null): string[] {
  const out: string[] = [];
  // Whose typical device: the named maker's, or (for a brand average) each brand's own.
  const whose = brand === null ? `typical of each declared ${category} brand, share-weighted` : `typical of the declared ${brand} ${category} products`;
  const none = `most declared ${category} products state none, estimated without it`;
  if (!given.year) out.push(`specs.year not given: ${model.year_imputed || brand === null ? `${model.year} assumed (${whose})` : none}`);
  if (!given.screen_size_in) {
    const v = model.screen_in;
    out.push(`specs.screen_size_in not given: ${v === null ? none : given.weight_kg ? `a ${v} in screen assumed from the weight` : `${v} in assumed (${whose})`}`);
  }
  if (!given.weight_kg) {
    const v = model.weight_kg;
    out.push(`specs.weight_kg not given: ${v === null ? none : given.screen_size_in ? `${round2(v)} kg assumed from the screen size` : `${round2(v)} kg assumed (${whose})`}`);
  }
  return out;
}

const UNIT: Record<SpecField, string> = { year: '', screen_size_in: ' in', weight_kg: ' kg' };

/**
 * One warning per stated year, screen or weight outside the span of the category's declared
 * products: the model then extrapolates its size and year terms (it does not clamp them, they
 * grow slower than the value), and a 2,000 kg "laptop" is more likely a wrong category.
 */
export function outsideNotes(specs: Partial<Record<SpecField, number>>, range: SpecRange | undefined, category: DeviceCategory): string[] {
  const out: string[] = [];
  if (range === undefined) return out;
  for (const f of SPEC_FIELDS) {
    const v = specs[f];
    const r = range[f];
    // A screen of 0 is "no screen", not a size.
    if (v === undefined || r === undefined || (f === 'screen_size_in' && v === 0)) continue;
    if (v < r[0] || v > r[1]) {
      out.push(`specs.${f} ${v} is outside what declared ${category} products state (${r[0]}-${r[1]}${UNIT[f]}): the estimate extrapolates`);
    }
  }
  return out;
}

/** Which size and age specs the caller stated; `nameScreen` is a screen written in the model name (screenFromName). */
export function givenSpecs(specs: Partial<Record<SpecField, number>> | undefined, nameScreen: number | null): Record<SpecField, boolean> {
  return { year: specs?.year !== undefined, screen_size_in: specs?.screen_size_in !== undefined || nameScreen !== null, weight_kg: specs?.weight_kg !== undefined };
}

/** Any of them: the range-calibration groups split requests by this (calibrationGroup's `sized`). */
export function anyGiven(given: Record<SpecField, boolean>): boolean {
  return given.year || given.screen_size_in || given.weight_kg;
}

/** True when the request states the device's year, screen or weight (as the estimator decides it). */
export function isSized(input: EstimateInput): boolean {
  return anyGiven(givenSpecs(input.specs, input.specs?.screen_size_in === undefined ? screenFromName(input.model) : null));
}

export interface OmittedSpecs {
  /** The device the regressions see for a caller's features `fx` (its brand and category decide the typical values). */
  modelInput(fx: FeatureInput): FeatureInput;
  /** [log embodied, log kWh] to add for what `model` (a modelInput result) was not told. */
  offsets(model: FeatureInput): [number, number];
}

export function createOmittedSpecs(params: FootprintParams): OmittedSpecs {
  // Looked up per brand of every estimate (seven times for a brand average): resolved once per
  // category and brand instead of building a '<brand>:<category>' key each time.
  const byCategoryBrand = <T>(build: (brand: string, category: string) => T) => {
    const cache = new Map<string, Map<string, T>>();
    return (brand: string, category: string): T => {
      let inner = cache.get(category);
      if (!inner) cache.set(category, (inner = new Map()));
      if (inner.has(brand)) return inner.get(brand) as T;
      const v = build(brand, category);
      inner.set(brand, v);
      return v;
    };
  };
  const marginalOf = byCategoryBrand((b, c): MarginalOffsets | undefined => params.marginal_offsets?.[`${b}:${c}`]);
  const typicalOf = byCategoryBrand((b, c): TypicalSpecs | undefined => typicalSpecsOf(params.typical_specs, b, c));

  return {
    modelInput: (fx) => forCaller(imputeSpecs(fx, params.weight_model, typicalOf(fx.brand, fx.category))),
    offsets(model) {
      const m = marginalOf(model.brand, model.category);
      if (m === undefined) return [0, 0];
      let e = 0;
      let k = 0;
      if (model.series === '') {
        e += m.line[0];
        k += m.line[1];
      }
      if (model.year_imputed) {
        e += m.year[0] + m.missing.year[0];
        k += m.year[1] + m.missing.year[1];
      }
      if (model.screen_imputed) {
        e += m.missing.screen[0];
        k += m.missing.screen[1];
      }
      if (model.weight_imputed) {
        e += m.missing.weight[0];
        k += m.missing.weight[1];
      }
      if (model.assembly === null) e += m.assembly;
      return [e, k];
    },
  };
}

/** Marks imputeSpecs' fills as omissions of the caller's (see FeatureInput.for_caller); `x` is imputeSpecs' own copy. */
function forCaller(x: FeatureInput): FeatureInput {
  if (!x.weight_imputed && !x.screen_imputed && !x.year_imputed) return x;
  x.for_caller = true;
  return x;
}
