/**
 * The fits behind what the estimator assumes for a spec the caller leaves out: weight from the
 * screen, the typical year, screen and weight of a maker's products, and the mean contributions
 * of the terms a caller can leave out (src/modules/footprint/model/omitted-specs.ts uses them).
 */
import { DEVICE_CATEGORIES } from '../../src/modules/footprint/model/categories.ts';
import { embodiedFeatures, kwhFeatures, screenFromName } from '../../src/modules/footprint/model/features.ts';
import type { FeatureInput, SparseFeatures, WeightModel } from '../../src/modules/footprint/model/features.ts';
import type { MarginalOffsets, SpecRange, TypicalSpecs } from '../../src/modules/footprint/model/types.ts';
import type { PcfRow } from './pcf-data.ts';
import { median, round } from './stats.ts';

/** Per-category least squares of log weight on log screen (rows with both), plus the median log weight. */
export function fitWeightModel(rows: PcfRow[]): Record<string, WeightModel> {
  const out: Record<string, WeightModel> = {};
  for (const c of DEVICE_CATEGORIES) {
    const rs = rows.filter((r) => r.category === c && r.weight !== null && r.weight > 0);
    if (rs.length < 3) continue;
    const lw = rs.map((r) => Math.log(r.weight ?? 1));
    const both = rs.filter((r) => r.screen !== null);
    const fit = both.length >= 5 ? leastSquares(both.map((r) => [Math.log(r.screen ?? 1), Math.log(r.weight ?? 1)] as const)) : { a: 0, b: 0 };
    out[c] = { a: fit.a, b: fit.b, median_lw: round(median(lw) ?? 0, 4), n: rs.length };
  }
  return out;
}

/**
 * Per brand and category, the mean over its declared products of what their product line and
 * tier, their report year's sheet template (bcy) and their assembly site add (log embodied,
 * log kWh). Nearly every row of a maker states these, so the ridge fit shares the maker's
 * level between the brand terms and these: a caller who leaves one out gets its average
 * over the maker's products rather than losing that share. The same mean, for the "not stated
 * on the sheet" indicators, replaces them for a caller's omission (see MarginalOffsets).
 */
export function fitMarginals(
  rows: PcfRow[],
  fxOf: (r: PcfRow) => FeatureInput,
  emb: { coef: Record<string, number>; predict(x: SparseFeatures): number },
  kwh: { coef: Record<string, number>; predict(x: SparseFeatures): number },
): Record<string, MarginalOffsets> {
  const zero = () => ({ n: 0, lineE: 0, lineK: 0, yearE: 0, yearK: 0, asm: 0, myE: 0, myK: 0, msE: 0, msK: 0, mwE: 0, mwK: 0 });
  const sums = new Map<string, ReturnType<typeof zero>>();
  for (const r of rows) {
    const fx = fxOf(r);
    const key = `${fx.brand}:${fx.category}`;
    const acc = sums.get(key) ?? zero();
    acc.n++;
    const b = fx.brand;
    const c = fx.category;
    if (fx.year_imputed) {
      acc.myE += emb.coef[`yimp:${b}`] ?? 0;
      acc.myK += kwh.coef[`yimp:${b}`] ?? 0;
    }
    if (fx.screen_imputed) {
      acc.msE += emb.coef[`simp:${c}:${b}`] ?? 0;
      acc.msK += kwh.coef[`simp:${c}:${b}`] ?? 0;
    }
    if (fx.weight_imputed) {
      acc.mwE += emb.coef[`wimp:${c}:${b}`] ?? 0;
      acc.mwK += kwh.coef[`wimp:${c}:${b}`] ?? 0;
    }
    if (fx.series !== '') {
      const bare = { ...fx, series: '', subseries: '' };
      acc.lineE += emb.predict(embodiedFeatures(fx)) - emb.predict(embodiedFeatures(bare));
      acc.lineK += kwh.predict(kwhFeatures({ ...fx, yearly_kwh: null })) - kwh.predict(kwhFeatures({ ...bare, yearly_kwh: null }));
    }
    if (fx.year !== null && !fx.year_imputed) {
      const k = `bcy:${fx.brand}:${fx.category}:${fx.year}`;
      acc.yearE += emb.coef[k] ?? 0;
      acc.yearK += kwh.coef[k] ?? 0;
    }
    if (fx.assembly !== null) acc.asm += emb.coef[`asm:${fx.brand}:${fx.assembly}`] ?? 0;
    sums.set(key, acc);
  }
  const out: Record<string, MarginalOffsets> = {};
  for (const [k, a] of [...sums].sort(([x], [y]) => x.localeCompare(y))) {
    const m = (v: number): number => round(v / a.n, 4);
    out[k] = {
      line: [m(a.lineE), m(a.lineK)],
      year: [m(a.yearE), m(a.yearK)],
      assembly: m(a.asm),
      missing: { year: [m(a.myE), m(a.myK)], screen: [m(a.msE), m(a.msK)], weight: [m(a.mwE), m(a.mwK)] },
      n: a.n,
    };
  }
  return out;
}

/**
 * The year, screen and weight a caller's "typical <category>" gets, per category and per
 * maker with at least MIN_TYPICAL declared products of it (a typical Lenovo laptop of the
 * catalogue is from 2017, an HP one from 2021). A screen is assumed only where most declared
 * products of the category state one (a desktop has none to assume).
 */
export function fitTypicalSpecs(rows: PcfRow[]): Record<string, TypicalSpecs> {
  const out: Record<string, TypicalSpecs> = {};
  const screenOf = (r: PcfRow): number | null => r.screen ?? screenFromName(r.name);
  for (const c of DEVICE_CATEGORIES) {
    const inCat = rows.filter((r) => r.category === c);
    const catScreens = inCat.filter((r) => (screenOf(r) ?? 0) > 0).length;
    const screened = catScreens >= 3 && catScreens * 2 >= inCat.length;
    const groups: Array<[string, PcfRow[]]> = [[c, inCat]];
    for (const b of [...new Set(inCat.map((r) => r.brandKey))].sort()) {
      const rs = inCat.filter((r) => r.brandKey === b);
      if (rs.length >= MIN_TYPICAL) groups.push([`${b}:${c}`, rs]);
    }
    for (const [key, rs] of groups) {
      const years = rs.map((r) => r.year).filter((y): y is number => y !== null);
      if (years.length === 0) continue;
      const screens = rs.map(screenOf).filter((x): x is number => x !== null && x > 0);
      const weights = rs.map((r) => r.weight).filter((x): x is number => x !== null && x > 0);
      const both = rs.flatMap((r) => {
        const sc = screenOf(r);
        return sc !== null && sc > 0 && r.weight !== null && r.weight > 0 ? [[Math.log(r.weight), Math.log(sc)] as const] : [];
      });
      const catTypical = out[c];
      out[key] = {
        year: Math.round(median(years) ?? 2020),
        screen_in: screened ? round(median(screens) ?? catTypical?.screen_in ?? 0, 1) : null,
        weight_kg: weights.length > 0 ? round(median(weights) ?? 0, 2) : (catTypical?.weight_kg ?? null),
        screen_from_weight: screened && both.length >= 5 ? leastSquares(both) : (catTypical?.screen_from_weight ?? null),
        n: rs.length,
      };
    }
  }
  return out;
}
const MIN_TYPICAL = 10;


/** y = a + b × x by ordinary least squares, rounded for params.json. */
function leastSquares(xy: ReadonlyArray<readonly [number, number]>): { a: number; b: number } {
  const mx = xy.reduce((s, [x]) => s + x, 0) / xy.length;
  const my = xy.reduce((s, [, y]) => s + y, 0) / xy.length;
  const sxx = xy.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = sxx > 0 ? xy.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : 0;
  return { a: round(my - b * mx, 4), b: round(b, 4) };
}

/** [lowest, highest] of at least MIN_SPAN values, else undefined: a handful of values (one workstation) would pin every caller to them. */
function span(v: number[]): [number, number] | undefined {
  return v.length >= MIN_SPAN ? [round(Math.min(...v), 2), round(Math.max(...v), 2)] : undefined;
}
const MIN_SPAN = 5;

/**
 * Per category, the span of the year, screen and weight its declared products state: a
 * caller's value outside it is extrapolated, and the estimator says so.
 */
export function fitSpecRange(rows: PcfRow[]): Record<string, SpecRange> {
  const out: Record<string, SpecRange> = {};
  for (const c of DEVICE_CATEGORIES) {
    const rs = rows.filter((r) => r.category === c);
    const range: SpecRange = {};
    const year = span(rs.flatMap((r) => (r.year !== null ? [r.year] : [])));
    const screen = span(rs.flatMap((r) => (r.screen !== null && r.screen > 0 ? [r.screen] : [])));
    const weight = span(rs.flatMap((r) => (r.weight !== null && r.weight > 0 ? [r.weight] : [])));
    if (year) range.year = year;
    if (screen) range.screen_size_in = screen;
    if (weight) range.weight_kg = weight;
    if (Object.keys(range).length > 0) out[c] = range;
  }
  return out;
}

/** The span of declared yearly kWh per category and overall ('*'), which the estimator clamps the production feature to. */
export function fitKwhRange(rows: PcfRow[]): Record<string, [number, number]> {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    if (r.yearlyKwh === null || r.yearlyKwh <= 0) continue;
    for (const k of [r.category, '*']) by.set(k, [...(by.get(k) ?? []), r.yearlyKwh]);
  }
  const out: Record<string, [number, number]> = {};
  for (const [k, v] of [...by].sort(([a], [b]) => a.localeCompare(b))) {
    const r = span(v);
    if (r) out[k] = r;
  }
  return out;
}
