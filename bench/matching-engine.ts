/**
 * Matching-engine latency on a synthetic 10,000-programme catalogue (measures, never asserts).
 *
 *   npx tsx bench/matching-engine.ts [programmes=10000] [runs=300]
 *
 * The catalogue is the 82 seed programmes cloned with seeded-random countries (weighted so
 * about a third are EU-wide or German, as a real catalogue skews to big markets), size sets,
 * NACE rules, regions, statuses, amounts and shuffled text, so eligibility and relevance do
 * realistic work. Catalogue preparation (rules, lexicon, BM25 index) is timed separately: it
 * happens once per catalogue load, not per match. Saves bench/results/matching-engine.json.
 */
import { performance } from 'node:perf_hooks';
import { loadSeedProgrammes } from '../src/modules/grants/programmes-seed.ts';
import { matchCompany, prepareCatalogue } from '../src/modules/matching/match-engine.ts';
import type { CarbonProfile, CompanyInput, Programme } from '../src/modules/matching/programme-types.ts';
import { rng } from '../scripts/lib/stats.ts';
import { saveResults } from './lib.ts';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 300);


function synthetic(n: number): Programme[] {
  const seed = loadSeedProgrammes();
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const countries = ['EU', 'EU', 'DE', 'DE', 'FR', 'NL', 'IT', 'ES', 'AT', 'BE', 'SE', 'DK', 'FI', 'PL', 'IE', 'CZ', 'PT', 'GR', 'NO', 'CH', 'GB', 'LU', 'SI', 'HR'];
  const sizeSets = [['micro', 'small', 'medium', 'large'], ['micro', 'small', 'medium'], ['micro', 'small'], ['medium', 'large']] as const;
  const nace = [[], [], [], ['C'], ['B', 'C'], ['A'], ['C', 'D', 'E'], ['10', '11'], ['49', '52']];
  const words = seed.flatMap((p) => p.summary.split(' '));
  const out: Programme[] = [];
  for (let i = 0; i < n; i++) {
    const base = seed[i % seed.length] as Programme;
    const country = pick(countries);
    const extra = Array.from({ length: 12 }, () => pick(words)).join(' ');
    out.push({
      ...base,
      id: `${base.id}-syn-${i}`,
      countries: [country],
      also_open_to: country === 'EU' && r() < 0.5 ? ['NO', 'IS', 'LI'] : [],
      regions: country === 'BE' ? [pick(['BE-VLG', 'BE-WAL'])] : country === 'FR' && r() < 0.3 ? ['FR-IDF'] : [],
      eligible_company_sizes: [...pick(sizeSets)],
      eligible_nace: [...pick(nace)],
      excluded_nace: r() < 0.05 ? ['K'] : [],
      status: pick(['open', 'rolling', 'rolling', 'upcoming', 'closed'] as const),
      min_amount_eur: r() < 0.2 ? Math.round(r() * 500_000) : null,
      max_amount_eur: r() < 0.4 ? Math.round(r() * 5_000_000) : null,
      summary: `${base.summary} ${extra}`,
    });
  }
  return out;
}

const company: CompanyInput = { name: 'Bäckerei Müller GmbH', country: 'DE', nace_code: '10.71', employees: 35, turnover_eur: 4_000_000 };
const profile: CarbonProfile = {
  scope1_tco2e: 180,
  scope2_market_tco2e: 90,
  planned_projects: [
    { title: 'Electric baking oven', description: 'Replacing a gas oven with an electric one', capex_eur: 180_000 },
    { title: 'Rooftop PV', description: 'Adding rooftop PV', capex_eur: 120_000 },
  ],
};

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round((sorted[i] ?? 0) * 1000) / 1000;
}

function run(label: string, includeIneligible: boolean, catalogue: ReturnType<typeof prepareCatalogue>): Record<string, number | string> {
  for (let i = 0; i < 20; i++) matchCompany(company, profile, catalogue, { today: '2026-11-23', includeIneligible });
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    items = matchCompany(company, profile, catalogue, { today: '2026-11-23', includeIneligible }).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const res = { label, runs: RUNS, items_returned: items, p50_ms: quantile(times, 0.5), p95_ms: quantile(times, 0.95), p99_ms: quantile(times, 0.99), max_ms: quantile(times, 1) };
  console.log(`${label.padEnd(28)} items ${String(items).padStart(6)}  p50 ${res.p50_ms} ms  p95 ${res.p95_ms} ms  p99 ${res.p99_ms} ms`);
  return res;
}

const programmes = synthetic(N);
const t0 = performance.now();
const catalogue = prepareCatalogue(programmes);
const prepareMs = Math.round((performance.now() - t0) * 10) / 10;
console.log(`synthetic catalogue: ${N} programmes, prepared once in ${prepareMs} ms`);
const results = {
  node: process.version,
  programmes: N,
  prepare_catalogue_ms: prepareMs,
  default: run('eligible + possibly eligible', false, catalogue),
  include_ineligible: run('include_ineligible', true, catalogue),
};
console.log(`saved ${saveResults('matching-engine', results)}`);
