import countries from 'i18n-iso-countries';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import type { Database } from '../../platform/db/client.ts';
import { withTenant } from '../../platform/db/tenancy.ts';
import { notFound, validationError, type ValidationIssue } from '../../platform/http/errors.ts';
import { pageOf, pageOffset, type PageQuery } from '../../platform/http/pagination.ts';
import type { CarbonProfile, CompanyInput } from '../matching/programme-types.ts';
import { naceLookup, normaliseNaceCode } from '../reference/nace.ts';
import * as repo from './companies.repo.ts';
import type { CompanyBody, CompanyPatch } from './companies.schemas.ts';
import type { CarbonProfileData } from './companies.tables.ts';
import { missingSizeFigures, sizeClass } from './size-class.ts';

function toOut(c: repo.CompanyRow) {
  const size = sizeClass({ employees: c.employees, turnover_eur: c.turnoverEur, balance_sheet_eur: c.balanceSheetEur });
  const missing = size === null ? missingSizeFigures({ employees: c.employees, turnover_eur: c.turnoverEur, balance_sheet_eur: c.balanceSheetEur }) : [];
  return {
    id: c.id,
    name: c.name,
    country: c.country,
    region: c.region,
    nace_code: c.naceCode,
    nace_title: naceLookup(c.naceCode)?.title ?? null,
    employees: c.employees,
    turnover_eur: c.turnoverEur,
    balance_sheet_eur: c.balanceSheetEur,
    founded_year: c.foundedYear,
    description: c.description,
    website: c.website,
    size_class: size,
    size_class_note: size === null ? `Size class needs ${missing.length ? missing.join(' or ') : 'more figures'} to be decided` : null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** The rules a schema cannot state: real codes, a region inside the country, a class-level NACE code. */
function checkCompany(body: Partial<CompanyBody>, current: repo.CompanyRow | null): { issues: ValidationIssue[]; nace?: string } {
  const issues: ValidationIssue[] = [];
  const country = body.country ?? current?.country;
  if (body.country !== undefined && !countries.isValid(body.country)) {
    issues.push({ loc: ['body', 'country'], msg: `unknown country code ${body.country}`, type: 'country' });
  }
  const region = body.region === undefined ? current?.region : body.region;
  if (region && country && !region.startsWith(`${country}-`)) {
    issues.push({ loc: ['body', 'region'], msg: `region ${region} is not in ${country}`, type: 'region' });
  }
  let nace: string | undefined;
  if (body.nace_code !== undefined) {
    const code = normaliseNaceCode(body.nace_code);
    const entry = code ? naceLookup(code) : null;
    if (!entry) issues.push({ loc: ['body', 'nace_code'], msg: `${body.nace_code} is not a NACE Rev. 2 code`, type: 'nace' });
    else if (entry.level !== 4) issues.push({ loc: ['body', 'nace_code'], msg: `${entry.code} is a NACE ${['section', 'division', 'group'][entry.level - 1]}; give a class code such as 10.71`, type: 'nace' });
    else nace = entry.code;
  }
  const year = new Date().getUTCFullYear();
  if (body.founded_year != null && body.founded_year > year) issues.push({ loc: ['body', 'founded_year'], msg: `must not be after ${year}`, type: 'maximum' });
  return { issues, nace };
}

function checkProfile(p: CarbonProfileData): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const t = p.reduction_target;
  if (t && t.target_year <= t.base_year) issues.push({ loc: ['body', 'reduction_target', 'target_year'], msg: 'must be after base_year', type: 'range' });
  const cats = Object.values(p.scope3_by_category ?? {});
  const sum = cats.reduce((a, b) => a + b, 0);
  if (p.scope3_tco2e != null && cats.length > 0 && sum > p.scope3_tco2e * 1.0001 + 1e-9) {
    issues.push({ loc: ['body', 'scope3_tco2e'], msg: `must be at least the sum of scope3_by_category (${sum})`, type: 'range' });
  }
  return issues;
}

/** Planned projects with every optional field present (null or empty), as both the API and matching read them. */
function plannedProjects(p: CarbonProfileData) {
  return (p.planned_projects ?? []).map((x) => ({ title: x.title, description: x.description ?? null, capex_eur: x.capex_eur ?? null, topics: x.topics ?? [] }));
}

export function profileOut(companyId: string, row: { profile: CarbonProfileData; updatedAt: Date } | null) {
  const p = row?.profile ?? {};
  const scope2 = p.scope2_market_tco2e ?? p.scope2_location_tco2e ?? null;
  const parts = [p.scope1_tco2e, scope2, p.scope3_tco2e].filter((v): v is number => typeof v === 'number');
  return {
    company_id: companyId,
    reporting_year: p.reporting_year ?? null,
    scope1_tco2e: p.scope1_tco2e ?? null,
    scope2_location_tco2e: p.scope2_location_tco2e ?? null,
    scope2_market_tco2e: p.scope2_market_tco2e ?? null,
    scope3_tco2e: p.scope3_tco2e ?? null,
    scope3_by_category: p.scope3_by_category ?? null,
    energy_consumption_mwh: p.energy_consumption_mwh ?? null,
    reduction_target: p.reduction_target ?? null,
    planned_projects: plannedProjects(p),
    total_tco2e: parts.length ? parts.reduce((a, b) => a + b, 0) : null,
    updated_at: row ? row.updatedAt.toISOString() : null,
  };
}

export function createCompaniesService(deps: { database: Database }) {
  const { database } = deps;
  const inTenant = <T>(p: TenantPrincipal, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(database, p.tenant.id, fn);

  return {
    async create(p: TenantPrincipal, body: CompanyBody) {
      const { issues, nace } = checkCompany(body, null);
      if (issues.length) throw validationError(issues);
      const row = await inTenant(p, (tx) =>
        repo.insertCompany(tx, p.tenant.id, {
          name: body.name,
          country: body.country,
          region: body.region ?? null,
          naceCode: nace ?? body.nace_code,
          employees: body.employees,
          turnoverEur: body.turnover_eur ?? null,
          balanceSheetEur: body.balance_sheet_eur ?? null,
          foundedYear: body.founded_year ?? null,
          description: body.description ?? null,
          website: body.website ?? null,
        }),
      );
      return toOut(row);
    },

    async list(p: TenantPrincipal, q: PageQuery & { q?: string; country?: string }) {
      const { items, total } = await inTenant(p, (tx) => repo.listCompanies(tx, { offset: pageOffset(q), limit: q.page_size, q: q.q, country: q.country }));
      return pageOf(items.map(toOut), total, q);
    },

    async get(p: TenantPrincipal, id: string) {
      const row = await inTenant(p, (tx) => repo.getCompany(tx, id));
      if (!row) throw notFound('Company');
      return toOut(row);
    },

    async update(p: TenantPrincipal, id: string, body: CompanyPatch) {
      const row = await inTenant(p, async (tx) => {
        const current = await repo.getCompany(tx, id);
        if (!current) throw notFound('Company');
        const { issues, nace } = checkCompany(body, current);
        if (issues.length) throw validationError(issues);
        return repo.updateCompany(tx, id, {
          name: body.name,
          country: body.country,
          region: body.region,
          naceCode: nace,
          employees: body.employees,
          turnoverEur: body.turnover_eur,
          balanceSheetEur: body.balance_sheet_eur,
          foundedYear: body.founded_year,
          description: body.description,
          website: body.website,
        });
      });
      if (!row) throw notFound('Company');
      return toOut(row);
    },

    async remove(p: TenantPrincipal, id: string): Promise<void> {
      const deleted = await inTenant(p, (tx) => repo.deleteCompany(tx, id));
      if (!deleted) throw notFound('Company');
    },

    async getProfile(p: TenantPrincipal, companyId: string) {
      return inTenant(p, async (tx) => {
        if (!(await repo.getCompany(tx, companyId))) throw notFound('Company');
        return profileOut(companyId, await repo.getProfile(tx, companyId));
      });
    },

    async putProfile(p: TenantPrincipal, companyId: string, body: CarbonProfileData) {
      const issues = checkProfile(body);
      if (issues.length) throw validationError(issues);
      return inTenant(p, async (tx) => {
        if (!(await repo.getCompany(tx, companyId))) throw notFound('Company');
        return profileOut(companyId, await repo.putProfile(tx, p.tenant.id, companyId, body));
      });
    },

    /** Applies `change` to the stored profile in one transaction (read, modify, write). */
    async updateProfile(p: TenantPrincipal, companyId: string, change: (current: CarbonProfileData) => CarbonProfileData) {
      return inTenant(p, async (tx) => {
        if (!(await repo.getCompany(tx, companyId))) throw notFound('Company');
        const current = (await repo.getProfile(tx, companyId))?.profile ?? {};
        return profileOut(companyId, await repo.putProfile(tx, p.tenant.id, companyId, change(current)));
      });
    },

    /** What the matching engine needs about a company, or null when the tenant has no such company. */
    async matchingInput(p: TenantPrincipal, companyId: string): Promise<{ company: CompanyInput; profile: CarbonProfile | null } | null> {
      return inTenant(p, async (tx) => {
        const c = await repo.getCompany(tx, companyId);
        if (!c) return null;
        const profile = (await repo.getProfile(tx, companyId))?.profile ?? null;
        return {
          company: {
            name: c.name,
            country: c.country,
            region: c.region,
            nace_code: c.naceCode,
            employees: c.employees,
            turnover_eur: c.turnoverEur,
            balance_sheet_eur: c.balanceSheetEur,
            description: c.description,
          },
          profile: profile
            ? {
                scope1_tco2e: profile.scope1_tco2e,
                scope2_location_tco2e: profile.scope2_location_tco2e,
                scope2_market_tco2e: profile.scope2_market_tco2e,
                scope3_tco2e: profile.scope3_tco2e,
                energy_consumption_mwh: profile.energy_consumption_mwh,
                reduction_target: profile.reduction_target,
                planned_projects: plannedProjects(profile),
              }
            : null,
        };
      });
    },
  };
}

export type CompaniesService = ReturnType<typeof createCompaniesService>;

export interface FleetTotals {
  assets: number;
  units: number;
  production_kg: number;
  transport_kg: number;
  use_kg: number;
  eol_kg: number;
}

const t = (kg: number) => Math.round(kg) / 1000;

/**
 * Puts a fleet's lifecycle footprint into the carbon profile's scope 3 the way the GHG Protocol
 * books purchased equipment: production and transport as capital goods (category 2), end of life
 * as waste (category 5). The use phase is the company's own electricity, already in scope 2, so
 * it is reported back but not added. Scope 3 moves by the change in those two categories.
 */
export function withFleet(profile: CarbonProfileData, fleet: FleetTotals): CarbonProfileData {
  const cats = { ...(profile.scope3_by_category ?? {}) };
  const before = (cats['2'] ?? 0) + (cats['5'] ?? 0);
  cats['2'] = t(fleet.production_kg + fleet.transport_kg);
  cats['5'] = t(fleet.eol_kg);
  const delta = cats['2'] + cats['5'] - before;
  const categoriesSum = Object.values(cats).reduce((a, b) => a + b, 0);
  const scope3 = profile.scope3_tco2e == null ? categoriesSum : Math.max(categoriesSum, Math.round((profile.scope3_tco2e + delta) * 1000) / 1000);
  return { ...profile, scope3_by_category: cats, scope3_tco2e: scope3 };
}
