/**
 * Memory and drives written in a model name ("Mac Studio with M1 Max 32GB memory and 512GB",
 * "Exos X18 18TB", "Latitude 5440 16GB RAM 512GB SSD"), read with the catalogue import's own
 * rules so an estimate sees a name the way the fitted catalogue rows were read.
 */
import { defaultStorageType, parseMemoryFromName, parseStorage } from '../../products/product-normalise.ts';
import { parseYearFromName } from '../../products/product-tokens.ts';
import type { StorageSpec } from './types.ts';
import { SPEC_LIMITS } from './validation.ts';

export interface NameConfig {
  memory_gb: number | null;
  storage: StorageSpec[];
}

export const NO_NAME_CONFIG: NameConfig = { memory_gb: null, storage: [] };

export function configFromName(category: string, brand: string | null | undefined, modelName: string | null | undefined): NameConfig {
  if (!modelName) return NO_NAME_CONFIG;
  // A figure the request validation would refuse is a misreading of the name, not a device.
  const memory = parseMemoryFromName(modelName);
  const storage = parseStorage(modelName, defaultStorageType(category, brand)).filter((d) => d.capacity_gb <= SPEC_LIMITS.capacity_gb.max);
  return { memory_gb: memory !== null && memory > 0 && memory <= SPEC_LIMITS.memory_gb.max ? memory : null, storage };
}

/**
 * The model year a name states ("Mac mini M2 2023"), or null. The caller wrote it, so it comes
 * before the year of the line's declared siblings; a year the validation would refuse is not one.
 */
export function yearFromName(modelName: string | null | undefined, now: Date = new Date()): number | null {
  if (!modelName) return null;
  const year = parseYearFromName(modelName);
  return year !== null && year >= SPEC_LIMITS.year.min && year <= now.getUTCFullYear() + SPEC_LIMITS.year.maxAhead ? year : null;
}

/** "2 × 1000 GB HDD, 512 GB SSD", for the warning that says what was read. */
export function describeStorage(storage: readonly StorageSpec[]): string {
  const counts = new Map<string, number>();
  for (const d of storage) {
    const k = `${d.capacity_gb} GB ${d.type.toUpperCase()}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${n} × ${k}` : k)).join(', ');
}
