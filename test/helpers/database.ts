import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import { runMigrations } from '../../src/platform/db/migrate.ts';
import { openDatabase, type Database } from '../../src/platform/db/client.ts';
import { queryRows, withSystem } from '../../src/platform/db/tenancy.ts';

let shared: Promise<Database> | null = null;

/** One migrated database per worker: a PGlite loaded from the run's snapshot, or the run's PostgreSQL. */
export function testDatabase(): Promise<Database> {
  shared ??= openMigratedDatabase(20);
  return shared;
}

export const usingPostgres = (): boolean => inject('databaseUrl') !== null;

let counter = 0;
/** A unique suffix so tests sharing one database never collide on names or emails. */
export function unique(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** Creates a tenant directly (the auth flows are tested through HTTP elsewhere). */
export async function createTenant(database: Database, name = unique('tenant')): Promise<string> {
  const [row] = await withSystem(database, (tx) => queryRows<{ id: string }>(tx, sql`insert into tenants (name) values (${name}) returning id`));
  if (!row) throw new Error('tenant insert returned nothing');
  return row.id;
}

/** A migrated database of its own (not the worker's shared one), for tests that close it under an app. */
export function openIsolatedDatabase(): Promise<Database> {
  return openMigratedDatabase(2);
}

/**
 * A freshly migrated database that holds nothing of other tests: a PGlite from the snapshot, or on
 * PostgreSQL a new database (created, migrated, and dropped when closed). For tests that need an
 * empty catalogue or fill one that other tests must not see.
 */
export async function openEmptyDatabase(): Promise<Database> {
  const databaseUrl = inject('databaseUrl');
  if (!databaseUrl) return openMigratedDatabase(2);
  const name = `cc_empty_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: null, poolMax: 4 });
  await runMigrations(database);
  return {
    ...database,
    async close() {
      await database.close();
      const drop = new pg.Client({ connectionString: databaseUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await drop.end();
    },
  };
}

async function openMigratedDatabase(poolMax: number): Promise<Database> {
  const databaseUrl = inject('databaseUrl');
  if (databaseUrl) return openDatabase({ databaseUrl, dataDir: null, poolMax });
  const snapshot = inject('pgliteSnapshot');
  if (!snapshot) throw new Error('global setup did not provide a PGlite snapshot');
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]), extensions: { unaccent } });
  return openDatabase({ databaseUrl: null, dataDir: null, pglite });
}
