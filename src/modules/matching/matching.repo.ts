import { and, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/tenancy.ts';
import { matchRuns, matches, type CriterionOut } from './matching.tables.ts';

export type MatchRow = typeof matches.$inferSelect;
export type MatchStatus = 'new' | 'saved' | 'dismissed';

const UPSERT_CHUNK = 2_000;

export interface MatchValues {
  grantId: number;
  score: number;
  eligible: boolean;
  eligibility: 'eligible' | 'unknown' | 'ineligible';
  matchedCriteria: CriterionOut[];
  failedCriteria: CriterionOut[];
  unknownCriteria: CriterionOut[];
  explanation: string;
}

/**
 * Stores a run's results: one upsert for all matches (the user's status survives), stale
 * unreviewed matches removed, and the run's ordered match ids kept for stream replay.
 */
export async function storeRun(tx: Tx, tenantId: string, companyId: string, includeIneligible: boolean, values: MatchValues[]) {
  const [run] = await tx.insert(matchRuns).values({ tenantId, companyId, includeIneligible, matchIds: [] }).returning({ id: matchRuns.id });
  if (!run) throw new Error('match run insert returned nothing');
  const now = new Date();
  const stored: MatchRow[] = [];
  // A statement takes at most 65,535 parameters (12 a row here): a run over a large catalogue
  // with include_ineligible is stored in chunks, all in the caller's one transaction.
  for (let i = 0; i < values.length; i += UPSERT_CHUNK) {
    const rows = await tx
      .insert(matches)
      .values(values.slice(i, i + UPSERT_CHUNK).map((v) => ({ ...v, tenantId, companyId, lastRunId: run.id, updatedAt: now })))
      .onConflictDoUpdate({
        target: [matches.tenantId, matches.companyId, matches.grantId],
        set: {
          score: sql`excluded.score`,
          eligible: sql`excluded.eligible`,
          eligibility: sql`excluded.eligibility`,
          matchedCriteria: sql`excluded.matched_criteria`,
          failedCriteria: sql`excluded.failed_criteria`,
          unknownCriteria: sql`excluded.unknown_criteria`,
          explanation: sql`excluded.explanation`,
          lastRunId: sql`excluded.last_run_id`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .returning();
    stored.push(...rows);
  }
  const byGrant = new Map(stored.map((m) => [m.grantId, m]));
  const ordered = values.map((v) => byGrant.get(v.grantId)).filter((m): m is MatchRow => m !== undefined);
  // A programme that no longer appears loses its match, unless the user saved or dismissed it.
  // Every match of this run now carries its id, so the stale ones are those of earlier runs
  // (no list of ids to send, however large the run).
  const keep = ordered.map((m) => m.id);
  await tx.delete(matches).where(and(eq(matches.companyId, companyId), eq(matches.status, 'new'), ne(matches.lastRunId, run.id)));
  await tx.update(matchRuns).set({ matchIds: keep }).where(eq(matchRuns.id, run.id));
  return { runId: run.id, matches: ordered };
}

export async function getRun(tx: Tx, runId: string) {
  const [row] = await tx.select().from(matchRuns).where(eq(matchRuns.id, runId)).limit(1);
  return row ?? null;
}

export async function getMatchesByIds(tx: Tx, ids: string[]): Promise<MatchRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(matches).where(inArray(matches.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((m): m is MatchRow => m !== undefined);
}

export async function listMatches(tx: Tx, opts: { companyId?: string; status?: MatchStatus; eligible?: boolean; offset: number; limit: number }) {
  const filters: SQL[] = [];
  if (opts.companyId) filters.push(eq(matches.companyId, opts.companyId));
  if (opts.status) filters.push(eq(matches.status, opts.status));
  if (opts.eligible !== undefined) filters.push(eq(matches.eligible, opts.eligible));
  const where = filters.length ? and(...filters) : undefined;
  const [total] = await tx.select({ n: count() }).from(matches).where(where);
  const items = await tx.select().from(matches).where(where).orderBy(desc(matches.score), matches.grantId).offset(opts.offset).limit(opts.limit);
  return { items, total: Number(total?.n ?? 0) };
}

export async function getMatch(tx: Tx, id: string): Promise<MatchRow | null> {
  const [row] = await tx.select().from(matches).where(eq(matches.id, id)).limit(1);
  return row ?? null;
}

export async function setStatus(tx: Tx, id: string, status: MatchStatus): Promise<MatchRow | null> {
  const [row] = await tx.update(matches).set({ status, updatedAt: new Date() }).where(eq(matches.id, id)).returning();
  return row ?? null;
}
