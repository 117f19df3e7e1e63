import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterCatalogue, prepareCatalogue, type CatalogueEntry } from '../../src/modules/grants/catalogue-filter.ts';
import { parseCriteria } from '../../src/modules/grants/grants-filters.ts';
import type { GrantListQuery } from '../../src/modules/grants/grants.schemas.ts';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { expandQuery, termToTsquery } from '../../src/modules/grants/search-expansion.ts';
import { deriveStatus } from '../../src/modules/matching/eligibility.ts';
import { FUNDING_TYPES, PROGRAMME_STATUSES, TOPICS } from '../../src/modules/matching/programme-types.ts';

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
