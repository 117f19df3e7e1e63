/**
 * Wall time of POST /assets/recompute for a fleet of 10,000 assets, on the embedded PGlite
 * (in-memory) or on PostgreSQL when DATABASE_URL is set. In process (app.inject): the time is
 * the request's own, one transaction with one UPDATE per asset. Also times the import that
 * built the fleet, for scale.
 *
 *   npx tsx bench/fleet-recompute.ts
 */
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';
import { benchTenant } from './bench-tenant.ts';
import { medianOf, saveResults } from './lib.ts';

const N = 10_000;
const RUNS = 3;
const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-42', LOG_LEVEL: 'silent' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null });
await runMigrations(database);
const app = await buildApp({ config, database, logger: false });
await app.ready();

const { jwt } = await benchTenant(app, database, { requests_per_minute: 1_000_000, burst: 100_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 }, 'Fleet GmbH');
const auth = { authorization: `Bearer ${jwt}` };

const KINDS = [
  { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } },
  { category: 'monitor', specs: { screen_size_in: 27 }, usage: { country: 'DE' } },
  { category: 'desktop', product: { brand: 'Dell', model: 'OptiPlex 7090' } },
  { category: 'smartphone', specs: { year: 2022 } },
];
// Every asset a different weight, so no two share a memoised answer.
const items = Array.from({ length: N }, (_, i) => {
  const k = KINDS[i % KINDS.length] as { category: string; specs?: Record<string, number> };
  return { ...k, name: `asset ${i}`, specs: { ...k.specs, weight_kg: Math.round((1 + (i % 5000) / 1000) * 1000) / 1000 } };
});
let t = performance.now();
const imported = await app.inject({ method: 'POST', url: '/api/v1/assets/import', headers: auth, payload: { items } });
const importMs = Math.round(performance.now() - t);
if (imported.json<{ created: number }>().created !== N) throw new Error(`import: ${imported.statusCode} ${imported.body.slice(0, 300)}`);

const ms: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  const res = await app.inject({ method: 'POST', url: '/api/v1/assets/recompute', headers: auth });
  ms.push(Math.round(performance.now() - t));
  const body = res.json<{ recomputed: number }>();
  if (body.recomputed !== N) throw new Error(`recompute: ${res.statusCode} ${res.body.slice(0, 300)}`);
}
const result = {
  at: new Date().toISOString(),
  database: config.databaseUrl ? 'postgresql' : 'pglite (in-memory)',
  assets: N,
  import_ms: importMs,
  recompute_ms: ms,
  recompute_median_ms: medianOf(ms),
};
console.log(result);
console.log(`saved ${saveResults(config.databaseUrl ? 'fleet-recompute-postgres' : 'fleet-recompute', result)}`);
await app.close();
