/**
 * One programme between its three shapes: the catalogue record (programmes.json, `id` = slug,
 * the matching engine's `Programme`), the database row, and the API item (numeric `id`, `slug`,
 * `status` derived from the call dates). Also the rules every write must pass beyond
 * `parseProgramme`, so the operator routes and the bulk import refuse the same records.
 */
import { deriveStatus } from '../matching/eligibility.ts';
import { parseProgramme, type Programme, type ProgrammeStatus } from '../matching/programme-types.ts';
import type { grants } from './grants.tables.ts';

export type GrantRow = typeof grants.$inferSelect;
export type GrantValues = Omit<typeof grants.$inferInsert, 'id' | 'search' | 'createdAt' | 'updatedAt' | 'archivedAt'>;

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{1,118}[a-z0-9]$';
const SLUG_RE = new RegExp(SLUG_PATTERN);
const COUNTRY_RE = /^(?:[A-Z]{2}|EU)$/;
const REGION_RE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const NACE_RE = /^(?:[A-U]|\d{2})$/;
export const FUNDER_TYPES = [
  'eu_institution',
  'eu_joint_undertaking',
  'eu_partnership',
  'eu_financial_institution',
  'national_ministry',
  'national_agency',
  'national_promotional_bank',
  'national_scheme',
  'tax_authority',
  'regional_authority',
  'foundation',
] as const;
export const SOURCE_CONFIDENCES = ['verified', 'from general knowledge'] as const;

export function rowToProgramme(r: GrantRow): Programme {
  return {
    id: r.slug,
    title: r.title,
    funder: r.funder,
    funder_type: r.funderType,
    countries: r.countries,
    also_open_to: r.alsoOpenTo,
    regions: r.regions,
    funding_type: r.fundingType as Programme['funding_type'],
    topics: r.topics as Programme['topics'],
    eligible_company_sizes: r.eligibleCompanySizes as Programme['eligible_company_sizes'],
    eligible_nace: r.eligibleNace,
    excluded_nace: r.excludedNace,
    min_amount_eur: r.minAmountEur,
    max_amount_eur: r.maxAmountEur,
    amount_local: r.amountLocal ?? null,
    funding_rate_pct: r.fundingRatePct,
    opens_at: r.opensAt,
    closes_at: r.closesAt,
    status: r.status as ProgrammeStatus,
    status_as_of: r.statusAsOf ?? '',
    url: r.url,
    summary: r.summary,
    eligibility_notes: r.eligibilityNotes,
    source_confidence: r.sourceConfidence,
    source_urls: r.sourceUrls,
  };
}

export function programmeToValues(p: Programme): GrantValues {
  return {
    slug: p.id,
    title: p.title,
    funder: p.funder,
    funderType: p.funder_type,
    countries: p.countries,
    alsoOpenTo: p.also_open_to,
    regions: p.regions,
    fundingType: p.funding_type,
    topics: p.topics,
    eligibleCompanySizes: p.eligible_company_sizes,
    eligibleNace: p.eligible_nace,
    excludedNace: p.excluded_nace,
    minAmountEur: p.min_amount_eur,
    maxAmountEur: p.max_amount_eur,
    amountLocal: p.amount_local,
    fundingRatePct: p.funding_rate_pct,
    opensAt: p.opens_at,
    closesAt: p.closes_at,
    status: p.status,
    statusAsOf: p.status_as_of,
    url: p.url,
    summary: p.summary,
    eligibilityNotes: p.eligibility_notes,
    sourceConfidence: p.source_confidence,
    sourceUrls: p.source_urls,
  };
}

/** The API item: the record with its numeric id, and the status as of today (never the stale stored one). */
export function programmeOut(id: number, p: Programme, status: ProgrammeStatus) {
  const { id: slug, ...fields } = p;
  return { id, slug, ...fields, status_as_of: p.status_as_of === '' ? null : p.status_as_of, status };
}

export function toGrantOut(r: GrantRow, today: string) {
  const p = rowToProgramme(r);
  return programmeOut(r.id, p, deriveStatus(p, today).status);
}
export type GrantOut = ReturnType<typeof toGrantOut>;

/** Problems of a record that parses but would mislead (reversed ranges, malformed codes); [] when fine. */
export function recordProblems(p: Programme): { field: string; msg: string }[] {
  const out: { field: string; msg: string }[] = [];
  const bad = (field: string, msg: string) => out.push({ field, msg });
  if (!SLUG_RE.test(p.id)) bad('id', 'slug must be 3-120 lower-case letters, digits and hyphens');
  if (p.title.trim() === '') bad('title', 'must not be empty');
  // Bounded text keeps the stored tsvector far below Postgres' 1 MB limit.
  const limits = { title: 500, funder: 300, url: 2000, summary: 10_000, eligibility_notes: 10_000 } as const;
  for (const [f, max] of Object.entries(limits) as [keyof typeof limits, number][]) if (p[f].length > max) bad(f, `at most ${max} characters`);
  if (p.countries.length === 0 || !p.countries.every((c) => COUNTRY_RE.test(c))) bad('countries', 'ISO 3166-1 alpha-2 codes or "EU", at least one');
  if (!p.also_open_to.every((c) => /^[A-Z]{2}$/.test(c))) bad('also_open_to', 'ISO 3166-1 alpha-2 codes');
  if (!p.regions.every((c) => REGION_RE.test(c))) bad('regions', 'ISO 3166-2 codes such as BE-VLG');
  if (!p.eligible_nace.every((c) => NACE_RE.test(c))) bad('eligible_nace', 'NACE section letters or 2-digit divisions');
  if (!p.excluded_nace.every((c) => NACE_RE.test(c))) bad('excluded_nace', 'NACE section letters or 2-digit divisions');
  if (!(FUNDER_TYPES as readonly string[]).includes(p.funder_type)) bad('funder_type', `one of ${FUNDER_TYPES.join(', ')}`);
  if (!(SOURCE_CONFIDENCES as readonly string[]).includes(p.source_confidence)) bad('source_confidence', `one of ${SOURCE_CONFIDENCES.join(', ')}`);
  if (p.min_amount_eur !== null && p.min_amount_eur < 0) bad('min_amount_eur', 'must not be negative');
  if (p.min_amount_eur !== null && p.max_amount_eur !== null && p.min_amount_eur > p.max_amount_eur) bad('max_amount_eur', 'must not be below min_amount_eur');
  if (p.funding_rate_pct !== null && (p.funding_rate_pct < 0 || p.funding_rate_pct > 100)) bad('funding_rate_pct', 'a percentage from 0 to 100');
  if (p.opens_at !== null && p.closes_at !== null && p.opens_at > p.closes_at) bad('closes_at', 'must not be before opens_at');
  for (const d of ['opens_at', 'closes_at'] as const) {
    const v = p[d];
    if (v !== null && Number.isNaN(Date.parse(`${v}T00:00:00Z`))) bad(d, 'not a calendar date');
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(p.status_as_of)) bad('status_as_of', 'YYYY-MM');
  // Postgres text cannot hold NUL; refuse it here rather than fail inside the transaction.
  if (JSON.stringify(p).includes('\\u0000')) bad('record', 'text must not contain NUL characters');
  return out;
}

/** A raw catalogue record → a checked Programme, or the reason it was refused. */
export function checkRecord(raw: unknown): { ok: true; programme: Programme } | { ok: false; detail: string } {
  let p: Programme;
  try {
    p = parseProgramme(raw);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : 'invalid record' };
  }
  const problems = recordProblems(p);
  if (problems.length > 0) return { ok: false, detail: problems.map((x) => `${x.field}: ${x.msg}`).join('; ') };
  return { ok: true, programme: normalised(p) };
}

/** Only the catalogue's fields (an import may carry extras), and no duplicate list entries. */
export function normalised(p: Programme): Programme {
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  return {
    id: p.id,
    title: p.title,
    funder: p.funder,
    funder_type: p.funder_type,
    countries: uniq(p.countries),
    also_open_to: uniq(p.also_open_to),
    regions: uniq(p.regions),
    funding_type: p.funding_type,
    topics: uniq(p.topics),
    eligible_company_sizes: uniq(p.eligible_company_sizes),
    eligible_nace: uniq(p.eligible_nace),
    excluded_nace: uniq(p.excluded_nace),
    min_amount_eur: p.min_amount_eur,
    max_amount_eur: p.max_amount_eur,
    amount_local: p.amount_local === null ? null : { currency: p.amount_local.currency, min: p.amount_local.min ?? null, max: p.amount_local.max ?? null },
    funding_rate_pct: p.funding_rate_pct,
    opens_at: p.opens_at,
    closes_at: p.closes_at,
    status: p.status,
    status_as_of: p.status_as_of,
    url: p.url,
    summary: p.summary,
    eligibility_notes: p.eligibility_notes,
    source_confidence: p.source_confidence,
    source_urls: uniq(p.source_urls),
  };
}
