/** Small numeric helpers for the footprint fit/eval: ridge regression, quantiles, hashing, RNG. */
import type { SparseFeatures } from '../../src/modules/footprint/model/features.ts';

export function median(v: number[]): number | null {
  return v.length === 0 ? null : quantile(v, 0.5);
}

/** Linear-interpolated quantile (type 7). */
export function quantile(v: number[], q: number): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const a = s[lo] ?? 0;
  const b = s[Math.min(lo + 1, s.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

/** FNV-1a: a stable fold for a family id, independent of row order and platform. */
export function foldOf(key: string, folds: number, salt = ''): number {
  let h = 0x811c9dc5;
  for (const ch of salt + key) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % folds;
}

/** Deterministic PRNG (mulberry32) so the fleet test prints the same figures every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RidgeFit {
  coef: Record<string, number>;
  predict(x: SparseFeatures): number;
}

/**
 * Ridge regression on sparse string-keyed features, solved exactly (normal equations +
 * Cholesky). The intercept '1' is (almost) unpenalised. Keys are sorted so the output is
 * deterministic; coefficients are rounded to 6 decimals for a stable params.json diff.
 */
export function ridge(X: SparseFeatures[], y: number[], lambda: number, penalty: Readonly<Record<string, number>> = {}): RidgeFit {
  const keys = [...new Set(X.flatMap((x) => x.map(([k]) => k)))].sort();
  const idx = new Map(keys.map((k, i) => [k, i]));
  const p = keys.length;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  X.forEach((x, r) => {
    const yi = y[r] ?? 0;
    const ids = x.map(([k, v]) => [idx.get(k) ?? 0, v] as const);
    for (const [i, vi] of ids) {
      b[i] = (b[i] ?? 0) + vi * yi;
      for (const [j, vj] of ids) A[i * p + j] = (A[i * p + j] ?? 0) + vi * vj;
    }
  });
  // Per-family multipliers (keyed by the feature prefix before ':'): fine interactions of
  // noisy brands need more shrinkage toward the coarse effect than broad category terms.
  for (let i = 0; i < p; i++) {
    const k = keys[i] ?? '';
    const mult = penalty[k.split(':')[0] ?? ''] ?? 1;
    A[i * p + i] = (A[i * p + i] ?? 0) + (k === '1' ? 1e-6 : lambda * mult);
  }
  const beta = choleskySolve(A, b, p);
  const coef: Record<string, number> = {};
  keys.forEach((k, i) => {
    const c = Math.round((beta[i] ?? 0) * 1e6) / 1e6;
    if (c !== 0) coef[k] = c;
  });
  return {
    coef,
    predict: (x) => x.reduce((s, [k, v]) => s + (coef[k] ?? 0) * v, 0),
  };
}

function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] ?? 0) * (L[j * n + k] ?? 0);
      if (i === j) L[i * n + i] = Math.sqrt(Math.max(s, 1e-12));
      else L[i * n + j] = s / (L[j * n + j] ?? 1);
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (L[i * n + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (L[i * n + i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (L[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (L[i * n + i] ?? 1);
  }
  return x;
}

export function round(x: number, d: number): number {
  const p = 10 ** d;
  return Math.round(x * p) / p;
}
