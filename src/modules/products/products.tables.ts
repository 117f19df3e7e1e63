import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ProductRecord } from './product-types.ts';

/**
 * The product catalogue: global rows (tenant_id null, imported from manufacturer PCF data) and
 * a tenant's private products. RLS: the generic tenant policy covers a tenant's own rows; a
 * second, read-only policy (migration) lets every tenant read the global rows.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id'),
    sourceKey: text('source_key').notNull(),
    brand: text('brand').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    mpn: text('mpn'),
    gtin: text('gtin'),
    record: jsonb('record').$type<ProductRecord>().notNull(),
    contentHash: text('content_hash').notNull(),
    datasetVersion: text('dataset_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_scope_key_unique').on(sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.sourceKey),
    index('products_tenant_idx').on(t.tenantId),
    index('products_mpn_idx').on(t.mpn),
    index('products_gtin_idx').on(t.gtin),
  ],
);

/** One row per catalogue import: what the dataset version in every footprint result refers to. */
export const catalogueImports = pgTable('catalogue_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  datasetVersion: text('dataset_version').notNull(),
  source: text('source').notNull(),
  imported: integer('imported').notNull(),
  unchanged: integer('unchanged').notNull(),
  rejected: integer('rejected').notNull(),
  report: jsonb('report').$type<{ row: number; reason: string }[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
