import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterCatalogue, prepareCatalogue, type CatalogueEntry, type FilterResult } from '../../src/modules/grants/catalogue-filter.ts';
import { parseCriteria, type GrantCriteria } from '../../src/modules/grants/grants-filters.ts';
import type { GrantListQuery } from '../../src/modules/grants/grants.schemas.ts';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { expandQuery, termToTsquery } from '../../src/modules/grants/search-expansion.ts';
import { referenceFilter } from './reference-filter.ts';
import { deriveStatus } from '../../src/modules/matching/eligibility.ts';
import { FUNDING_TYPES, PROGRAMME_STATUSES, TOPICS, type Programme } from '../../src/modules/matching/programme-types.ts';

const entries: CatalogueEntry[] = loadSeedProgrammes().map((programme, i) => ({ id: i + 1, programme }));
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
/** The filter's matches as entries with their derived status. */
function run(q: Partial<GrantListQuery>, today = '2026-12-01') {
  const prep = prepareCatalogue(entries, today);
  const r = filterCatalogue(prep, parseCriteria({ page: 1, page_size: 20, ...q }, today));
  return { facets: r.facets, matches: r.matches.map((i) => ({ entry: entries[i]!, status: prep.status[i]! })) };
}

const query = fc.record(
  {
    status: fc.subarray([...PROGRAMME_STATUSES], { minLength: 1 }),
    funding_type: fc.subarray([...FUNDING_TYPES], { minLength: 1 }),
    topic: fc.subarray([...TOPICS], { minLength: 1 }),
    country: fc.constantFrom('DE', 'NO', 'FR', 'CH', 'BE', 'GB', 'IS'),
    company_size: fc.constantFrom('micro', 'small', 'medium', 'large') as fc.Arbitrary<'micro' | 'small' | 'medium' | 'large'>,
    nace: fc.constantFrom('C', '10.71', '64.19', '01.11', 'K'),
  },
  { requiredKeys: [] },
);

describe('facets over the in-memory catalogue', () => {
  it('each facet ignores its own filter and its counts add up to the total without it', () => {
    fc.assert(
      fc.property(query, fc.constantFrom('2025-06-01', '2026-12-01', '2028-01-01'), (q, today) => {
        const r = run(q, today);
        const facetOf = { status: 'status', funding_type: 'funding_type', topic: 'topic', country: 'country' } as const;
        for (const [param, facet] of Object.entries(facetOf)) {
          const without = run({ ...q, [param]: undefined }, today);
          expect(r.facets[facet]).toEqual(without.facets[facet]);
        }
        const noStatus = run({ ...q, status: undefined }, today);
        expect(sum(r.facets.status)).toBe(noStatus.matches.length);
        expect(sum(r.facets.funding_type)).toBe(run({ ...q, funding_type: undefined }, today).matches.length);
        for (const m of r.matches) {
          expect(m.status).toBe(deriveStatus(m.entry.programme, today).status);
          if (q.status) expect(q.status).toContain(m.status);
          if (q.topic) expect(m.entry.programme.topics.some((t) => q.topic!.includes(t))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('derives status from the dates of the given day', () => {
    const ietf = (today: string) => run({ status: ['closed'] }, today).matches.some((m) => m.entry.programme.id === 'gb-ietf-phase3');
    expect(ietf('2026-12-01')).toBe(true);
    const cbe = (today: string) => run({}, today).matches.find((m) => m.entry.programme.id === 'eu-cbe-ju-call')!.status;
    expect(cbe('2025-06-01')).toBe('open'); // inside the call window, stated "upcoming"
    expect(cbe('2025-12-01')).toBe('upcoming');
  });
});

/** The reference on the day's statuses, as prepareCatalogue derives them. */
const reference = (entries: readonly CatalogueEntry[], c: GrantCriteria, today: string, positions: readonly number[] | null): FilterResult =>
  referenceFilter(entries, entries.map((e) => deriveStatus(e.programme, today).status), c, positions);

// Small vocabularies so random rows and criteria meet often; '12' is an integer-like key (those
// come first in a JS object whatever the insertion order), 'XX' and 'bogus' are on no row.
const COUNTRIES = ['EU', 'DE', 'FR', 'BE', 'NO', 'IS', 'CH', '12'];
const REGIONS = ['BE-VLG', 'BE-WAL', 'DE-BY', 'FR-IDF'];
const NACE = ['A', 'C', 'K', '10', '11', '64'];
const SIZES = ['micro', 'small', 'medium', 'large'] as const;
const DAYS = ['2024-01-01', '2025-03-15', '2025-06-01', '2026-01-31', '2026-12-01'];
const seedProgramme = entries[0]!.programme;
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
// A criterion mostly absent, so requests with one or two filters (each path alone) are common.
const sometimes = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: a, weight: 1 });

const programme: fc.Arbitrary<Programme> = fc
  .record({
    countries: fc.array(fc.constantFrom(...COUNTRIES), { minLength: 1, maxLength: 3 }),
    also_open_to: fc.array(fc.constantFrom('NO', 'IS', 'LI', 'CH', 'DE', '12'), { maxLength: 3 }),
    regions: fc.array(fc.constantFrom(...REGIONS), { maxLength: 2 }),
    funding_type: fc.constantFrom(...FUNDING_TYPES),
    // Duplicates allowed: the old code counted a repeated topic twice, the columns must too.
    topics: fc.array(fc.constantFrom(...TOPICS.slice(0, 6)), { maxLength: 4 }),
    eligible_company_sizes: fc.subarray([...SIZES]),
    eligible_nace: fc.subarray(NACE, { maxLength: 2 }),
    excluded_nace: fc.subarray(NACE, { maxLength: 2 }),
    min_amount_eur: opt(fc.integer({ min: 0, max: 100_000 })),
    max_amount_eur: opt(fc.integer({ min: 50_000, max: 500_000 })),
    opens_at: opt(fc.constantFrom(...DAYS)),
    closes_at: opt(fc.constantFrom(...DAYS)),
    status: fc.constantFrom(...PROGRAMME_STATUSES),
  })
  .map((r) => ({ ...seedProgramme, ...r }));

const countryCriterion = fc.record({ code: fc.constantFrom(...COUNTRIES, 'XX', 'LI'), euMember: fc.boolean() });
const criteria: fc.Arbitrary<GrantCriteria> = fc.record({
  q: fc.constant(null),
  country: sometimes(countryCriterion),
  regionCountry: sometimes(countryCriterion),
  regionLineage: sometimes(fc.subarray([...REGIONS, 'BE'])),
  naceEligible: sometimes(fc.subarray(NACE)),
  naceExcluded: sometimes(fc.subarray(NACE)),
  companySize: sometimes(fc.constantFrom(...SIZES)),
  // Possibly empty (nothing passes) and possibly naming values no row has.
  fundingTypes: sometimes(fc.subarray([...FUNDING_TYPES, 'bogus'])),
  topics: sometimes(fc.subarray([...TOPICS.slice(0, 8), 'bogus'])),
  statuses: sometimes(fc.subarray([...PROGRAMME_STATUSES, 'bogus'])),
  minAmount: sometimes(fc.integer({ min: 0, max: 400_000 })),
  maxAmount: sometimes(fc.integer({ min: 0, max: 400_000 })),
  closesAfter: sometimes(fc.constantFrom(...DAYS)),
  closesBefore: sometimes(fc.constantFrom(...DAYS)),
  sort: fc.constant('title' as const),
  offset: fc.constant(0),
  limit: fc.constant(20),
  today: fc.constant(''),
});

/** Catalogue positions as the text match hands them (ascending, distinct), or in any order with repeats. */
const positionsOf = (n: number) =>
  fc.oneof(
    fc.constant(null),
    fc.uniqueArray(fc.nat(n - 1), { maxLength: n }).map((xs) => xs.sort((a, b) => a - b)),
    fc.array(fc.nat(n - 1), { maxLength: 2 * n }),
  );

describe('filterCatalogue on integer columns', () => {
  const same = (a: FilterResult, b: FilterResult) => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

  it('matches the string-array implementation, facet key order included, across days', () => {
    const scenario = fc
      .array(programme, { minLength: 1, maxLength: 40 })
      .chain((ps) => fc.tuple(fc.constant(ps), fc.array(fc.tuple(criteria, positionsOf(ps.length), fc.constantFrom(...DAYS)), { minLength: 1, maxLength: 4 })));
    fc.assert(
      fc.property(scenario, ([programmes, requests]) => {
        // One catalogue array for all requests: the columns are built once and statuses re-derived per day.
        const catalogue: CatalogueEntry[] = programmes.map((programme, i) => ({ id: i + 1, programme }));
        for (const [c, positions, today] of requests) {
          const got = filterCatalogue(prepareCatalogue(catalogue, today), c, positions === null ? null : Int32Array.from(positions));
          same(got, reference(catalogue, c, today, positions));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('matches it on the seed catalogue through parseCriteria', () => {
    fc.assert(
      fc.property(query, fc.constantFrom('2025-06-01', '2026-12-01'), positionsOf(entries.length), (q, today, positions) => {
        const c = parseCriteria({ page: 1, page_size: 20, ...q }, today);
        same(filterCatalogue(prepareCatalogue(entries, today), c, positions), reference(entries, c, today, positions));
      }),
      { numRuns: 200 },
    );
  });
});

describe('query expansion through the concept lexicon', () => {
  it('turns lexicon terms into English tsquery operands', () => {
    expect(termToTsquery('heat pump')).toBe('(heat & pump:*)');
    expect(termToTsquery('leds$')).toBe('leds');
    expect(termToTsquery('insulat')).toBe('insul:*');
    expect(termToTsquery('decarboni* plan')).toBeNull();
  });

  it('expands foreign-language queries and leaves unknown words alone', () => {
    expect(expandQuery('Wärmepumpe')).toContain('heat & pump');
    expect(expandQuery('pompe à chaleur')).toContain('heat & pump');
    expect(expandQuery('xylophone')).toBeNull();
  });
});
