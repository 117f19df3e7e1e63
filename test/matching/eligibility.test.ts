import { describe, expect, it } from 'vitest';
import { companyFacts, deriveStatus, evaluateEligibility, prepareRules } from '../../src/modules/matching/eligibility.ts';
import type { CarbonProfile, CompanyInput, Programme } from '../../src/modules/matching/programme-types.ts';
import { baeckerei, programme, TODAY } from './fixtures.ts';

function check(p: Programme, company: CompanyInput = baeckerei, profile: CarbonProfile | null = null, today = TODAY) {
  return evaluateEligibility(companyFacts(company, profile), p, prepareRules(p), today);
}
const failedOn = (r: ReturnType<typeof check>) => r.failed_criteria.map((f) => f.criterion);
const unknownOn = (r: ReturnType<typeof check>) => r.unknown_criteria.map((f) => f.criterion);

describe('country rule', () => {
  it('passes the listed country and fails another, saying where it is open', () => {
    expect(check(programme()).eligible).toBe(true);
    const r = check(programme({ countries: ['FR'] }));
    expect(failedOn(r)).toEqual(['country']);
    expect(r.failed_criteria[0]?.detail).toBe('Only open to applicants in France; your company is in Germany');
  });

  it('["EU"] means the 27 member states; also_open_to adds named partner countries only', () => {
    const eu = programme({ countries: ['EU'], also_open_to: ['NO', 'IS', 'LI'] });
    expect(check(eu, { ...baeckerei, country: 'AT' }).eligible).toBe(true);
    expect(check(eu, { ...baeckerei, country: 'NO' }).eligible).toBe(true);
    expect(failedOn(check(eu, { ...baeckerei, country: 'CH' }))).toEqual(['country']);
    expect(failedOn(check(programme({ countries: ['EU'] }), { ...baeckerei, country: 'NO' }))).toEqual(['country']);
    expect(check(programme({ countries: ['EU'], also_open_to: ['GB'] }), { ...baeckerei, country: 'UK' }).eligible).toBe(true);
  });
});

describe('region rule', () => {
  const flanders = programme({ countries: ['BE'], regions: ['BE-VLG'] });
  const be = (region?: string): CompanyInput => ({ ...baeckerei, country: 'BE', region });
  it('passes the region and its provinces, fails another region, is unknown without a region', () => {
    expect(check(flanders, be('BE-VLG')).eligible).toBe(true);
    expect(check(flanders, be('BE-VAN')).eligible).toBe(true);
    const wal = check(flanders, be('BE-WAL'));
    expect(failedOn(wal)).toEqual(['region']);
    expect(wal.failed_criteria[0]?.detail).toContain('Flanders (BE-VLG)');
    const none = check(flanders, be());
    expect(none.verdict).toBe('unknown');
    expect(none.eligible).toBe(false);
    expect(unknownOn(none)).toEqual(['region']);
  });
});

describe('size rule', () => {
  const sme = programme({ eligible_company_sizes: ['micro', 'small', 'medium'] });
  it('uses the EU SME definition, with 250 staff being large', () => {
    expect(check(sme, { ...baeckerei, employees: 249, turnover_eur: 40e6 }).eligible).toBe(true);
    expect(failedOn(check(sme, { ...baeckerei, employees: 250, turnover_eur: 40e6 }))).toEqual(['company_size']);
  });
  it('reports missing size data as unknown only when the answer depends on it', () => {
    const noMoney: CompanyInput = { ...baeckerei, employees: 30, turnover_eur: null, balance_sheet_eur: null };
    const r = check(sme, noMoney);
    expect(r.verdict).toBe('unknown');
    expect(unknownOn(r)).toEqual(['company_size']);
    expect(r.unknown_criteria[0]?.detail).toMatch(/could be small, medium or large/);
    expect(check(programme(), noMoney).eligible).toBe(true); // all sizes: the size does not matter
    expect(failedOn(check(programme({ eligible_company_sizes: ['micro'] }), noMoney))).toEqual(['company_size']); // 30 staff is never micro
  });
});

describe('sector rule (NACE sections and divisions)', () => {
  it('includes by section letter or by division, excludes likewise', () => {
    expect(check(programme({ eligible_nace: ['C'] })).eligible).toBe(true);
    expect(check(programme({ eligible_nace: ['10', '11'] })).eligible).toBe(true);
    expect(failedOn(check(programme({ eligible_nace: ['B', 'E'] })))).toEqual(['sector']);
    const k = check(programme({ excluded_nace: ['K'] }), { ...baeckerei, nace_code: '64.19' });
    expect(failedOn(k)).toEqual(['sector']);
    expect(k.failed_criteria[0]?.detail).toMatch(/section K/);
    expect(failedOn(check(programme({ excluded_nace: ['01'] }), { ...baeckerei, nace_code: '01.41' }))).toEqual(['sector']);
    expect(check(programme({ excluded_nace: ['01'] }), { ...baeckerei, nace_code: '02.20' }).eligible).toBe(true);
  });
  it('an invalid code or a bare section is unknown where the rule needs more', () => {
    expect(unknownOn(check(programme({ eligible_nace: ['C'] }), { ...baeckerei, nace_code: '99.99' }))).toEqual(['sector']);
    expect(check(programme(), { ...baeckerei, nace_code: '99.99' }).eligible).toBe(true);
    expect(check(programme({ eligible_nace: ['C'] }), { ...baeckerei, nace_code: 'C' }).eligible).toBe(true);
    expect(unknownOn(check(programme({ eligible_nace: ['10'] }), { ...baeckerei, nace_code: 'C' }))).toEqual(['sector']);
  });
});

describe('status rule and date-derived status', () => {
  it('a closed programme is never eligible, whatever its dates say', () => {
    const closed = programme({ status: 'closed', closes_at: '2030-01-01' });
    expect(deriveStatus(closed, TODAY).status).toBe('closed');
    expect(failedOn(check(closed))).toEqual(['status']);
  });
  it('derives the status from the call dates against today', () => {
    const call = programme({ status: 'upcoming', opens_at: '2026-03-01', closes_at: '2026-06-30' });
    expect(deriveStatus(call, '2026-02-28').status).toBe('upcoming');
    expect(deriveStatus(call, '2026-03-01').status).toBe('open');
    expect(deriveStatus(call, '2026-06-30').status).toBe('open'); // deadline day inclusive
    expect(deriveStatus(call, '2026-07-01').status).toBe('upcoming'); // recurring scheme between rounds
    const open = programme({ status: 'open', closes_at: '2026-06-30' });
    expect(deriveStatus(open, '2026-07-01')).toEqual({ status: 'closed', reason: 'the call closed on 2026-06-30' });
    expect(failedOn(check(open, baeckerei, null, '2026-07-01'))).toEqual(['status']);
    expect(check(open, baeckerei, null, '2026-06-30').eligible).toBe(true);
    expect(deriveStatus(programme({ status: 'rolling', opens_at: '2027-01-01' }), TODAY).status).toBe('upcoming');
  });
});

describe('project size rule', () => {
  const withCapex = (...capex: (number | undefined)[]): CarbonProfile => ({ planned_projects: capex.map((c, i) => ({ title: `p${i}`, capex_eur: c })) });
  const p = programme({ min_amount_eur: 500_000, max_amount_eur: 2_500_000, funding_rate_pct: 70 });
  it('fails when even the best award (sum of capex x funding rate) is below the minimum', () => {
    const r = check(p, baeckerei, withCapex(400_000, 300_000)); // 700k x 70% = 490k
    expect(failedOn(r)).toEqual(['project_size']);
    expect(r.failed_criteria[0]?.detail).toContain('€490,000');
    expect(check(p, baeckerei, withCapex(400_000, 320_000)).eligible).toBe(true); // 504k
  });
  it('a maximum caps the award but does not exclude a larger project', () => {
    const r = check(p, baeckerei, withCapex(10_000_000));
    expect(r.eligible).toBe(true);
    expect(r.matched_criteria.find((m) => m.criterion === 'project_size')?.detail).toContain('capped at €2,500,000');
  });
  it('is not evaluated without capex, or while a project without capex could still lift the total', () => {
    expect(check(p, baeckerei, null).matched_criteria.some((m) => m.criterion === 'project_size')).toBe(false);
    expect(check(p, baeckerei, withCapex(100_000, undefined)).eligible).toBe(true);
  });
});

describe('several failures', () => {
  it('reports every failed rule, not just the first', () => {
    const r = check(programme({ countries: ['FR'], eligible_company_sizes: ['micro'], eligible_nace: ['A'], status: 'closed' }));
    expect(failedOn(r)).toEqual(['country', 'company_size', 'sector', 'status']);
  });
});
