import type { CompanyInput, Programme } from '../../src/modules/matching/programme-types.ts';

/** A programme open to everyone in DE unless a test overrides a field. */
export function programme(over: Partial<Programme> = {}): Programme {
  return {
    id: 'test-programme',
    title: 'Test programme',
    funder: 'Test funder',
    funder_type: 'national_agency',
    countries: ['DE'],
    also_open_to: [],
    regions: [],
    funding_type: 'grant',
    topics: ['energy_efficiency'],
    eligible_company_sizes: ['micro', 'small', 'medium', 'large'],
    eligible_nace: [],
    excluded_nace: [],
    min_amount_eur: null,
    max_amount_eur: null,
    amount_local: null,
    funding_rate_pct: null,
    opens_at: null,
    closes_at: null,
    status: 'rolling',
    status_as_of: '2026-01',
    url: 'https://example.org',
    summary: 'Grants for energy efficiency.',
    eligibility_notes: 'Companies with a site in Germany.',
    source_confidence: 'verified',
    source_urls: [],
    ...over,
  };
}

export const baeckerei: CompanyInput = {
  name: 'Bäckerei Müller GmbH',
  country: 'DE',
  nace_code: '10.71',
  employees: 35,
  turnover_eur: 4_000_000,
};

export const TODAY = '2026-11-23';
