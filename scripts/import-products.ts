import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../src/config.ts';
import { importCatalogue } from '../src/modules/products/catalogue-import.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { lockDataDir } from '../src/platform/db/data-dir-lock.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

/**
 * `npm run import:products -- <file.csv>`: imports manufacturer-declared footprints into the
 * global catalogue of DATABASE_URL (or DATA_DIR). Prints the report as JSON: rejected rows with
 * their CSV row number and reason. Re-importing the same file changes nothing. Running servers
 * pick the new catalogue up through NOTIFY. Exit code 1 when the file cannot be read or no row
 * could be imported.
 */
try {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) throw new Error('usage: npm run import:products -- <products.csv>');
  const text = await readFile(file, 'utf8');
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database);
    const report = await importCatalogue(database, text, file);
    console.log(JSON.stringify({ ...report, warnings: report.warnings.length, warning_rows: report.warnings }, null, 2));
    console.error(`${report.imported} imported, ${report.unchanged} unchanged, ${report.rejected.length} rejected (dataset ${report.dataset_version})`);
    if (report.imported + report.unchanged === 0) process.exitCode = 1;
  } finally {
    await database.close();
    unlock();
  }
} catch (err) {
  process.stderr.write(`carbon-connect import:products: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
