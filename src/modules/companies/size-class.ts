/**
 * Company size class by the EU SME definition (Commission Recommendation 2003/361/EC, Annex
 * Art. 2). A tier applies when BOTH
 *   staff headcount  <  ceiling            (10 / 50 / 250)
 *   AND (turnover <= ceiling OR balance-sheet total <= ceiling)
 *                    (EUR 2m / 10m / 50m turnover, EUR 2m / 10m / 43m balance sheet).
 * The class is the smallest tier that applies; an enterprise that fits no tier is large.
 * Edges: 250 staff is large ("fewer than 250"); exactly EUR 50m turnover is still medium
 * ("not exceeding"); 9 staff with turnover AND balance sheet both above EUR 2m is small.
 *
 * Unknowns are three-valued, never guessed: a missing (or invalid) figure makes a test
 * "unknown" unless the other figure of the OR already decides it. `possibleSizeClasses`
 * returns every class the known facts still allow; `sizeClass` returns the class only when
 * exactly one remains, otherwise null ("unknown"). So {employees: 30} alone is null (could
 * be small, medium or, with turnover > 50m and balance sheet > 43m, large), while
 * {employees: 30, turnover_eur: 4e6} is small: the turnover test already passes.
 *
 * Simplification (stated, not hidden): partner and linked enterprises (Art. 3, 6) are not
 * aggregated, and headcount is taken as given (the recommendation counts annual work units).
 */

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export interface SizeInput {
  employees?: number | null;
  turnover_eur?: number | null;
  balance_sheet_eur?: number | null;
}

interface Tier {
  size: Exclude<SizeClass, 'large'>;
  /** Headcount must be strictly below this. */
  staffBelow: number;
  /** Turnover must not exceed this ... */
  turnoverMax: number;
  /** ... or the balance-sheet total must not exceed this. */
  balanceSheetMax: number;
}

export const SME_TIERS: readonly Tier[] = [
  { size: 'micro', staffBelow: 10, turnoverMax: 2_000_000, balanceSheetMax: 2_000_000 },
  { size: 'small', staffBelow: 50, turnoverMax: 10_000_000, balanceSheetMax: 10_000_000 },
  { size: 'medium', staffBelow: 250, turnoverMax: 50_000_000, balanceSheetMax: 43_000_000 },
];

type Tri = true | false | 'unknown';

/** A figure is usable when it is a finite, non-negative number; anything else counts as missing. */
function known(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return 'unknown';
}

function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return 'unknown';
}

function tierApplies(tier: Tier, input: SizeInput): Tri {
  const staff: Tri = known(input.employees) ? input.employees < tier.staffBelow : 'unknown';
  const turnover: Tri = known(input.turnover_eur) ? input.turnover_eur <= tier.turnoverMax : 'unknown';
  const balance: Tri = known(input.balance_sheet_eur) ? input.balance_sheet_eur <= tier.balanceSheetMax : 'unknown';
  return and(staff, or(turnover, balance));
}

/**
 * Every size class consistent with the known figures, smallest first. Tiers are nested
 * (micro => small => medium), so walking them in order and stopping at the first tier that
 * certainly applies gives exactly the reachable classes.
 */
export function possibleSizeClasses(input: SizeInput): SizeClass[] {
  const out: SizeClass[] = [];
  for (const tier of SME_TIERS) {
    const applies = tierApplies(tier, input);
    if (applies === true) {
      out.push(tier.size);
      return out;
    }
    if (applies === 'unknown') out.push(tier.size);
  }
  out.push('large');
  return out;
}

/** The size class, or null when the missing figures leave more than one class possible. */
export function sizeClass(input: SizeInput): SizeClass | null {
  const possible = possibleSizeClasses(input);
  return possible.length === 1 ? (possible[0] ?? null) : null;
}

/** Which figures would settle an unknown size class, for messages ("add turnover or balance sheet"). */
export function missingSizeFigures(input: SizeInput): string[] {
  const out: string[] = [];
  if (!known(input.employees)) out.push('employees');
  if (!known(input.turnover_eur)) out.push('turnover_eur');
  if (!known(input.balance_sheet_eur)) out.push('balance_sheet_eur');
  return out;
}
