import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { redactUrl } from '../../config.ts';

/** The query builder both drivers share; repositories only ever see this (or a transaction of it). */
export type AppDatabase = PgDatabase<PgQueryResultHKT>;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: AppDatabase;
  readonly engine: Engine;
  /** Where the data lives, without credentials. */
  readonly location: string;
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /** Only for PGlite: the embedded instance (migrations, tests). */
  readonly pglite: PGlite | null;
  readonly pgPool: pg.Pool | null;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string | null;
  poolMax?: number;
  /** A pre-built PGlite (tests load one migrated snapshot per worker). */
  pglite?: PGlite;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolMax ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5_000 });
  // An idle client erroring (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as AppDatabase;
  const location = redactUrl(url);
  let closed = false;
  const database: Database = {
    db,
    engine: 'postgres',
    location,
    pglite: null,
    pgPool: pool,
    async ping(timeoutMs = 2_000) {
      await withTimeout(pool.query('select 1'), timeoutMs, 'database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  try {
    await database.ping(5_000);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${location}: ${reason}`);
  }
  return database;
}

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
    try {
      client = await PGlite.create({ dataDir: opts.dataDir ?? undefined, extensions: { unaccent } });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatabaseUnavailableError(`cannot open the embedded database in ${opts.dataDir ?? 'memory'}: ${reason}`);
    }
  }
  const pglite = client;
  const db = drizzlePglite(pglite) as unknown as AppDatabase;
  let closed = false;
  return {
    db,
    engine: 'pglite',
    location: opts.dataDir ? `pglite:${opts.dataDir}` : 'pglite:memory',
    pglite,
    pgPool: null,
    async ping(timeoutMs = 2_000) {
      if (closed || pglite.closed) throw new DatabaseUnavailableError('embedded database is closed');
      await withTimeout(db.execute(sql`select 1`), timeoutMs, 'database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!pglite.closed) await pglite.close();
    },
  };
}
