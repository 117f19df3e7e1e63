import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/tenancy.ts';
import { assets } from './assets.tables.ts';

export type AssetRow = typeof assets.$inferSelect;
export type NewAsset = typeof assets.$inferInsert;

export async function insertAssets(tx: Tx, values: NewAsset[]): Promise<AssetRow[]> {
  const out: AssetRow[] = [];
  // Chunked: one statement per 500 rows keeps parameter counts far below the protocol's limit.
  for (let i = 0; i < values.length; i += 500) out.push(...(await tx.insert(assets).values(values.slice(i, i + 500)).returning()));
  return out;
}

export async function getAsset(tx: Tx, id: string): Promise<AssetRow | null> {
  const [row] = await tx.select().from(assets).where(eq(assets.id, id)).limit(1);
  return row ?? null;
}

export async function updateAsset(tx: Tx, id: string, values: Partial<NewAsset>): Promise<AssetRow | null> {
  const [row] = await tx.update(assets).set({ ...values, updatedAt: sql`now()` }).where(eq(assets.id, id)).returning();
  return row ?? null;
}

/** Every asset the transaction's tenant can see (RLS), oldest first. */
export async function allAssets(tx: Tx): Promise<AssetRow[]> {
  return tx.select().from(assets).orderBy(assets.createdAt, assets.id);
}

/** What a recompute changes: the computed footprint columns. */
export type FootprintColumns = Pick<NewAsset, 'category' | 'productId' | 'result' | 'method' | 'unitKgCo2e' | 'totalKgCo2e' | 'productionKg' | 'transportKg' | 'useKg' | 'eolKg'>;

/** Many assets' footprint columns, 500 rows per statement (one UPDATE … FROM VALUES each). */
export async function updateFootprints(tx: Tx, rows: Array<{ id: string; values: FootprintColumns }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows.slice(i, i + 500).map(
        ({ id, values: v }) =>
          sql`(${id}::uuid, ${v.category}, ${v.productId ?? null}::uuid, ${JSON.stringify(v.result)}::jsonb, ${v.method}, ${v.unitKgCo2e}::float8, ${v.totalKgCo2e}::float8, ${v.productionKg}::float8, ${v.transportKg}::float8, ${v.useKg}::float8, ${v.eolKg}::float8)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`
      update assets a set category = v.category, product_id = v.product_id, result = v.result, method = v.method,
        unit_kg_co2e = v.unit, total_kg_co2e = v.total, production_kg = v.production, transport_kg = v.transport,
        use_kg = v.use_kg, eol_kg = v.eol, updated_at = now()
      from (values ${values}) as v(id, category, product_id, result, method, unit, total, production, transport, use_kg, eol)
      where a.id = v.id`);
  }
}

export async function deleteAsset(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(assets).where(eq(assets.id, id)).returning({ id: assets.id });
  return rows.length > 0;
}

export interface AssetFilter {
  category?: string;
  method?: string;
  q?: string;
}

function whereOf(f: AssetFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.category) parts.push(eq(assets.category, f.category));
  if (f.method) parts.push(eq(assets.method, f.method));
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(assets.name, like), ilike(assets.externalId, like), ilike(assets.location, like)));
  }
  return parts.length > 0 ? and(...parts) : undefined;
}

export async function listAssets(tx: Tx, f: AssetFilter, offset: number, limit: number) {
  const where = whereOf(f);
  const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(assets).where(where);
  const items = await tx.select().from(assets).where(where).orderBy(desc(assets.createdAt), assets.id).offset(offset).limit(limit);
  return { items, total: Number(total?.n ?? 0) };
}

export interface Totals {
  key: string;
  assets: number;
  units: number;
  total_kg_co2e: number;
  production_kg: number;
  transport_kg: number;
  use_kg: number;
  eol_kg: number;
}

/** Fleet totals grouped by a column (category or method); phase columns already hold unit × quantity. */
export async function totalsBy(tx: Tx, column: 'category' | 'method' | 'methodology'): Promise<Totals[]> {
  // The model version each stored result was computed with (results are kept, never recomputed on read).
  const col = column === 'category' ? assets.category : column === 'method' ? assets.method : sql<string>`coalesce(${assets.result}->>'methodology_version', 'unknown')`;
  const rows = await tx
    .select({
      key: col,
      assets: sql<number>`count(*)::int`,
      units: sql<number>`coalesce(sum(${assets.quantity}), 0)::int`,
      total_kg_co2e: sql<number>`coalesce(sum(${assets.totalKgCo2e}), 0)::float8`,
      production_kg: sql<number>`coalesce(sum(${assets.productionKg}), 0)::float8`,
      transport_kg: sql<number>`coalesce(sum(${assets.transportKg}), 0)::float8`,
      use_kg: sql<number>`coalesce(sum(${assets.useKg}), 0)::float8`,
      eol_kg: sql<number>`coalesce(sum(${assets.eolKg}), 0)::float8`,
    })
    .from(assets)
    .groupBy(col)
    .orderBy(col);
  return rows.map((r) => ({ ...r, assets: Number(r.assets), units: Number(r.units), total_kg_co2e: Number(r.total_kg_co2e), production_kg: Number(r.production_kg), transport_kg: Number(r.transport_kg), use_kg: Number(r.use_kg), eol_kg: Number(r.eol_kg) }));
}
