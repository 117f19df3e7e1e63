import { programmeDefaults, type CompanyInput, type Programme } from '../../src/modules/matching/programme-types.ts';

/** A programme open to everyone in DE unless a test overrides a field. */
export function programme(over: Partial<Programme> = {}): Programme {
  return {
    ...programmeDefaults('2026-01'),
    id: 'test-programme',
    title: 'Test programme',
    funder: 'Test funder',
    funder_type: 'national_agency',
    countries: ['DE'],
    funding_type: 'grant',
    topics: ['energy_efficiency'],
    status: 'rolling',
    url: 'https://example.org',
    summary: 'Grants for energy efficiency.',
    eligibility_notes: 'Companies with a site in Germany.',
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
