/**
 * Plausibility checks on a footprint request. Returns every problem at once, each naming
 * the field by its path in the POST /footprint body, so a route can answer one 422 that
 * lets the caller fix everything in one go.
 */
import countries from 'i18n-iso-countries';
import { DEVICE_CATEGORIES, isDeviceCategory } from './categories.ts';
import { findGridFactor } from './grid-factors.ts';

export interface ValidationIssue {
  field: string;
  msg: string;
}

// Bounds are "physically impossible or certainly a unit mistake", not "unusual": a 2 t
// rack or a 120" video wall is odd but real, a 900" screen or a PC from 1800 is not.
export const SPEC_LIMITS = {
  year: { min: 1980, maxAhead: 1 },
  screen_size_in: { min: 0, max: 120 },
  weight_kg: { min: 0, max: 3000 },
  memory_gb: { min: 0, max: 65536 },
  capacity_gb: { min: 0, max: 1_000_000 },
  battery_wh: { min: 0, max: 10_000 },
  lifetime_years: { min: 0.25, max: 25 },
  yearly_kwh: { min: 0, max: 200_000 },
  hours_per_day: { min: 0, max: 24 },
} as const;

const ASSEMBLY_REGIONS = new Set(['EU', 'ASIA', 'WW']);

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(
  issues: ValidationIssue[],
  field: string,
  v: unknown,
  min: number,
  max: number,
  opts: { exclusiveMin?: boolean; unit?: string } = {},
): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ field, msg: 'must be a finite number' });
    return;
  }
  const unit = opts.unit ? ` ${opts.unit}` : '';
  if (opts.exclusiveMin ? v <= min : v < min) {
    issues.push({ field, msg: `must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${min}${unit}, got ${v}` });
  } else if (v > max) {
    issues.push({ field, msg: `must be at most ${max}${unit}, got ${v}` });
  }
}

/**
 * Validates an estimator input (the POST /footprint body without `product`). Accepts
 * `unknown` so it can run on raw JSON before any type assertion; [] means valid.
 */
export function validateEstimateInput(input: unknown, now: Date = new Date()): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) return [{ field: '', msg: 'must be an object' }];

  if (input.category === undefined) {
    issues.push({ field: 'category', msg: `is required; one of ${DEVICE_CATEGORIES.join(', ')}` });
  } else if (!isDeviceCategory(input.category)) {
    issues.push({ field: 'category', msg: `unknown category '${String(input.category)}'; one of ${DEVICE_CATEGORIES.join(', ')}` });
  }
  for (const f of ['brand', 'model'] as const) {
    if (input[f] !== undefined && typeof input[f] !== 'string') issues.push({ field: f, msg: 'must be a string' });
  }

  const specs = input.specs;
  if (specs !== undefined) {
    if (!isRecord(specs)) issues.push({ field: 'specs', msg: 'must be an object' });
    else validateSpecs(specs, issues, now);
  }

  const usage = input.usage;
  if (usage !== undefined) {
    if (!isRecord(usage)) issues.push({ field: 'usage', msg: 'must be an object' });
    else validateUsage(usage, issues);
  }

  const asm = input.assembly_country;
  if (asm !== undefined) {
    if (typeof asm !== 'string') issues.push({ field: 'assembly_country', msg: 'must be a string' });
    else if (!ASSEMBLY_REGIONS.has(asm.toUpperCase()) && !countries.isValid(asm.toUpperCase())) {
      issues.push({ field: 'assembly_country', msg: `unknown country '${asm}'; use ISO 3166-1 alpha-2 or EU, ASIA, WW` });
    }
  }
  return issues;
}

function validateSpecs(specs: Rec, issues: ValidationIssue[], now: Date): void {
  const maxYear = now.getUTCFullYear() + SPEC_LIMITS.year.maxAhead;
  if (specs.year !== undefined && (typeof specs.year !== 'number' || !Number.isInteger(specs.year))) {
    issues.push({ field: 'specs.year', msg: 'must be an integer year' });
  } else {
    checkNumber(issues, 'specs.year', specs.year, SPEC_LIMITS.year.min, maxYear);
  }
  checkNumber(issues, 'specs.screen_size_in', specs.screen_size_in, SPEC_LIMITS.screen_size_in.min, SPEC_LIMITS.screen_size_in.max, { unit: 'inches' });
  checkNumber(issues, 'specs.weight_kg', specs.weight_kg, SPEC_LIMITS.weight_kg.min, SPEC_LIMITS.weight_kg.max, { exclusiveMin: true, unit: 'kg' });
  checkNumber(issues, 'specs.memory_gb', specs.memory_gb, SPEC_LIMITS.memory_gb.min, SPEC_LIMITS.memory_gb.max, { exclusiveMin: true, unit: 'GB' });
  checkNumber(issues, 'specs.battery_wh', specs.battery_wh, SPEC_LIMITS.battery_wh.min, SPEC_LIMITS.battery_wh.max, { exclusiveMin: true, unit: 'Wh' });
  for (const f of ['cpu', 'gpu'] as const) {
    if (specs[f] !== undefined && typeof specs[f] !== 'string') issues.push({ field: `specs.${f}`, msg: 'must be a string' });
  }
  const storage = specs.storage;
  if (storage === undefined) return;
  if (!Array.isArray(storage)) {
    issues.push({ field: 'specs.storage', msg: 'must be an array of {type, capacity_gb}' });
    return;
  }
  storage.forEach((d: unknown, i) => {
    const p = `specs.storage[${i}]`;
    if (!isRecord(d)) {
      issues.push({ field: p, msg: 'must be an object {type, capacity_gb}' });
      return;
    }
    if (d.type !== 'ssd' && d.type !== 'hdd') issues.push({ field: `${p}.type`, msg: "must be 'ssd' or 'hdd'" });
    if (d.capacity_gb === undefined) issues.push({ field: `${p}.capacity_gb`, msg: 'is required' });
    checkNumber(issues, `${p}.capacity_gb`, d.capacity_gb, SPEC_LIMITS.capacity_gb.min, SPEC_LIMITS.capacity_gb.max, { exclusiveMin: true, unit: 'GB' });
  });
}

function validateUsage(usage: Rec, issues: ValidationIssue[]): void {
  const c = usage.country;
  if (c !== undefined) {
    if (typeof c !== 'string') issues.push({ field: 'usage.country', msg: 'must be a string' });
    else if (!findGridFactor(c)) {
      issues.push({ field: 'usage.country', msg: `unknown country '${c}' or no grid factor for it; use ISO 3166-1 alpha-2, EU or WW` });
    }
  }
  checkNumber(issues, 'usage.lifetime_years', usage.lifetime_years, SPEC_LIMITS.lifetime_years.min, SPEC_LIMITS.lifetime_years.max, { unit: 'years' });
  checkNumber(issues, 'usage.yearly_kwh', usage.yearly_kwh, SPEC_LIMITS.yearly_kwh.min, SPEC_LIMITS.yearly_kwh.max, { unit: 'kWh' });
  checkNumber(issues, 'usage.hours_per_day', usage.hours_per_day, SPEC_LIMITS.hours_per_day.min, SPEC_LIMITS.hours_per_day.max, { exclusiveMin: true, unit: 'h' });
  const gb = usage.grid_basis;
  if (gb !== undefined && gb !== 'ember' && gb !== 'manufacturer_sheet') {
    issues.push({ field: 'usage.grid_basis', msg: "must be 'ember' or 'manufacturer_sheet'" });
  }
}

/** Thrown by estimate() on invalid input; carries the same issues a route turns into a 422. */
export class FootprintValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`invalid footprint input: ${issues.map((i) => `${i.field} ${i.msg}`).join('; ')}`);
    this.name = 'FootprintValidationError';
  }
}
