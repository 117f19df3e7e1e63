import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgTransaction, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';

/** A transaction bound to one tenant (or to the system role); repositories accept only this. */
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in a transaction as app_user with app.tenant_id set, so row-level security confines
 * every statement to that tenant. Both settings are transaction-local: they vanish at commit or
 * rollback, so a pooled connection never carries one tenant's identity into another request.
 */
export async function withTenant<T>(database: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID_RE.test(tenantId)) throw new Error('withTenant needs a tenant uuid');
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/**
 * Runs fn as app_system: deliberately cross-tenant work (login lookup by email, platform
 * operators, background workers). Kept separate from the connection owner so that what the
 * application can do across tenants is a granted, reviewable policy rather than superuser power.
 */
export async function withSystem<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'app_system', true)`);
    return fn(tx);
  });
}

/** Raw SQL rows from either driver (both answer with `.rows`), typed by the caller's expectation. */
export async function queryRows<T>(executor: Pick<Tx, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
