/**
 * The string-array implementation of filterCatalogue that the integer columns replaced, kept as
 * the specification: the property test and bench/catalogue-filter.ts hold the columns to the
 * same matches and the same facets, keys in the same order.
 */
import type { CatalogueEntry, Facets, FilterResult } from '../../src/modules/grants/catalogue-filter.ts';
import type { CountryCriterion, GrantCriteria } from '../../src/modules/grants/grants-filters.ts';
import type { Programme } from '../../src/modules/matching/programme-types.ts';

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));
const openTo = (p: Programme, k: CountryCriterion) => p.countries.includes(k.code) || (k.euMember && p.countries.includes('EU')) || p.also_open_to.includes(k.code);

function passesBase(p: Programme, c: GrantCriteria): boolean {
  if (c.regionCountry && !openTo(p, c.regionCountry)) return false;
  if (c.regionLineage && p.regions.length > 0 && !overlaps(p.regions, c.regionLineage)) return false;
  if (c.naceEligible && p.eligible_nace.length > 0 && !overlaps(p.eligible_nace, c.naceEligible)) return false;
  if (c.naceExcluded && overlaps(p.excluded_nace, c.naceExcluded)) return false;
  if (c.companySize && !p.eligible_company_sizes.includes(c.companySize)) return false;
  if (c.minAmount !== null || c.maxAmount !== null) {
    if (p.min_amount_eur === null && p.max_amount_eur === null) return false;
    if (c.minAmount !== null && p.max_amount_eur !== null && p.max_amount_eur < c.minAmount) return false;
    if (c.maxAmount !== null && p.min_amount_eur !== null && p.min_amount_eur > c.maxAmount) return false;
  }
  if (c.closesAfter && p.closes_at !== null && p.closes_at < c.closesAfter) return false;
  if (c.closesBefore && (p.closes_at === null || p.closes_at > c.closesBefore)) return false;
  return true;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** `status[i]` is the derived status of `entries[i]` on the day of the query. */
export function referenceFilter(entries: readonly CatalogueEntry[], status: readonly string[], c: GrantCriteria, positions: ArrayLike<number> | null): FilterResult {
  const facets: Facets = { status: {}, funding_type: {}, topic: {}, country: {} };
  const matches: number[] = [];
  const n = positions ? positions.length : entries.length;
  for (let k = 0; k < n; k++) {
    const i = positions ? (positions[k] as number) : k;
    const p = (entries[i] as CatalogueEntry).programme;
    if (!passesBase(p, c)) continue;
    const s = status[i] as string;
    const fs = !c.statuses || (c.statuses as readonly string[]).includes(s);
    const ff = !c.fundingTypes || c.fundingTypes.includes(p.funding_type);
    const ft = !c.topics || overlaps(p.topics, c.topics);
    const fc = !c.country || openTo(p, c.country);
    if (ff && ft && fc) bump(facets.status, s);
    if (fs && ft && fc) bump(facets.funding_type, p.funding_type);
    if (fs && ff && fc) for (const t of p.topics) bump(facets.topic, t);
    if (fs && ff && ft) for (const k2 of p.countries) bump(facets.country, k2);
    if (fs && ff && ft && fc) matches.push(i);
  }
  return { matches, facets };
}
