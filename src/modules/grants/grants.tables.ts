import { customType, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The public programme catalogue (no tenant: everyone may read it; only operators write it).
 * `search` is a stored tsvector kept by a trigger (unaccent is not immutable, so it cannot be a
 * generated column) and indexed with GIN.
 */
export const grants = pgTable(
  'grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    funder: text('funder').notNull(),
    funderType: text('funder_type').notNull(),
    countries: text('countries').array().notNull(),
    alsoOpenTo: text('also_open_to').array().notNull(),
    regions: text('regions').array().notNull(),
    fundingType: text('funding_type').notNull(),
    topics: text('topics').array().notNull(),
    eligibleCompanySizes: text('eligible_company_sizes').array().notNull(),
    eligibleNace: text('eligible_nace').array().notNull(),
    excludedNace: text('excluded_nace').array().notNull(),
    minAmountEur: doublePrecision('min_amount_eur'),
    maxAmountEur: doublePrecision('max_amount_eur'),
    amountLocal: jsonb('amount_local').$type<{ currency: string; min: number | null; max: number | null } | null>(),
    fundingRatePct: doublePrecision('funding_rate_pct'),
    opensAt: date('opens_at'),
    closesAt: date('closes_at'),
    status: text('status').notNull(),
    statusAsOf: text('status_as_of'),
    url: text('url').notNull(),
    summary: text('summary').notNull(),
    eligibilityNotes: text('eligibility_notes').notNull(),
    sourceConfidence: text('source_confidence').notNull(),
    sourceUrls: text('source_urls').array().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    search: tsvector('search'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grants_slug_unique').on(t.slug),
    index('grants_search_idx').using('gin', t.search),
    index('grants_countries_idx').using('gin', t.countries),
    index('grants_topics_idx').using('gin', t.topics),
    index('grants_closes_idx').on(t.closesAt),
  ],
);
