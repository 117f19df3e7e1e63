import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { matchRuns, matches, type CriterionOut } from './matching.tables.ts';

export type MatchRow = typeof matches.$inferSelect;
export type MatchStatus = 'new' | 'saved' | 'dismissed';

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

/** Postgres array literal, sent as one parameter however long the list (uuids and integers only). */
const arrayLiteral = (xs: readonly (number | string)[]) => `{${xs.join(',')}}`;

/**
 * A fingerprint of everything a user sees of a match (score, eligibility, criteria, explanation):
 * two 32-bit FNV-1a hashes of its fields, 64 bits in all. Computed for every match of every run
 * (a JSON.stringify + md5 per match cost ~6 ms per 1,000 matches); a collision would only leave
 * one match's text unrefreshed until its next change.
 */
function contentHash(v: MatchValues): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ 0x1f, 0x01000193);
    b = Math.imul(b ^ 0x1f, 0x5bd1e995);
  };
  mix(`${v.score}|${v.eligible}|${v.eligibility}`);
  for (const list of [v.matchedCriteria, v.failedCriteria, v.unknownCriteria]) {
    for (const c of list) {
      mix(c.criterion);
      mix(c.detail);
    }
    mix('|');
  }
  mix(v.explanation);
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36);
}

const KEPT_COLUMNS = { id: matches.id, grantId: matches.grantId, status: matches.status, contentHash: matches.contentHash, lastRunId: matches.lastRunId, createdAt: matches.createdAt, updatedAt: matches.updatedAt };

/**
 * Stores a run's results. Re-runs mostly find what they found before, so only new or changed
 * matches are written (their `updated_at` says when they last changed), found by a content hash
 * against one narrow read of the company's matches. They travel as one JSON parameter: a VALUES
 * list needs 12 parameters a match, past the 65,535 limit at ~5,400 matches, and building it
 * costs more than the database's work. The user's status survives; stale unreviewed matches are
 * removed; the run keeps its ordered match ids for stream replay.
 */
export async function storeRun(tx: Tx, tenantId: string, companyId: string, includeIneligible: boolean, values: MatchValues[]) {
  const runId = randomUUID();
  const existing = new Map((await tx.select(KEPT_COLUMNS).from(matches).where(eq(matches.companyId, companyId))).map((m) => [m.grantId, m]));
  const hashes = values.map(contentHash);
  const changed = values.flatMap((v, i) => (existing.get(v.grantId)?.contentHash === hashes[i] ? [] : [{ v, hash: hashes[i] }]));
  if (changed.length > 0) {
    const payload = JSON.stringify(
      changed.map(({ v, hash }) => ({
        grant_id: v.grantId,
        score: v.score,
        eligible: v.eligible,
        eligibility: v.eligibility,
        matched_criteria: v.matchedCriteria,
        failed_criteria: v.failedCriteria,
        unknown_criteria: v.unknownCriteria,
        explanation: v.explanation,
        content_hash: hash,
      })),
    );
    const written = await queryRows<{ id: string; grant_id: number; status: MatchStatus; content_hash: string; last_run_id: string; created_at: string | Date; updated_at: string | Date }>(tx, sql`
      insert into matches (tenant_id, company_id, grant_id, score, eligible, eligibility, matched_criteria, failed_criteria, unknown_criteria, explanation, content_hash, last_run_id, updated_at)
      select ${tenantId}::uuid, ${companyId}::uuid, x.grant_id, x.score, x.eligible, x.eligibility, x.matched_criteria, x.failed_criteria, x.unknown_criteria, x.explanation, x.content_hash, ${runId}::uuid, now()
      from jsonb_to_recordset(${payload}::jsonb) as x(grant_id integer, score double precision, eligible boolean, eligibility text,
        matched_criteria jsonb, failed_criteria jsonb, unknown_criteria jsonb, explanation text, content_hash text)
      on conflict (tenant_id, company_id, grant_id) do update set
        score = excluded.score, eligible = excluded.eligible, eligibility = excluded.eligibility,
        matched_criteria = excluded.matched_criteria, failed_criteria = excluded.failed_criteria,
        unknown_criteria = excluded.unknown_criteria, explanation = excluded.explanation,
        content_hash = excluded.content_hash, last_run_id = excluded.last_run_id, updated_at = excluded.updated_at
      returning id, grant_id, status, content_hash, last_run_id, created_at, updated_at`);
    for (const r of written) {
      existing.set(r.grant_id, {
        id: r.id,
        grantId: r.grant_id,
        status: r.status,
        contentHash: r.content_hash,
        lastRunId: r.last_run_id,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
      });
    }
  }
  // A programme that no longer appears loses its match, unless the user saved or dismissed it.
  const found = new Set(values.map((v) => v.grantId));
  const stale = [...existing.values()].filter((m) => !found.has(m.grantId) && m.status === 'new').map((m) => m.id);
  if (stale.length > 0) await tx.execute(sql`delete from matches where id = any(${arrayLiteral(stale)}::uuid[])`);
  // The content is what this run computed (just written, or equal to what was stored).
  const ordered: MatchRow[] = [];
  for (const v of values) {
    const m = existing.get(v.grantId);
    if (m) ordered.push({ ...v, ...m, tenantId, companyId });
  }
  await tx.insert(matchRuns).values({ id: runId, tenantId, companyId, includeIneligible, matchIds: ordered.map((m) => m.id) });
  return { runId, matches: ordered };
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
