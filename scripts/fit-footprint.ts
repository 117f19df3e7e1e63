/**
 * Fits the IT-device footprint model on the Boavizta catalogue and writes
 * src/modules/footprint/model/params.json (committed: the API never needs the CSV).
 *
 *   npx tsx scripts/fit-footprint.ts [path/to/products.csv]     (or PRODUCTS_CSV=...)
 *
 * Deterministic: same CSV -> byte-identical params.json.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fitParams } from './lib/footprint-params.ts';
import { csvPathFromArgs, loadPcfRows } from './lib/pcf-data.ts';

const csv = csvPathFromArgs(process.argv.slice(2));
const rows = loadPcfRows(csv);
const params = fitParams(rows);
const out = resolve(import.meta.dirname, '../src/modules/footprint/model/params.json');
writeFileSync(out, JSON.stringify(params) + '\n');
const cal = Object.entries(params.calibration.groups)
  .map(([k, g]) => `${k} [${g.lo}, ${g.hi}] n=${g.n}`)
  .join('; ');
console.log(`fitted ${rows.length} rows from ${csv}`);
console.log(`embodied coefficients: ${Object.keys(params.embodied.coef).length}, kWh coefficients: ${Object.keys(params.kwh.coef).length}, siblings: ${params.siblings.rows.length}`);
console.log(`sheet grid factors (kg/kWh): ${JSON.stringify(params.sheet_grid)}`);
console.log(`range calibration (log residual quantiles): ${cal}`);
console.log(`wrote ${out}`);
