/**
 * POST /matches/run over HTTP on a 10,000-programme catalogue: the engine plus what the route
 * adds (company and carbon profile reads, storing every match in one transaction, serialising).
 * bench/matching-engine.ts times the engine alone.
 *
 *   npx tsx bench/matching-route.ts [runs=100]          (DATABASE_URL=… for PostgreSQL)
 *
 * One request at a time from one client: the latency a user waits for, not a throughput.
 * Saves bench/results/matching-route-<engine>.json.
 */
import { performance } from 'node:perf_hooks';
import { OPERATOR, loadCatalogue } from './grants.ts';
import { saveResults, startBenchServer } from './lib.ts';

const RUNS = Number(process.argv[2] ?? 100);

const server = await startBenchServer({ OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password });
const base = `http://127.0.0.1:${server.ports.app}`;
try {
  const imported = await loadCatalogue(base, Number(process.env.BENCH_GRANTS ?? 10_000));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.jwt}` };
  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id?: string; items?: unknown[] };
  };
  const company = await post('/companies', { name: 'Bäckerei Müller GmbH', country: 'DE', region: 'DE-BY', nace_code: '10.71', employees: 35, turnover_eur: 4_000_000 });
  await post(`/companies/${company.id}/carbon-profile`, {
    scope1_tco2e: 180,
    scope2_location_tco2e: 60,
    planned_projects: [
      { title: 'Electric oven', description: 'replacing a gas oven with an electric one', capex_eur: 250_000 },
      { title: 'Rooftop PV', description: 'adding rooftop PV', capex_eur: 80_000 },
    ],
  }, 'PUT');

  const measure = async (includeIneligible: boolean) => {
    const ms: number[] = [];
    let items = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      const t = performance.now();
      const out = await post('/matches/run', { company_id: company.id, include_ineligible: includeIneligible });
      // The first runs insert the matches and warm caches; the rest update them, as re-runs do.
      if (i >= 5) ms.push(performance.now() - t);
      items = out.items?.length ?? 0;
    }
    const s = [...ms].sort((a, b) => a - b);
    const q = (p: number) => Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0) * 10) / 10;
    return { include_ineligible: includeIneligible, items, runs: RUNS, p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99) };
  };
  const results = [await measure(false), await measure(true)];
  console.table(results);
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  console.log(`saved ${saveResults(`matching-route-${engine}`, { at: new Date().toISOString(), engine, programmes_imported: imported, results })}`);
} finally {
  await server.stop();
}
