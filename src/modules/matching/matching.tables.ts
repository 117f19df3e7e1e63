import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.tables.ts';

export interface CriterionOut {
  criterion: string;
  detail: string;
}

/** A company's match with one programme; re-running updates it and keeps the user's status. */
export const matches = pgTable(
  'matches',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id').notNull(),
    // Deleting a company deletes its matches with it: integrity the database keeps, not the code.
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    grantId: integer('grant_id').notNull(),
    score: doublePrecision('score').notNull(),
    eligible: boolean('eligible').notNull(),
    eligibility: text('eligibility').$type<'eligible' | 'unknown' | 'ineligible'>().notNull(),
    matchedCriteria: jsonb('matched_criteria').$type<CriterionOut[]>().notNull(),
    failedCriteria: jsonb('failed_criteria').$type<CriterionOut[]>().notNull(),
    unknownCriteria: jsonb('unknown_criteria').$type<CriterionOut[]>().notNull(),
    explanation: text('explanation').notNull(),
    /** Hash of score, eligibility, criteria and explanation: a re-run rewrites only what changed. */
    contentHash: text('content_hash'),
    status: text('status').$type<'new' | 'saved' | 'dismissed'>().notNull().default('new'),
    lastRunId: uuid('last_run_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('matches_company_grant_unique').on(t.tenantId, t.companyId, t.grantId),
    index('matches_company_idx').on(t.tenantId, t.companyId, t.score),
  ],
);

/** A run keeps the ordered match ids it produced, so a stream can be resumed at any event. */
export const matchRuns = pgTable(
  'match_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id').notNull(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    includeIneligible: boolean('include_ineligible').notNull(),
    matchIds: jsonb('match_ids').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('match_runs_company_idx').on(t.tenantId, t.companyId, t.createdAt)],
);
