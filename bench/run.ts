import { benchPlatform } from './platform.ts';
import { saveResults } from './lib.ts';

/** `npm run bench [-- name…]`: each scenario prints its table and writes bench/results/<name>.json. */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const scenarios: Record<string, () => Promise<{ measurements: object[]; ratios: Record<string, number> }>> = {
  platform: () => benchPlatform({ seconds, connections }),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} (${seconds}s per target, ${connections} connections)`);
  const result = await run();
  console.table(result.measurements);
  console.table(result.ratios);
  console.log(`saved ${saveResults(name, result)}`);
}
