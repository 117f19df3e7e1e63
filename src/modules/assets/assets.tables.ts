import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A tenant's IT fleet: each asset keeps the footprint computed for it and how it was computed. */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    productId: uuid('product_id'),
    quantity: integer('quantity').notNull().default(1),
    /** The footprint request the asset was computed from (product, specs, usage). */
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    /** The footprint result for one unit. */
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    method: text('method').notNull(),
    unitKgCo2e: doublePrecision('unit_kg_co2e').notNull(),
    totalKgCo2e: doublePrecision('total_kg_co2e').notNull(),
    productionKg: doublePrecision('production_kg').notNull(),
    transportKg: doublePrecision('transport_kg').notNull(),
    useKg: doublePrecision('use_kg').notNull(),
    eolKg: doublePrecision('eol_kg').notNull(),
    location: text('location'),
    acquiredOn: text('acquired_on'),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assets_tenant_category_idx').on(t.tenantId, t.category), index('assets_tenant_created_idx').on(t.tenantId, t.createdAt)],
);
