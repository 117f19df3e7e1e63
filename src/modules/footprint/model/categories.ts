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
