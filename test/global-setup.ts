import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/client.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string | null;
    databaseUrl: string | null;
  }
}

/**
 * Migrates once per run. On PGlite the migrated data directory is dumped to a tarball that every
 * worker loads (no initdb or migrations per worker); on PostgreSQL the target database is migrated
 * in place and workers share it, each test working in tenants of its own.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const databaseUrl = process.env.DATABASE_URL ?? null;
  const database = await openDatabase({ databaseUrl, dataDir: null });
  await runMigrations(database);
  let snapshotDir: string | null = null;
  let snapshot: string | null = null;
  if (database.pglite) {
    snapshotDir = mkdtempSync(path.join(tmpdir(), 'cc-test-'));
    snapshot = path.join(snapshotDir, 'migrated.tar.gz');
    const dump = await database.pglite.dumpDataDir('gzip');
    writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
  }
  await database.close();
  project.provide('pgliteSnapshot', snapshot);
  project.provide('databaseUrl', databaseUrl);
  return () => {
    if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  };
}
