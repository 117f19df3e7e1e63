import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Database } from './client.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** Table comments that mark a table's access rule: rows never change once written (audit trail),
 * or the table is reachable only through withSystem (credentials looked up before a tenant is known). */
export const APPEND_ONLY_COMMENT = 'append-only';
export const SYSTEM_ONLY_COMMENT = 'system-only';
/** Readable by tenants, written only through withSystem (public catalogues operators maintain). */
export const SYSTEM_WRITE_COMMENT = 'system-write';

/** What each marker revokes from the application roles (a format() template taking the table). */
const ACCESS_RULES: Record<string, string> = {
  [APPEND_ONLY_COMMENT]: 'revoke update, delete, truncate on %s from app_user, app_system',
  [SYSTEM_ONLY_COMMENT]: 'revoke all on %s from app_user',
  [SYSTEM_WRITE_COMMENT]: 'revoke insert, update, delete, truncate on %s from app_user',
};

/**
 * Runs the committed drizzle-kit migrations, then the invariants every migration relies on:
 * app roles may use every table, every table with a tenant_id column has forced RLS, and
 * append-only tables refuse UPDATE/DELETE to the app roles. Idempotent, and on PostgreSQL
 * serialised with an advisory lock so several instances may start at once.
 */
export async function runMigrations(database: Database): Promise<void> {
  if (database.pglite) {
    const db = drizzlePglite(database.pglite);
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyInvariants(db as unknown as PgDatabase<PgQueryResultHKT>);
    return;
  }
  if (!database.pgPool) throw new Error('database has neither PGlite nor a pool');
  const client = await database.pgPool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', ['carbon-connect:migrations']);
    const db = drizzlePg(client as unknown as pg.Pool);
    await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyInvariants(db as unknown as PgDatabase<PgQueryResultHKT>);
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', ['carbon-connect:migrations']).catch(() => undefined);
    client.release();
  }
}

async function applyInvariants(db: PgDatabase<PgQueryResultHKT>): Promise<void> {
  await db.execute(sql`grant select, insert, update, delete on all tables in schema public to app_user, app_system`);
  await db.execute(sql`grant usage, select on all sequences in schema public to app_user, app_system`);
  await db.execute(sql`
    do $$
    declare t regclass; rule text;
    begin
      for t in
        select c.oid::regclass from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (not c.relrowsecurity or not c.relforcerowsecurity
               or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation'))
      loop
        perform app_enable_tenant_rls(t);
      end loop;
      -- Access rules marked by table comments (see ACCESS_RULES).
      for t, rule in
        select c.oid::regclass, obj_description(c.oid, 'pg_class') from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and obj_description(c.oid, 'pg_class') in (${sql.raw(Object.keys(ACCESS_RULES).map((k) => `'${k}'`).join(', '))})
      loop
        execute format(case rule ${sql.raw(Object.entries(ACCESS_RULES).map(([k, v]) => `when '${k}' then '${v}'`).join(' '))} end, t);
      end loop;
    end
    $$`);
}
