/**
 * Device categories of the public API and how the catalogue's free-text labels map onto them.
 *
 * Defaults (lifetime, yearly kWh) and typical ranges are not written here by hand: they are
 * fitted from the catalogue by scripts/fit-footprint.ts and read from params.json, so that a
 * refit moves them together with the rest of the model.
 */

import { PRODUCT_CATEGORIES } from '../../products/product-types.ts';

/** The API's category vocabulary: one list, owned by the catalogue the categories describe. */
export const DEVICE_CATEGORIES = PRODUCT_CATEGORIES;

export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number];

const CATEGORY_SET: ReadonlySet<string> = new Set(DEVICE_CATEGORIES);

export function isDeviceCategory(value: unknown): value is DeviceCategory {
  return typeof value === 'string' && CATEGORY_SET.has(value);
}

// Upstream subcategory labels are not normalised ("Thin Client" vs "Thin client"), so the
// lookup is case-insensitive. Anything unlisted (IoT, Gaming, Multimedia, Entertainment)
// is "other": guessing a closer class would borrow the wrong power profile.
const SUBCATEGORY_MAP: Readonly<Record<string, DeviceCategory>> = {
  laptop: 'laptop',
  desktop: 'desktop',
  monitor: 'monitor',
  workstation: 'workstation',
  'thin client': 'thin_client',
  tablet: 'tablet',
  smartphone: 'smartphone',
  server: 'server',
  printer: 'printer',
  network: 'network',
  // Converged / edge systems and blade compute modules are servers in all but name (HPE
  // Synergy, Edgeline): their sheets use server power and server grid assumptions.
  converged: 'server',
  'converged edge': 'server',
  'hard drive': 'storage',
  'san/nas': 'storage',
  storage: 'storage',
};

// The catalogue files all-in-ones under "Desktop"; only the name tells them apart, and
// an AIO carries a panel, so treating it as a plain desktop under-estimates production.
const ALL_IN_ONE_NAME = /\b(aio|all[\s-]?in[\s-]?one)\b/i;

/** Maps a catalogue row's subcategory (and name, for all-in-ones) to an API category. */
export function categoryFromCatalogue(subcategory: string, name: string): DeviceCategory {
  const key = subcategory.trim().toLowerCase();
  const mapped = SUBCATEGORY_MAP[key] ?? 'other';
  if ((mapped === 'desktop' || mapped === 'other') && ALL_IN_ONE_NAME.test(name)) return 'all_in_one';
  return mapped;
}

/** Per-category defaults as fitted from the catalogue (see params.json `categories`). */
export interface CategoryDefaults {
  /** Median declared lifetime, years. */
  lifetime_years: number;
  /** Median declared (or, where absent, implied) yearly electricity use, kWh. */
  yearly_kwh: number;
  /** 10th and 90th percentile of declared totals, kg CO2e: what "typical" means for this class. */
  typical_total_kg: { p10: number; p50: number; p90: number };
  /** Rows the figures rest on; small n means the defaults are weak. */
  n: number;
  /** True when the category has too few rows and the figures were borrowed from `borrowed_from`. */
  borrowed_from: DeviceCategory | null;
}
