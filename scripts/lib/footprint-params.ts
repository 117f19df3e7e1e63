/**
 * The complete fit behind params.json: penalty selection and range calibration by inner
 * grouped cross-validation around the core fit (footprint-fit.ts).
 *
 * Everything here only sees the rows it is given, so eval-footprint.ts can call it on an
 * outer training fold and the outer test fold stays unseen by every choice (nested CV).
 */
import { NO_BRAND, calibrationGroup, createFootprintModel } from '../../src/modules/footprint/model/estimator.ts';
import { isSized } from '../../src/modules/footprint/model/omitted-specs.ts';
import type { CalibrationGroup, EstimateInput, FootprintParams } from '../../src/modules/footprint/model/types.ts';
import { COVERAGE, DEFAULT_FIT, PENALTY_GRID, callerInputOf, fitCore, sparseInputsOf } from './footprint-fit.ts';
import type { FitOptions } from './footprint-fit.ts';
import type { PcfRow } from './pcf-data.ts';
import { foldOf, median, round } from './stats.ts';

/** Calibration groups need this many out-of-fold residuals; smaller brands are pooled. */
const MIN_GROUP = 40;
/** A pooled group needs this many; fewer fall back to all residuals of the kind, or to none (see calibrationFor). */
const MIN_POOLED = 20;
interface InnerResult {
  /** Out-of-fold log(declared / estimated) total, keyed by calibration group. */
  resid: Map<string, number[]>;
  /** Median absolute percentage error of the inner out-of-fold estimates. */
  mdape: number;
}

function innerCv(rows: PcfRow[], opt: FitOptions): InnerResult {
  const resid = new Map<string, number[]>();
  const push = (k: string, v: number): void => {
    const list = resid.get(k);
    if (list) list.push(v);
    else resid.set(k, [v]);
  };
  const ape: number[] = [];
  for (let f = 0; f < opt.innerFolds; f++) {
    const train = rows.filter((r) => foldOf(r.family, opt.innerFolds, 'inner') !== f);
    const test = rows.filter((r) => foldOf(r.family, opt.innerFolds, 'inner') === f);
    const model = createFootprintModel(fitCore(train, opt));
    const known = new Set(model.params.brands);
    for (const r of test) {
      const input = callerInputOf(r);
      const brand = known.has(r.brandKey) ? r.brandKey : NO_BRAND;
      // The group the estimator will look up for such a request.
      const groupOf = (i: EstimateInput): string => calibrationGroup(i.brand !== undefined ? brand : NO_BRAND, i.usage?.yearly_kwh !== undefined, isSized(i));
      const e = Math.log(r.total / model.estimate(input).total_kg_co2e);
      ape.push(Math.abs(Math.exp(-e) - 1));
      push(groupOf(input), e);
      push('all', e);
      push(calibrationGroup('*', input.usage?.yearly_kwh !== undefined, isSized(input)), e);
      // Ranges must also hold for what callers send without the sheet: no kWh, no brand, no specs.
      for (const v of sparseInputsOf(input)) {
        const ev = Math.log(r.total / model.estimate(v.input).total_kg_co2e);
        push(groupOf(v.input), ev);
        push(calibrationGroup('*', v.input.usage?.yearly_kwh !== undefined, isSized(v.input)), ev);
      }
    }
  }
  return { resid, mdape: median(ape) ?? Infinity };
}

/**
 * Core fit + choice of the ridge penalty (smallest inner-CV median error over PENALTY_GRID)
 * + split-conformal range from the chosen setting's inner residuals.
 */
export function fitParams(rows: PcfRow[], opt: FitOptions = DEFAULT_FIT, grid = PENALTY_GRID): FootprintParams {
  let best: { opt: FitOptions; inner: InnerResult } | null = null;
  const scores: number[] = [];
  for (const penalty of grid) {
    const o = { ...opt, penalty };
    const inner = innerCv(rows, o);
    scores.push(round(100 * inner.mdape, 2));
    if (best === null || inner.mdape < best.inner.mdape) best = { opt: o, inner };
  }
  if (best === null) throw new Error('empty penalty grid');
  const params = fitCore(rows, best.opt);
  const { resid } = best.inner;

  const groups: Record<string, CalibrationGroup> = {};
  const lo = (1 - COVERAGE) / 2;
  const calibrate = (v: number[]): CalibrationGroup => ({ lo: round(conformalQ(v, lo), 4), hi: round(conformalQ(v, 1 - lo), 4), n: v.length });
  // Small brands are pooled per kind of request (the key after the brand: k, n, k:bare, n:bare).
  const pooled = new Map<string, number[]>();
  for (const [k, v] of [...resid].sort(([a], [b]) => a.localeCompare(b))) {
    if (k === 'all' || k.startsWith('*:')) continue;
    if (v.length >= MIN_GROUP) groups[k] = calibrate(v);
    // Brand-less residuals never join the minor makers'; too few of them leave the estimator to fall back.
    else if (!k.startsWith(`${NO_BRAND}:`)) {
      const kind = k.slice(k.indexOf(':') + 1);
      pooled.set(kind, [...(pooled.get(kind) ?? []), ...v]);
    }
  }
  // Every residual is also filed under '*:<kind>' (innerCv), so those keys name every kind.
  const kinds = [...resid.keys()].filter((k) => k.startsWith('*:')).map((k) => k.slice(2));
  for (const kind of kinds.sort()) {
    const p = pooled.get(kind) ?? [];
    const v = p.length >= MIN_POOLED ? p : (resid.get(`*:${kind}`) ?? []);
    // A handful of residuals gives no interval at all (3 brand-less "kWh but no specs" rows once gave -41 % … -26 %).
    if (v.length >= MIN_POOLED) groups[`other:${kind}`] = calibrate(v);
  }
  groups.all = calibrate(resid.get('all') ?? []);
  return {
    ...params,
    calibration: { coverage: COVERAGE, groups },
    selection: { penalty_grid: grid.map((g) => ({ ...g })), inner_mdape_pct: scores, chosen: best.opt.penalty },
  };
}

/** Split-conformal quantile: the ceil((n+1)q)-th order statistic, so coverage holds in finite samples. */
function conformalQ(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return 0;
  const rank = q >= 0.5 ? Math.ceil((n + 1) * q) : Math.floor((n + 1) * q);
  return s[Math.min(n, Math.max(1, rank)) - 1] ?? 0;
}
