import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id').notNull(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    region: text('region'),
    naceCode: text('nace_code').notNull(),
    employees: integer('employees'),
    turnoverEur: doublePrecision('turnover_eur'),
    balanceSheetEur: doublePrecision('balance_sheet_eur'),
    foundedYear: integer('founded_year'),
    description: text('description'),
    website: text('website'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('companies_tenant_idx').on(t.tenantId, t.createdAt)],
);

export interface CarbonProfileData {
  reporting_year?: number | null;
  scope1_tco2e?: number | null;
  scope2_location_tco2e?: number | null;
  scope2_market_tco2e?: number | null;
  scope3_tco2e?: number | null;
  scope3_by_category?: Record<string, number> | null;
  energy_consumption_mwh?: number | null;
  reduction_target?: { percent: number; base_year: number; target_year: number } | null;
  planned_projects?: { title: string; description?: string | null; capex_eur?: number | null; topics?: string[] | null }[] | null;
}

/** One carbon profile per company, stored whole: it is read and written as a document. */
export const carbonProfiles = pgTable('carbon_profiles', {
  companyId: uuid('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id').notNull(),
  profile: jsonb('profile').$type<CarbonProfileData>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
