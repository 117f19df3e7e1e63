/**
 * The estimator alone, in process: µs per estimate() for typical requests, each request
 * with a weight no earlier call had (so nothing outside the model can be reused).
 *
 *   npx tsx bench/footprint-estimate.ts
 *
 * The machine is shared, so the same run also times a reference operation of similar size
 * (JSON round trip of the request) and reports each estimate as a multiple of it.
 */
import { estimate } from '../src/modules/footprint/model/estimator.ts';
import type { EstimateInput } from '../src/modules/footprint/model/types.ts';
import { saveResults } from './lib.ts';

const CALLS = 100_000;
const ROUNDS = 5;

const CASES: Array<{ name: string; input: EstimateInput }> = [
  { name: 'Dell laptop, full specs and kWh', input: { category: 'laptop', brand: 'Dell', model: 'Latitude 5440', specs: { year: 2023, screen_size_in: 14, weight_kg: 1.4 }, usage: { country: 'DE', yearly_kwh: 20 } } },
  { name: 'Dell laptop, no kWh (imputed)', input: { category: 'laptop', brand: 'Dell', specs: { year: 2023, screen_size_in: 14, weight_kg: 1.4 }, usage: { country: 'PL' } } },
  { name: 'laptop without brand (7-brand average)', input: { category: 'laptop', specs: { year: 2023, screen_size_in: 14, weight_kg: 1.4 }, usage: { country: 'PL' } } },
  { name: 'monitor without brand (5-brand average)', input: { category: 'monitor', specs: { screen_size_in: 27, weight_kg: 5 }, usage: { country: 'FR' } } },
  { name: 'server, category only', input: { category: 'server', specs: { weight_kg: 20 } } },
];

/** Median over `rounds` of µs per call of fn(i), i = 0 … CALLS − 1. */
function time(fn: (i: number) => unknown, rounds = ROUNDS): number {
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < CALLS; i++) fn(i);
    perRound.push(((performance.now() - t) * 1000) / CALLS);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(rounds / 2)] ?? NaN;
}

const withWeight = (input: EstimateInput, i: number): EstimateInput => ({
  ...input,
  specs: { ...input.specs, weight_kg: (input.specs?.weight_kg ?? 2) * (1 + (i % 10_000) / 1_000_000) },
});

// Warm-up: JIT and the estimator's per-category caches.
for (const c of CASES) time((i) => estimate(withWeight(c.input, i)), 1);

const reference = time((i) => JSON.parse(JSON.stringify(withWeight(CASES[0]?.input ?? { category: 'laptop' }, i))));
const rows = CASES.map((c) => {
  const us = time((i) => estimate(withWeight(c.input, i)));
  return { name: c.name, us_per_estimate: Math.round(us * 100) / 100, vs_json_round_trip: Math.round((us / reference) * 100) / 100 };
});

console.log(`reference: JSON round trip of a request ${reference.toFixed(2)} µs`);
for (const r of rows) console.log(`${r.name.padEnd(42)} ${r.us_per_estimate.toFixed(2).padStart(7)} µs  (${r.vs_json_round_trip}× reference)`);
const file = saveResults('footprint-estimate', { at: new Date().toISOString(), calls_per_round: CALLS, rounds: ROUNDS, reference_json_round_trip_us: Math.round(reference * 100) / 100, cases: rows });
console.log(`saved ${file}`);
