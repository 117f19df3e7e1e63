import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { lockDataDir } from '../src/platform/db/data-dir-lock.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

/** `npm run migrate`: applies migrations to DATABASE_URL, or to the embedded database in DATA_DIR. */
try {
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database);
    console.log(`migrations applied to ${database.location}`);
  } finally {
    await database.close();
    unlock();
  }
} catch (err) {
  process.stderr.write(`carbon-connect migrate: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
