import { benchFootprint } from './footprint.ts';
import { benchPlatform } from './platform.ts';
import { benchGrants } from './grants.ts';
import { saveResults } from './lib.ts';

/** `npm run bench [-- name…]`: each scenario prints its table and writes bench/results/<name>.json. */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scenarios: Record<string, () => Promise<{ measurements: object[]; ratios: Record<string, number>; auth_overhead_us?: object; batch_10k?: object; latency_by_requests_in_flight?: object; refusals?: object }>> = {
  platform: () => benchPlatform({ seconds, connections, rounds }),
  grants: () => benchGrants({ seconds, connections, rounds }),
  footprint: () => benchFootprint({ seconds, connections, rounds }),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} (${seconds}s per target, ${connections} connections, median of ${rounds} interleaved rounds)`);
  const result = await run();
  console.table(result.measurements);
  console.table(result.ratios);
  if (result.auth_overhead_us) console.table(result.auth_overhead_us);
  if (result.batch_10k) console.log('batch of 10,000:', result.batch_10k);
  if (result.latency_by_requests_in_flight) console.log('latency by requests in flight:', JSON.stringify(result.latency_by_requests_in_flight, null, 1));
  if (result.refusals) console.log('refusals (429):', JSON.stringify(result.refusals));
  console.log(`saved ${saveResults(name, result)}`);
}
