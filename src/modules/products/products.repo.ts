import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import type { ProductRecord } from './product-types.ts';
import { catalogueImports, products } from './products.tables.ts';

export type ProductRow = typeof products.$inferSelect;

/** Every product, global and private (index build at start): callers run it in withSystem. */
export async function listAllProducts(tx: Tx): Promise<Pick<ProductRow, 'id' | 'tenantId' | 'record' | 'datasetVersion'>[]> {
  return tx.select({ id: products.id, tenantId: products.tenantId, record: products.record, datasetVersion: products.datasetVersion }).from(products);
}

export async function getProduct(tx: Tx, id: string): Promise<ProductRow | null> {
  const [row] = await tx.select().from(products).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

export async function countGlobalProducts(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(products).where(isNull(products.tenantId));
  return Number(row?.n ?? 0);
}

/**
 * Upserts global products by source_key; rows whose content hash is unchanged are left alone.
 * Returns how many rows were inserted or changed (the rest were already up to date).
 */
export async function upsertGlobalProducts(tx: Tx, records: ProductRecord[], datasetVersion: string): Promise<number> {
  let changed = 0;
  for (let i = 0; i < records.length; i += 200) {
    const chunk = records.slice(i, i + 200);
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(null, ${r.source_key}, ${r.brand}, ${r.name}, ${r.category}, ${r.mpn}, ${r.gtin}, ${JSON.stringify(r)}::jsonb, ${r.content_hash}, ${datasetVersion})`,
      ),
      sql`, `,
    );
    // The conflict target is the expression index products_scope_key_unique.
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into products (tenant_id, source_key, brand, name, category, mpn, gtin, record, content_hash, dataset_version)
          values ${values}
          on conflict ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), source_key)
          do update set brand = excluded.brand, name = excluded.name, category = excluded.category, mpn = excluded.mpn,
            gtin = excluded.gtin, record = excluded.record, content_hash = excluded.content_hash,
            dataset_version = excluded.dataset_version, updated_at = now()
          where products.content_hash <> excluded.content_hash
          returning id`,
    );
    changed += rows.length;
  }
  return changed;
}

export async function insertCatalogueImport(tx: Tx, values: typeof catalogueImports.$inferInsert): Promise<void> {
  await tx.insert(catalogueImports).values(values);
}

export async function latestDatasetVersion(tx: Tx): Promise<string | null> {
  const [row] = await tx.select({ v: catalogueImports.datasetVersion }).from(catalogueImports).orderBy(desc(catalogueImports.createdAt)).limit(1);
  return row?.v ?? null;
}

/** A tenant's own products (RLS confines the tenant transaction; the filter drops global rows). */
export async function listPrivateProducts(tx: Tx, offset: number, limit: number) {
  const where = isNotNull(products.tenantId);
  const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(products).where(where);
  const items = await tx.select().from(products).where(where).orderBy(products.createdAt, products.id).offset(offset).limit(limit);
  return { items, total: Number(total?.n ?? 0) };
}

export async function insertPrivateProduct(tx: Tx, tenantId: string, r: ProductRecord): Promise<ProductRow> {
  const [row] = await tx
    .insert(products)
    .values({ tenantId, sourceKey: r.source_key, brand: r.brand, name: r.name, category: r.category, mpn: r.mpn, gtin: r.gtin, record: r, contentHash: r.content_hash })
    .returning();
  if (!row) throw new Error('product insert returned nothing');
  return row;
}

export async function deletePrivateProduct(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(products).where(and(eq(products.id, id), isNotNull(products.tenantId))).returning({ id: products.id });
  return rows.length > 0;
}
