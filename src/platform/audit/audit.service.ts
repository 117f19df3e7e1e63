import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/tenancy.ts';
import { auditLog } from './audit.tables.ts';

export type ActorKind = 'user' | 'api_key' | 'operator' | 'system' | 'anonymous';

export interface AuditEvent {
  tenantId: string | null;
  actorKind: ActorKind;
  actorId?: string | null;
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export type AuditEntry = typeof auditLog.$inferSelect;

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type HashedFields = Omit<AuditEntry, 'id' | 'hash'>;

/** An entry's content in wire names: what the hash covers, and (with id and hash) what GET /audit shows. */
function content(e: HashedFields) {
  return {
    tenant_id: e.tenantId,
    seq: e.seq,
    occurred_at: e.occurredAt.toISOString(),
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    action: e.action,
    target_kind: e.targetKind,
    target_id: e.targetId,
    ip: e.ip,
    details: e.details,
    prev_hash: e.prevHash,
  };
}

export function entryHash(e: HashedFields): string {
  return createHash('sha256').update(canonicalJson(content(e))).digest('hex');
}

export function auditEntryOut(e: AuditEntry) {
  return { id: e.id, ...content(e), hash: e.hash };
}

const chainOf = (tenantId: string | null): SQL => (tenantId === null ? isNull(auditLog.tenantId) : eq(auditLog.tenantId, tenantId));

/**
 * Appends to the tenant's chain inside the caller's transaction, so an action and its audit
 * entry commit or roll back together. A transaction-scoped advisory lock per chain serialises
 * writers; the unique (chain, seq) index would reject a fork even without it.
 */
export async function appendAudit(tx: Tx, event: AuditEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${event.tenantId ?? 'platform'}`}))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(chainOf(event.tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const fields: HashedFields = {
    tenantId: event.tenantId,
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date(),
    actorKind: event.actorKind,
    actorId: event.actorId ?? null,
    action: event.action,
    targetKind: event.targetKind ?? null,
    targetId: event.targetId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditLog).values({ ...fields, hash: entryHash(fields) });
}

export async function listAudit(tx: Tx, tenantId: string, opts: { offset: number; limit: number; action?: string }) {
  const where = and(chainOf(tenantId), opts.action ? eq(auditLog.action, opts.action) : undefined);
  const [total] = await tx.select({ n: count() }).from(auditLog).where(where);
  const items = await tx.select().from(auditLog).where(where).orderBy(desc(auditLog.seq)).offset(opts.offset).limit(opts.limit);
  return { items, total: Number(total?.n ?? 0) };
}

export interface ChainVerdict {
  valid: boolean;
  entries_checked: number;
  first_broken: { seq: number; id: number; reason: string } | null;
}

/** Recomputes the whole chain in seq order and names the first entry that does not hold. */
export async function verifyChain(tx: Tx, tenantId: string | null, pageSize = 1_000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(chainOf(tenantId), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      const broken = (reason: string): ChainVerdict => ({ valid: false, entries_checked: checked, first_broken: { seq: row.seq, id: row.id, reason } });
      if (row.seq !== expectedSeq) return broken(`sequence gap: expected ${expectedSeq}`);
      if (row.prevHash !== prevHash) return broken('prev_hash does not match the previous entry');
      if (entryHash(row) !== row.hash) return broken('content does not match its hash');
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) return { valid: true, entries_checked: checked, first_broken: null };
  }
}
