/**
 * `filterCatalogue` (GET /grants filters and facets, in process) on the synthetic
 * 10,000-programme catalogue of bench/grants.ts, against the string-array implementation it
 * replaced, in the same run (measures; only checks that both answer the same).
 *
 *   npx tsx bench/catalogue-filter.ts [ms per target per round = 100] [rounds = 5]
 *
 * The text match is stood in for by the rows whose title or summary contains "heat" (~2,800 of
 * 10,000, what `q=heat pump` hands the filter). Rounds are interleaved and each target keeps its
 * median round: the machine is shared. Saves bench/results/catalogue-filter.json.
 */
import { performance } from 'node:perf_hooks';
import { filterCatalogue, prepareCatalogue, type CatalogueEntry, type FilterResult, type PreparedCatalogue } from '../src/modules/grants/catalogue-filter.ts';
import { catalogueColumns } from '../src/modules/grants/catalogue-columns.ts';
import { parseCriteria, type GrantCriteria } from '../src/modules/grants/grants-filters.ts';
import type { GrantListQuery } from '../src/modules/grants/grants.schemas.ts';
import { PROGRAMME_STATUSES } from '../src/modules/matching/programme-types.ts';
import { referenceFilter } from '../test/grants/reference-filter.ts';
import { syntheticCatalogue } from './grants.ts';
import { medianOf, ratio, saveResults } from './lib.ts';

const MS = Number(process.argv[2] ?? 100);
const ROUNDS = Number(process.argv[3] ?? 5);
const TODAY = '2026-06-01';

// The implementation before the integer columns, the baseline (shared with the property test).
const referenceOn = (prep: PreparedCatalogue, c: GrantCriteria, positions: ArrayLike<number> | null = null): FilterResult =>
  referenceFilter(prep.entries, prep.status, c, positions);

const entries: CatalogueEntry[] = syntheticCatalogue(10_000).map((programme, i) => ({ id: i + 1, programme }));
let t0 = performance.now();
const prep = prepareCatalogue(entries, TODAY);
const prepareMs = performance.now() - t0;
const heat = Int32Array.from(entries.flatMap((e, i) => (`${e.programme.title} ${e.programme.summary}`.toLowerCase().includes('heat') ? [i] : [])));
const criteria = (q: Partial<GrantListQuery>) => parseCriteria({ page: 1, page_size: 20, ...q }, TODAY);

const scenarios = [
  { name: `text (${heat.length} positions) + country=DE + funding_type=grant`, c: criteria({ q: 'heat pump', country: 'DE', funding_type: ['grant'] }), positions: heat },
  { name: 'country=FR + topic=energy_efficiency + company_size=small', c: criteria({ country: 'FR', topic: ['energy_efficiency'], company_size: 'small' }), positions: null },
  { name: 'no filters', c: criteria({}), positions: null },
];
const impls = { columns: filterCatalogue, reference: referenceOn };

for (const s of scenarios) {
  const a = JSON.stringify(filterCatalogue(prep, s.c, s.positions));
  if (a !== JSON.stringify(referenceOn(prep, s.c, s.positions))) throw new Error(`results differ: ${s.name}`);
}

/** µs per call of fn, calling it for about MS milliseconds. */
function timeFor(fn: () => unknown): number {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let j = 0; j < 10; j++) fn();
    calls += 10;
    now = performance.now();
  }
  return ((now - start) * 1000) / calls;
}

const runs = new Map<string, number[]>();
for (let round = 0; round <= ROUNDS; round++) {
  for (const s of scenarios) {
    for (const [impl, fn] of Object.entries(impls)) {
      const us = timeFor(() => fn(prep, s.c, s.positions));
      // Round 0 warms the JIT and the per-criterion row flags; it is not kept.
      if (round > 0) runs.set(`${s.name}|${impl}`, [...(runs.get(`${s.name}|${impl}`) ?? []), us]);
    }
  }
}
const round2 = (x: number) => Math.round(x * 100) / 100;

const results = scenarios.map((s) => {
  const columns = medianOf(runs.get(`${s.name}|columns`) ?? []);
  const reference = medianOf(runs.get(`${s.name}|reference`) ?? []);
  return { scenario: s.name, columns_us: round2(columns), reference_us: round2(reference), speedup: ratio(reference, columns) };
});
console.table(results);
t0 = performance.now();
catalogueColumns(entries.map((e) => e.programme), PROGRAMME_STATUSES);
const columnsMs = performance.now() - t0;
console.log(`prepareCatalogue, first call: ${round2(prepareMs)} ms, of which building the columns (warm): ${round2(columnsMs)} ms`);
const file = saveResults('catalogue-filter', {
  timestamp: new Date().toISOString(),
  node: process.version,
  programmes: entries.length,
  ms_per_target_per_round: MS,
  rounds: ROUNDS,
  prepare_catalogue_ms: round2(prepareMs),
  columns_build_ms: round2(columnsMs),
  results,
});
console.log(`saved ${file}`);
