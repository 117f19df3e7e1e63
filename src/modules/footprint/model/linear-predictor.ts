/**
 * The two log-linear predictions of the estimator (embodied kg, yearly kWh) without building
 * the sparse feature vectors: features.ts spells every feature as a string key and the
 * estimator used to look each one up in the coefficient map, ~50 string concatenations and
 * map lookups per estimate. Most keys depend only on (category, brand, region), so their
 * coefficients are resolved once per such triple and kept.
 *
 * The result is bit-for-bit `dot(embodiedFeatures(x), coef)` / `dot(kwhFeatures(x), coef)`:
 * the same products are added in the same order and unknown keys are skipped the same way
 * (floating-point addition is not associative, so the order is part of the contract). Any
 * change to features.ts must be mirrored here: the fitter builds its features there, this
 * predicts with them. Checked identical (whole estimate() results, 200,000 random inputs,
 * against the previous dot(features) implementation) when it was introduced.
 */
import type { DeviceCategory } from './categories.ts';
import { CATEGORY_CLASS } from './features.ts';
import type { FeatureInput } from './features.ts';

type Coef = number | undefined;

/** Coefficients of one model for the keys that depend on category, brand and region only. */
interface Resolved {
  one: Coef;
  cls: Coef;
  c: Coef;
  b: Coef;
  bc: Coef;
  yr: Coef;
  yrB: Coef;
  yrC: Coef;
  noyr: Coef;
  ls: Coef;
  lsB: Coef;
  nos: Coef;
  lw: Coef;
  lwB: Coef;
  wimp: Coef;
  simp: Coef;
  yimp: Coef;
  now: Coef;
  ssd: Coef;
  hdd: Coef;
  mem: Coef;
  /** Embodied only. */
  lk: Coef;
  lkB: Coef;
  nok: Coef;
  breg: Coef;
  /** kWh only. */
  reg: Coef;
  /** `bcy:<brand>:<category>:<year>` by year. */
  byYear: Map<number, Coef>;
  /** `asm:<brand>:<assembly>` by assembly region. */
  byAssembly: Map<string, Coef>;
}

// Same centring as features.ts.
const YEAR_CENTRE = 2020;
const YEAR_SCALE = 3;

function resolve(coef: ReadonlyMap<string, number>, c: string, b: string, region: string): Resolved {
  return {
    one: coef.get('1'),
    cls: coef.get(`cc:${CATEGORY_CLASS[c as DeviceCategory]}`),
    c: coef.get(`c:${c}`),
    b: coef.get(`b:${b}`),
    bc: coef.get(`bc:${b}:${c}`),
    yr: coef.get('yr'),
    yrB: coef.get(`yr:${b}`),
    yrC: coef.get(`yr:${c}`),
    noyr: coef.get('noyr'),
    ls: coef.get(`ls:${c}`),
    lsB: coef.get(`lsb:${b}`),
    nos: coef.get(`nos:${c}`),
    lw: coef.get(`lw:${c}`),
    lwB: coef.get(`lwb:${b}`),
    wimp: coef.get(`wimp:${c}:${b}`),
    simp: coef.get(`simp:${c}:${b}`),
    yimp: coef.get(`yimp:${b}`),
    now: coef.get(`now:${c}`),
    ssd: coef.get(`ssd:${c}`),
    hdd: coef.get(`hdd:${c}`),
    mem: coef.get(`mem:${c}`),
    lk: coef.get(`lk:${c}`),
    lkB: coef.get(`lkb:${b}`),
    nok: coef.get(`nok:${c}`),
    breg: coef.get(`breg:${b}:${region}`),
    reg: coef.get(`reg:${b}:${region}`),
    byYear: new Map(),
    byAssembly: new Map(),
  };
}

export class LinearPredictor {
  /** category → brand → region → resolved coefficients (bounded: brands are the model's own or 'other'). */
  private readonly resolved = new Map<string, Map<string, Map<string, Resolved>>>();

  constructor(private readonly coef: ReadonlyMap<string, number>) {}

  private context(x: FeatureInput): Resolved {
    let byBrand = this.resolved.get(x.category);
    if (!byBrand) this.resolved.set(x.category, (byBrand = new Map()));
    let byRegion = byBrand.get(x.brand);
    if (!byRegion) byBrand.set(x.brand, (byRegion = new Map()));
    let r = byRegion.get(x.region);
    if (!r) byRegion.set(x.region, (r = resolve(this.coef, x.category, x.brand, x.region)));
    return r;
  }

  /** Σ coef × value over commonFeatures(x), in its order. */
  private common(r: Resolved, x: FeatureInput): number {
    const coef = this.coef;
    let s = 0;
    let c: Coef;
    const yr = ((x.year ?? YEAR_CENTRE) - YEAR_CENTRE) / YEAR_SCALE;
    if (r.one !== undefined) s += r.one * 1;
    if (r.cls !== undefined) s += r.cls * 1;
    if (r.c !== undefined) s += r.c * 1;
    if (r.b !== undefined) s += r.b * 1;
    if (r.bc !== undefined) s += r.bc * 1;
    if (r.yr !== undefined) s += r.yr * yr;
    if (r.yrB !== undefined) s += r.yrB * yr;
    if (r.yrC !== undefined) s += r.yrC * yr;
    if (x.year === null) {
      if (r.noyr !== undefined) s += r.noyr * 1;
    } else if (x.year_imputed) {
      if (!x.for_caller && r.yimp !== undefined) s += r.yimp * 1;
    } else {
      const year = x.year;
      if (r.byYear.has(year)) c = r.byYear.get(year);
      else r.byYear.set(year, (c = coef.get(`bcy:${x.brand}:${x.category}:${year}`)));
      if (c !== undefined) s += c * 1;
    }
    if (x.form) {
      c = coef.get(`ff:${x.form}`);
      if (c !== undefined) s += c * 1;
    }
    if (x.series !== '') {
      c = coef.get(`s:${x.series}`);
      if (c !== undefined) s += c * 1;
    }
    if (x.subseries) {
      c = coef.get(`ss:${x.subseries}`);
      if (c !== undefined) s += c * 1;
    }
    if (x.screen_in !== null && x.screen_in > 0) {
      const ls = Math.log(x.screen_in);
      if (r.ls !== undefined) s += r.ls * ls;
      if (r.lsB !== undefined) s += r.lsB * ls;
      if (x.screen_imputed && !x.for_caller && r.simp !== undefined) s += r.simp * 1;
    } else if (r.nos !== undefined) {
      s += r.nos * 1;
    }
    if (x.weight_kg !== null && x.weight_kg > 0) {
      const lw = Math.log(x.weight_kg);
      if (r.lw !== undefined) s += r.lw * lw;
      if (r.lwB !== undefined) s += r.lwB * lw;
      if (x.series !== '') {
        c = coef.get(`lws:${x.series}`);
        if (c !== undefined) s += c * (lw * 0.5);
      }
      if (x.weight_imputed && !x.for_caller && r.wimp !== undefined) s += r.wimp * 1;
    } else if (r.now !== undefined) {
      s += r.now * 1;
    }
    if (x.ssd_gb > 0 && r.ssd !== undefined) s += r.ssd * Math.log1p(x.ssd_gb / 128);
    if (x.hdd_gb > 0 && r.hdd !== undefined) s += r.hdd * Math.log1p(x.hdd_gb / 500);
    if (x.memory_gb !== null && x.memory_gb > 0 && r.mem !== undefined) s += r.mem * Math.log1p(x.memory_gb / 8);
    return s;
  }

  /** `dot(embodiedFeatures(x), coef)`. */
  embodied(x: FeatureInput): number {
    const r = this.context(x);
    let s = this.common(r, x);
    if (x.yearly_kwh !== null && x.yearly_kwh > 0) {
      const lk = Math.log(x.yearly_kwh);
      if (r.lk !== undefined) s += r.lk * lk;
      if (r.lkB !== undefined) s += r.lkB * lk;
    } else if (r.nok !== undefined) {
      s += r.nok * 1;
    }
    if (x.assembly !== null) {
      let c: Coef;
      if (r.byAssembly.has(x.assembly)) c = r.byAssembly.get(x.assembly);
      else r.byAssembly.set(x.assembly, (c = this.coef.get(`asm:${x.brand}:${x.assembly}`)));
      if (c !== undefined) s += c * 1;
    }
    if (r.breg !== undefined) s += r.breg * 1;
    return s;
  }

  /** `dot(kwhFeatures(x), coef)` (yearly_kwh plays no part in it). */
  kwh(x: FeatureInput): number {
    const r = this.context(x);
    let s = this.common(r, x);
    if (r.reg !== undefined) s += r.reg * 1;
    return s;
  }
}
