import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
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

async function openMigratedDatabase(poolMax: number): Promise<Database> {
  const databaseUrl = inject('databaseUrl');
  if (databaseUrl) return openDatabase({ databaseUrl, dataDir: null, poolMax });
  const snapshot = inject('pgliteSnapshot');
  if (!snapshot) throw new Error('global setup did not provide a PGlite snapshot');
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]), extensions: { unaccent } });
  return openDatabase({ databaseUrl: null, dataDir: null, pglite });
}
