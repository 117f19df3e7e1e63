/**
 * GET /grants query → checked search criteria. Codes are normalised and resolved here (EU
 * membership, region lineage, NACE section/division) so the SQL only compares arrays.
 */
import type { SizeClass } from '../companies/size-class.ts';
import { FUNDING_TYPES, PROGRAMME_STATUSES, TOPICS } from '../matching/programme-types.ts';
import { isEuMember, normaliseCountryCode } from '../reference/eu-membership.ts';
import { naceChildren, naceDivisionOf, naceLookup, naceSectionOf } from '../reference/nace.ts';
import { normaliseRegionCode, regionCountry, regionLineage } from '../reference/regions.ts';
import { validationError, type ValidationIssue } from '../../platform/http/errors.ts';
import type { GrantListQuery, GrantSort } from './grants.schemas.ts';

export interface CountryCriterion {
  code: string;
  /** EU-wide programmes (["EU"]) are open to it. */
  euMember: boolean;
}

export interface GrantCriteria {
  q: string | null;
  country: CountryCriterion | null;
  /** Set by `region` when `country` is absent: a region implies its country. */
  regionCountry: CountryCriterion | null;
  regionLineage: string[] | null;
  /** A programme qualifies when its eligible_nace is empty or overlaps this list… */
  naceEligible: string[] | null;
  /** …and its excluded_nace does not overlap this one. */
  naceExcluded: string[] | null;
  companySize: SizeClass | null;
  fundingTypes: string[] | null;
  topics: string[] | null;
  statuses: string[] | null;
  minAmount: number | null;
  maxAmount: number | null;
  closesAfter: string | null;
  closesBefore: string | null;
  sort: GrantSort;
  offset: number;
  limit: number;
  today: string;
}

/** Repeated and comma-separated values (`topic=a&topic=b`, `topic=a,b`), each checked against its vocabulary. */
function listParam(name: string, values: string[] | undefined, allowed: readonly string[], issues: ValidationIssue[]): string[] | null {
  if (!values) return null;
  const out = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
  for (const v of out) {
    if (!allowed.includes(v)) issues.push({ loc: ['query', name], msg: `unknown value "${v}"; one of ${allowed.join(', ')}`, type: 'enum' });
  }
  return out.length > 0 ? out : null;
}

function countryCriterion(code: string): CountryCriterion {
  const c = normaliseCountryCode(code);
  return { code: c, euMember: isEuMember(c) };
}

export function parseCriteria(query: GrantListQuery, today: string): GrantCriteria {
  const issues: ValidationIssue[] = [];
  const q = query.q?.trim() ? query.q.trim() : null;

  let lineage: string[] | null = null;
  let impliedCountry: CountryCriterion | null = null;
  if (query.region) {
    lineage = regionLineage(normaliseRegionCode(query.region));
    if (!query.country) impliedCountry = countryCriterion(regionCountry(query.region));
  }

  let naceEligible: string[] | null = null;
  let naceExcluded: string[] | null = null;
  if (query.nace !== undefined) {
    const row = naceLookup(query.nace);
    const section = row ? naceSectionOf(row.code) : null;
    if (!row || !section) {
      issues.push({ loc: ['query', 'nace'], msg: 'not a NACE Rev. 2 code (section letter, or division/group/class such as 10.71)', type: 'nace' });
    } else if (row.level === 1) {
      // A whole section: programmes for the section or any of its divisions; only a section-level exclusion excludes it.
      naceEligible = [section, ...naceChildren(section).map((d) => d.code)];
      naceExcluded = [section];
    } else {
      const division = naceDivisionOf(row.code);
      naceEligible = division ? [section, division] : [section];
      naceExcluded = naceEligible;
    }
  }

  const fundingTypes = listParam('funding_type', query.funding_type, FUNDING_TYPES, issues);
  const topics = listParam('topic', query.topic, TOPICS, issues);
  const statuses = listParam('status', query.status, PROGRAMME_STATUSES, issues);
  const minAmount = query.min_amount ?? null;
  const maxAmount = query.max_amount ?? null;
  if (minAmount !== null && maxAmount !== null && minAmount > maxAmount) {
    issues.push({ loc: ['query', 'max_amount'], msg: 'must not be below min_amount', type: 'range' });
  }
  if (issues.length > 0) throw validationError(issues);

  // Relevance needs a query; without one the catalogue reads best alphabetically.
  const sort: GrantSort = query.sort ?? (q ? 'relevance' : 'title');
  return {
    q,
    country: query.country ? countryCriterion(query.country) : null,
    regionCountry: impliedCountry,
    regionLineage: lineage,
    naceEligible,
    naceExcluded,
    companySize: query.company_size ?? null,
    fundingTypes,
    topics,
    statuses,
    minAmount,
    maxAmount,
    closesAfter: query.closes_after ?? null,
    closesBefore: query.closes_before ?? null,
    sort: sort === 'relevance' && !q ? 'title' : sort,
    offset: (query.page - 1) * query.page_size,
    limit: query.page_size,
    today,
  };
}
