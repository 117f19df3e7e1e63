/**
 * The funding-programme record exactly as it comes from programmes.json (see
 * ../shared/data/grants/README.md for every field), the company and carbon-profile
 * inputs of the matching engine (same field names as the API), and a runtime validator so a
 * catalogue import fails loudly on a malformed record instead of matching wrongly.
 */
import type { SizeClass } from '../companies/size-class.ts';

export const TOPICS = [
  'energy_efficiency',
  'renewable_energy',
  'electrification',
  'circular_economy',
  'sustainable_transport',
  'carbon_capture',
  'hydrogen',
  'buildings',
  'agriculture',
  'water',
  'biodiversity',
  'digital_green',
  'innovation_rnd',
  'training',
  'energy_audit',
  'climate_adaptation',
  'bioeconomy',
] as const;
export type Topic = (typeof TOPICS)[number];

export const PROGRAMME_STATUSES = ['open', 'rolling', 'upcoming', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const FUNDING_TYPES = ['grant', 'loan', 'guarantee', 'tax_incentive', 'voucher', 'equity', 'mixed'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];

export interface AmountLocal {
  currency: string;
  min: number | null;
  max: number | null;
}

/** One catalogue record as stored in programmes.json (`id` is the slug). */
export interface Programme {
  id: string;
  title: string;
  funder: string;
  funder_type: string;
  /** ISO alpha-2 codes, or ["EU"] for the 27 member states. */
  countries: string[];
  also_open_to: string[];
  /** ISO 3166-2 subdivisions; empty = whole country. */
  regions: string[];
  funding_type: FundingType;
  topics: Topic[];
  eligible_company_sizes: SizeClass[];
  /** Section letters or 2-digit divisions; empty = any sector. */
  eligible_nace: string[];
  excluded_nace: string[];
  min_amount_eur: number | null;
  max_amount_eur: number | null;
  amount_local: AmountLocal | null;
  funding_rate_pct: number | null;
  opens_at: string | null;
  closes_at: string | null;
  status: ProgrammeStatus;
  status_as_of: string;
  url: string;
  summary: string;
  eligibility_notes: string;
  source_confidence: string;
  source_urls: string[];
}

/** Status after applying the call dates to a given day (see eligibility.ts `deriveStatus`). */
export interface DerivedStatus {
  status: ProgrammeStatus;
  /** Why the derived status differs from the stated one, or null when it does not. */
  reason: string | null;
}

export interface PlannedProject {
  title: string;
  description?: string | null;
  capex_eur?: number | null;
  topics?: string[] | null;
}

/**
 * What a programme states when a field is left out: open to all sizes, sectors and regions, no
 * amounts, no call dates. Fresh arrays each call, so callers may keep and change the result.
 */
export function programmeDefaults(statusAsOf: string) {
  return {
    also_open_to: [] as string[],
    regions: [] as string[],
    topics: [] as Topic[],
    eligible_company_sizes: ['micro', 'small', 'medium', 'large'] as SizeClass[],
    eligible_nace: [] as string[],
    excluded_nace: [] as string[],
    min_amount_eur: null,
    max_amount_eur: null,
    amount_local: null,
    funding_rate_pct: null,
    opens_at: null,
    closes_at: null,
    status_as_of: statusAsOf,
    eligibility_notes: '',
    source_confidence: 'verified',
    source_urls: [] as string[],
  } satisfies Partial<Programme>;
}

export interface CarbonProfile {
  scope1_tco2e?: number | null;
  scope2_location_tco2e?: number | null;
  scope2_market_tco2e?: number | null;
  scope3_tco2e?: number | null;
  energy_consumption_mwh?: number | null;
  reduction_target?: { percent: number; base_year: number; target_year: number } | null;
  planned_projects?: PlannedProject[] | null;
}

export interface CompanyInput {
  name: string;
  /** ISO 3166-1 alpha-2 (GB for the UK). */
  country: string;
  /** ISO 3166-2 subdivision, e.g. BE-VLG. */
  region?: string | null;
  /** NACE Rev. 2 class code such as "10.71" (division or section codes are accepted too). */
  nace_code: string;
  employees: number | null;
  turnover_eur?: number | null;
  balance_sheet_eur?: number | null;
  description?: string | null;
}

export interface FailedCriterion {
  criterion: Criterion;
  detail: string;
}

export const CRITERIA = ['country', 'region', 'company_size', 'sector', 'status', 'project_size'] as const;
export type Criterion = (typeof CRITERIA)[number];

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNumOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isDateOrNull = (v: unknown): v is string | null => v === null || (isStr(v) && /^\d{4}-\d{2}-\d{2}$/.test(v));
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => isStr(v) && (list as readonly string[]).includes(v);

/**
 * Checks one raw record and returns it typed, or throws naming the record and the field.
 * Only what matching relies on is checked strictly (codes, enums, numbers, dates).
 */
export function parseProgramme(raw: unknown): Programme {
  if (typeof raw !== 'object' || raw === null) throw new Error('programme: not an object');
  const r = raw as Record<string, unknown>;
  const id = isStr(r.id) ? r.id : '(no id)';
  const fail = (field: string): never => {
    throw new Error(`programme ${id}: invalid ${field}`);
  };
  if (!isStr(r.id) || !isStr(r.title)) fail('id/title');
  for (const f of ['countries', 'also_open_to', 'regions', 'eligible_nace', 'excluded_nace', 'source_urls']) {
    if (!isStrArr(r[f])) fail(f);
  }
  if (!Array.isArray(r.topics) || !r.topics.every((t) => oneOf(TOPICS, t))) fail('topics');
  const sizes = r.eligible_company_sizes;
  if (!Array.isArray(sizes) || !sizes.every((s) => oneOf(['micro', 'small', 'medium', 'large'], s))) fail('eligible_company_sizes');
  if (!oneOf(PROGRAMME_STATUSES, r.status)) fail('status');
  if (!oneOf(FUNDING_TYPES, r.funding_type)) fail('funding_type');
  for (const f of ['min_amount_eur', 'max_amount_eur', 'funding_rate_pct']) if (!isNumOrNull(r[f])) fail(f);
  if (!isDateOrNull(r.opens_at) || !isDateOrNull(r.closes_at)) fail('opens_at/closes_at');
  const al = r.amount_local;
  if (al !== null && (typeof al !== 'object' || !isStr((al as Record<string, unknown>).currency))) fail('amount_local');
  for (const f of ['funder', 'funder_type', 'status_as_of', 'url', 'summary', 'eligibility_notes', 'source_confidence']) {
    if (!isStr(r[f])) fail(f);
  }
  return r as unknown as Programme;
}

export function parseProgrammes(raw: unknown): Programme[] {
  if (!Array.isArray(raw)) throw new Error('programme catalogue: expected a JSON array');
  return raw.map(parseProgramme);
}
