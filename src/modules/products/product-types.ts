/**
 * The normalised product-catalogue record shared by the CSV import, the search index
 * and (later) the repository and routes. Pure data: no behaviour lives here.
 *
 * Units are in the field names so callers never guess them (kg, kWh, GB, inches).
 * `null` always means "the source did not say", never zero: a missing transport
 * share is not a zero transport share (see the dataset README, caveat 3).
 */

/** Categories of the public API (API.md, "Footprint"). */
export const PRODUCT_CATEGORIES = [
  'laptop',
  'desktop',
  'monitor',
  'workstation',
  'thin_client',
  'all_in_one',
  'tablet',
  'smartphone',
  'server',
  'printer',
  'network',
  'storage',
  'other',
] as const;

export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export type StorageType = 'ssd' | 'hdd';

/** One physical drive; a "x2 1TB HDD" cell becomes two entries, as the footprint API expects. */
export interface StorageDevice {
  type: StorageType;
  capacity_gb: number;
}

export type ServerType = 'rack' | 'tower' | 'blade';

/**
 * Shares of gwp_total per life-cycle phase, each in [0, 1] or null when not declared.
 * They are kept as declared: they do not always add up to 1 upstream.
 */
export interface PhaseRatios {
  manufacturing: number | null;
  use: number | null;
  transport: number | null;
  eol: number | null;
}

export interface ProductRecord {
  /** Idempotency key: `<brand key>:<name key>`; equal keys are the same product. */
  source_key: string;
  brand: string;
  name: string;
  category: ProductCategory;
  /** Upstream top level (`Workplace`, `Datacenter`, `Home`) or whatever the uploader wrote. */
  category_raw: string | null;
  subcategory_raw: string | null;
  gwp_total_kg: number;
  phase_ratios: PhaseRatios;
  /** Relative uncertainty declared around the total; null when absent or implausible (> 1). */
  error_ratio: number | null;
  yearly_kwh: number | null;
  lifetime_years: number | null;
  /** Grid region of the use phase: `EU`, `US`, `WW`, `Asia` or an ISO 3166-1 alpha-2 code. */
  use_location: string | null;
  /** Final assembly region: `CN`, `EU`, `Asia`, `KR`, `WW`, another alpha-2 code, or null ("default"/unknown). */
  assembly_location: string | null;
  weight_kg: number | null;
  /** Diagonal in inches; 0 means "no screen" as declared upstream. */
  screen_size_in: number | null;
  storage: StorageDevice[];
  memory_gb: number | null;
  number_cpu: number | null;
  server_type: ServerType | null;
  /** Printers only: the upstream hard_drive column holds their speed. */
  printer_ppm: number | null;
  report_year: number | null;
  /** Model generation parsed from the name ("Gen 4", "G10", "9th gen"). */
  generation: number | null;
  /** Normalised tokens containing a digit ("5430", "dl380", "t490s"): what tells models apart. */
  model_tokens: string[];
  mpn: string | null;
  gtin: string | null;
  source_url: string | null;
  sources_hash: string | null;
  comment: string | null;
  /** sha256 of the record's content (without this field); unchanged hash = nothing to update. */
  content_hash: string;
}

/** Catalogue record plus the id it is stored and served under. */
export interface CatalogueEntry {
  id: string;
  product: ProductRecord;
}
