import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/tenancy.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import type { GrantRow, GrantValues } from './grant-record.ts';
import { grants } from './grants.tables.ts';
import { archivedIdsStatement, operandPostingsStatement, rankEachStatement, rankStatement, textMatchStatement, tsqueryTextStatement } from './grants-search.sql.ts';

/** The catalogue is written by operators only: every function here runs in withSystem. */

export type GrantRef = { id: number } | { slug: string };

const refWhere = (ref: GrantRef): SQL => ('id' in ref ? eq(grants.id, ref.id) : eq(grants.slug, ref.slug));

export async function findGrant(tx: Tx, ref: GrantRef, opts: { forUpdate?: boolean; includeArchived?: boolean } = {}): Promise<GrantRow | null> {
  const q = tx.select().from(grants).where(and(refWhere(ref), opts.includeArchived ? undefined : isNull(grants.archivedAt)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function slugTaken(tx: Tx, slug: string, exceptId?: number): Promise<boolean> {
  const [row] = await tx.select({ id: grants.id }).from(grants).where(eq(grants.slug, slug));
  return row !== undefined && row.id !== exceptId;
}

export async function insertGrant(tx: Tx, values: GrantValues): Promise<GrantRow> {
  const [row] = await tx.insert(grants).values(values).returning();
  if (!row) throw new Error('grant insert returned nothing');
  return row;
}

export async function updateGrant(tx: Tx, id: number, values: Partial<GrantValues>): Promise<GrantRow> {
  const [row] = await tx.update(grants).set({ ...values, updatedAt: new Date() }).where(eq(grants.id, id)).returning();
  if (!row) throw new Error('grant update returned nothing');
  return row;
}

export async function archiveGrant(tx: Tx, id: number): Promise<void> {
  await tx.update(grants).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(grants.id, id));
}

/** Inserts missing slugs only (seeding); returns how many were inserted. */
export async function insertMissing(tx: Tx, values: GrantValues[]): Promise<number> {
  if (values.length === 0) return 0;
  const rows = await tx.insert(grants).values(values).onConflictDoNothing({ target: grants.slug }).returning({ id: grants.id });
  return rows.length;
}

const UPSERT_SET = Object.fromEntries(
  (
    [
      'title', 'funder', 'funder_type', 'countries', 'also_open_to', 'regions', 'funding_type', 'topics', 'eligible_company_sizes',
      'eligible_nace', 'excluded_nace', 'min_amount_eur', 'max_amount_eur', 'amount_local', 'funding_rate_pct', 'opens_at',
      'closes_at', 'status', 'status_as_of', 'url', 'summary', 'eligibility_notes', 'source_confidence', 'source_urls',
    ] as const
  ).map((c) => [c, sql.raw(`excluded.${c}`)]),
);

/**
 * Upsert by slug; an archived programme that comes back in an import is restored (the import is
 * the catalogue's source of truth). `inserted` relies on xmax = 0 for a row this statement created.
 */
export async function upsertGrants(tx: Tx, values: GrantValues[]): Promise<{ id: number; slug: string; inserted: boolean }[]> {
  if (values.length === 0) return [];
  return tx
    .insert(grants)
    .values(values)
    .onConflictDoUpdate({ target: grants.slug, set: { ...UPSERT_SET, archivedAt: null, updatedAt: sql`now()` } })
    .returning({ id: grants.id, slug: grants.slug, inserted: sql<boolean>`(xmax = 0)` });
}

export async function activeRows(tx: Tx): Promise<GrantRow[]> {
  return tx.select().from(grants).where(isNull(grants.archivedAt)).orderBy(asc(grants.id));
}

export async function hasAnyGrant(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ id: grants.id }).from(grants).limit(1);
  return row !== undefined;
}

/** Ids of the non-archived programmes matching a free-text query. */
export async function textMatchIds(tx: Tx, q: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(tx, textMatchStatement(q));
  return rows.map((r) => Number(r.id));
}

/** ts_rank_cd of each of `ids` for `q` (float4, as Postgres orders them). */
export async function rankIds(tx: Tx, q: string, ids: readonly number[]): Promise<{ id: number; rank: number }[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: number | string; rank: number | string }>(tx, rankStatement(q, ids));
  return rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }));
}

/** The normalised tsquery text of a free-text query ('' when it has no lexeme). */
export async function tsqueryText(tx: Tx, q: string): Promise<string> {
  const [row] = await queryRows<{ q: string | null }>(tx, tsqueryTextStatement(q));
  return row?.q ?? '';
}

/** Ids of the programmes, archived ones included, containing each operand (every operand gets an entry). */
export async function operandPostings(tx: Tx, operands: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(operands.map((o) => [o, []]));
  if (operands.length === 0) return out;
  const rows = await queryRows<{ k: number | string; ids: (number | string)[] }>(tx, operandPostingsStatement(operands));
  for (const r of rows) {
    const op = operands[Number(r.k) - 1];
    if (op !== undefined) out.set(op, r.ids.map(Number));
  }
  return out;
}

/** ts_rank_cd of ids[i] against queries[ks[i] - 1] (float4, as Postgres orders them). */
export async function rankEach(tx: Tx, ids: readonly number[], ks: readonly number[], queries: readonly string[]): Promise<{ id: number; rank: number }[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: number | string; rank: number | string }>(tx, rankEachStatement(ids, ks, queries));
  return rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }));
}

export async function archivedIds(tx: Tx): Promise<number[]> {
  return (await queryRows<{ id: number | string }>(tx, archivedIdsStatement())).map((r) => Number(r.id));
}
