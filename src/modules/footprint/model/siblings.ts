/**
 * "Nearest declared siblings": the log-linear model's residuals on declared products, kept
 * in params.json and averaged over the few closest products of the same category.
 *
 * Why: PAIA sheets are a near-deterministic function of attributes the linear model only
 * approximates (mainboard class, panel technology, chassis). Products of the same brand and
 * line, with similar weight, screen and power, share those hidden attributes, so their
 * residuals carry over. The average is shrunk toward 0 (`prior`) so a lone far sibling
 * cannot move the estimate much.
 */
import type { FeatureInput } from './features.ts';
import type { SiblingRow } from './types.ts';

/**
 * One category's siblings as parallel arrays: the residual search scans a whole category per
 * estimate (up to ~350 laptops), so it reads numbers from typed arrays and compares interned
 * ids instead of walking objects and comparing strings. A missing value is NaN.
 */
interface CategoryRows {
  n: number;
  brand: Int32Array;
  series: Int32Array;
  subseries: Int32Array;
  lw: Float64Array;
  ls: Float64Array;
  lk: Float64Array;
  /** The row's year, or 2020 when unknown (what the distance assumes). */
  year: Float64Array;
  resid: Float64Array;
}

export interface SiblingResult {
  adjust: number;
  /** Siblings with a non-negligible weight. */
  used: number;
}

// Distance scales: a 30 % weight difference, a 10 % screen difference or a 30 % kWh
// difference each count like a different product line. Tuned by scripts/eval-footprint.ts.
const SCALE_WEIGHT = 0.3;
const SCALE_SCREEN = 0.1;
const SCALE_KWH = 0.3;
const BRAND_MISMATCH = 3;
const SERIES_MISMATCH = 1;
const TIER_MISMATCH = 0.5;
const MISSING_MISMATCH = 1;
const YEAR_STEP = 0.5;

/** Distance term of one attribute; NaN stands for a missing value (null in params.json). */
function term(a: number, b: number, scale: number): number {
  const aMissing = a !== a;
  const bMissing = b !== b;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : MISSING_MISMATCH;
  return Math.abs(a - b) / scale;
}

/** No sibling search possible (category without declared products, or k = 0). */
export const NO_SIBLINGS: SiblingResult = { adjust: 0, used: 0 };

function logOrNaN(x: number | null): number {
  return x !== null && x > 0 ? Math.log(x) : NaN;
}

export class SiblingIndex {
  private readonly byCategory = new Map<string, CategoryRows>();
  /** Brand, series and tier keys → ids ('' is 0: "unknown" never matches, see residual). */
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly k: number;
  private readonly tau: number;
  private readonly prior: number;
  /** Reused per call (estimates are synchronous): no allocation per estimate. */
  private scratch = new Float64Array(0);
  private readonly bestD: Float64Array;
  private readonly bestR: Float64Array;

  constructor(cfg: { k: number; tau: number; prior: number; rows: SiblingRow[] }) {
    this.k = cfg.k;
    this.tau = cfg.tau;
    this.prior = cfg.prior;
    this.bestD = new Float64Array(Math.max(1, cfg.k));
    this.bestR = new Float64Array(Math.max(1, cfg.k));
    const grouped = new Map<string, SiblingRow[]>();
    for (const row of cfg.rows) {
      let list = grouped.get(row[0]);
      if (!list) grouped.set(row[0], (list = []));
      list.push(row);
    }
    const num = (v: number | null): number => (v === null ? NaN : v);
    for (const [cat, list] of grouped) {
      const n = list.length;
      const rows: CategoryRows = {
        n,
        brand: new Int32Array(n),
        series: new Int32Array(n),
        subseries: new Int32Array(n),
        lw: new Float64Array(n),
        ls: new Float64Array(n),
        lk: new Float64Array(n),
        year: new Float64Array(n),
        resid: new Float64Array(n),
      };
      list.forEach(([, brand, series, lw, ls, lk, year, resid, subseries], i) => {
        rows.brand[i] = this.intern(brand);
        rows.series[i] = this.intern(series);
        rows.subseries[i] = this.intern(subseries ?? '');
        rows.lw[i] = num(lw);
        rows.ls[i] = num(ls);
        rows.lk[i] = num(lk);
        rows.year[i] = year ?? 2020;
        rows.resid[i] = resid;
      });
      this.byCategory.set(cat, rows);
    }
  }

  private intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }

  /** Id of a caller's key; -1 when no sibling has it. '' (unknown) also gets -1: it matches nothing. */
  private idOf(key: string | undefined): number {
    if (!key) return -1;
    return this.ids.get(key) ?? -1;
  }

  residual(x: FeatureInput): SiblingResult {
    const rows = this.byCategory.get(x.category);
    if (!rows || this.k === 0) return NO_SIBLINGS;
    // A sibling brand always compares (even 'other'); series and tier only when the caller has one.
    return this.nearest(rows, this.restDistances(rows, x), this.ids.get(x.brand) ?? -1);
  }

  /**
   * residual() of `x` as each of `brands` (x's own brand ignored), in one pass over the
   * category: only the brand term of the distance depends on the brand, so the rest is
   * computed once. Each result is exactly what residual({ ...x, brand }) returns.
   */
  residualsByBrand(x: FeatureInput, brands: ReadonlyArray<string>): SiblingResult[] {
    const rows = this.byCategory.get(x.category);
    if (!rows || this.k === 0) return brands.map(() => NO_SIBLINGS);
    const rest = this.restDistances(rows, x);
    return brands.map((b) => this.nearest(rows, rest, this.ids.get(b) ?? -1));
  }

  /** Every term of each row's distance to x but the brand's (which nearest() adds first). */
  private restDistances(rows: CategoryRows, x: FeatureInput): Float64Array {
    const lw = logOrNaN(x.weight_kg);
    const ls = logOrNaN(x.screen_in);
    const lk = logOrNaN(x.yearly_kwh);
    const year = x.year ?? 2020;
    const series = this.idOf(x.series);
    const subseries = this.idOf(x.subseries);
    if (this.scratch.length < rows.n) this.scratch = new Float64Array(rows.n);
    const rest = this.scratch;
    for (let j = 0; j < rows.n; j++) {
      let d = rows.series[j] !== series ? SERIES_MISMATCH : 0;
      if (rows.subseries[j] !== subseries) d += TIER_MISMATCH;
      d += term(lw, rows.lw[j] ?? NaN, SCALE_WEIGHT) + term(ls, rows.ls[j] ?? NaN, SCALE_SCREEN) + term(lk, rows.lk[j] ?? NaN, SCALE_KWH);
      rest[j] = d + Math.abs(year - (rows.year[j] ?? 2020)) * YEAR_STEP;
    }
    return rest;
  }

  /** The k nearest rows for a caller of brand id `brand`, and their shrunk weighted residual. */
  private nearest(rows: CategoryRows, rest: Float64Array, brand: number): SiblingResult {
    const k = this.k;
    // Fixed-size insertion buffer, sorted by distance (k is tiny, so this beats sorting the
    // whole category); an equal distance goes after the rows already in it.
    const bestD = this.bestD;
    const bestR = this.bestR;
    let count = 0;
    let worst = Infinity;
    for (let j = 0; j < rows.n; j++) {
      const d = (rows.brand[j] === brand ? 0 : BRAND_MISMATCH) + (rest[j] ?? 0);
      if (d >= worst) continue;
      // When full, the last (worst) entry falls out.
      let i = count < k ? count++ : k - 1;
      while (i > 0 && (bestD[i - 1] ?? 0) > d) {
        bestD[i] = bestD[i - 1] ?? 0;
        bestR[i] = bestR[i - 1] ?? 0;
        i--;
      }
      bestD[i] = d;
      bestR[i] = rows.resid[j] ?? 0;
      if (count === k) worst = bestD[k - 1] ?? Infinity;
    }
    let sw = 0;
    let swr = 0;
    let used = 0;
    for (let i = 0; i < count; i++) {
      const w = Math.exp(-(bestD[i] ?? 0) / this.tau);
      if (w > 0.1) used++;
      sw += w;
      swr += w * (bestR[i] ?? 0);
    }
    return { adjust: sw > 0 ? swr / (sw + this.prior) : 0, used };
  }
}
