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

interface Sib {
  brand: string;
  series: string;
  subseries: string;
  lw: number | null;
  ls: number | null;
  lk: number | null;
  year: number | null;
  resid: number;
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

function term(a: number | null, b: number | null, scale: number): number {
  if (a === null || b === null) return a === b ? 0 : MISSING_MISMATCH;
  return Math.abs(a - b) / scale;
}

function logOrNull(x: number | null): number | null {
  return x !== null && x > 0 ? Math.log(x) : null;
}

export class SiblingIndex {
  private readonly byCategory = new Map<string, Sib[]>();
  private readonly k: number;
  private readonly tau: number;
  private readonly prior: number;

  constructor(cfg: { k: number; tau: number; prior: number; rows: SiblingRow[] }) {
    this.k = cfg.k;
    this.tau = cfg.tau;
    this.prior = cfg.prior;
    for (const [cat, brand, series, lw, ls, lk, year, resid, subseries] of cfg.rows) {
      let list = this.byCategory.get(cat);
      if (!list) this.byCategory.set(cat, (list = []));
      list.push({ brand, series, subseries: subseries ?? '', lw, ls, lk, year, resid });
    }
  }

  residual(x: FeatureInput): SiblingResult {
    const list = this.byCategory.get(x.category);
    if (!list || this.k === 0) return { adjust: 0, used: 0 };
    const lw = logOrNull(x.weight_kg);
    const ls = logOrNull(x.screen_in);
    const lk = logOrNull(x.yearly_kwh);
    // Fixed-size insertion buffer: k is tiny, so this beats sorting the whole category.
    const bestD: number[] = [];
    const bestR: number[] = [];
    for (const s of list) {
      let d = s.brand === x.brand ? 0 : BRAND_MISMATCH;
      if (x.series === '' || s.series !== x.series) d += SERIES_MISMATCH;
      if (!x.subseries || s.subseries !== x.subseries) d += TIER_MISMATCH;
      d += term(lw, s.lw, SCALE_WEIGHT) + term(ls, s.ls, SCALE_SCREEN) + term(lk, s.lk, SCALE_KWH);
      d += Math.abs((x.year ?? 2020) - (s.year ?? 2020)) * YEAR_STEP;
      if (bestD.length === this.k && d >= (bestD[this.k - 1] ?? Infinity)) continue;
      let i = bestD.length;
      while (i > 0 && (bestD[i - 1] ?? 0) > d) i--;
      bestD.splice(i, 0, d);
      bestR.splice(i, 0, s.resid);
      if (bestD.length > this.k) {
        bestD.pop();
        bestR.pop();
      }
    }
    let sw = 0;
    let swr = 0;
    let used = 0;
    for (let i = 0; i < bestD.length; i++) {
      const w = Math.exp(-(bestD[i] ?? 0) / this.tau);
      if (w > 0.1) used++;
      sw += w;
      swr += w * (bestR[i] ?? 0);
    }
    return { adjust: sw > 0 ? swr / (sw + this.prior) : 0, used };
  }
}
