/**
 * In-process benchmark of the product index: CSV parse, index build, identify() and
 * search() latency on the real catalogue. It measures and reports; it asserts nothing.
 *
 *   npx tsx bench/product-identify.ts [path/to/products.csv]
 *
 * The CSV defaults to PRODUCTS_CSV or ../shared/data/pcf/products.csv (not in the repo).
 * Results go to bench/results/product-identify.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogueCsv } from '../src/modules/products/catalogue-csv.ts';
import { createProductIndex, type IdentifyInput } from '../src/modules/products/product-search.ts';
import { percentile } from './lib.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const csvPath = process.argv[2] ?? process.env.PRODUCTS_CSV ?? path.resolve(root, '../shared/data/pcf/products.csv');
const ITERATIONS = 20_000;
const BUILD_RUNS = 20;

function summary(samples: number[]): Record<string, number> {
  const s = [...samples].sort((a, b) => a - b);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    n: s.length,
    mean_ms: round(s.reduce((a, b) => a + b, 0) / s.length),
    p50_ms: round(percentile(s, 50)),
    p95_ms: round(percentile(s, 95)),
    p99_ms: round(percentile(s, 99)),
    max_ms: round(s[s.length - 1] ?? Number.NaN),
  };
}

const text = readFileSync(csvPath, 'utf8');
let t = performance.now();
const parsed = parseCatalogueCsv(text);
const parseMs = performance.now() - t;
const entries = parsed.products.map((product, i) => ({ id: String(i + 1), product }));

const buildSamples: number[] = [];
for (let i = 0; i < BUILD_RUNS; i++) {
  t = performance.now();
  createProductIndex(entries);
  buildSamples.push(performance.now() - t);
}
const index = createProductIndex(entries);

// Queries as people type them: exact names, lowercase with brand, shorthand
// generations, one typo, and products the catalogue does not have.
const queries: IdentifyInput[] = [];
for (const [i, { product }] of entries.entries()) {
  if (i % 4 === 0) queries.push({ query: product.name });
  if (i % 4 === 1) queries.push({ query: `${product.brand} ${product.name}`.toLowerCase() });
  if (i % 4 === 2) queries.push({ brand: product.brand, model: product.name.replace(/(\w{5})\w/, '$1') });
  if (i % 4 === 3) queries.push({ query: product.name.replace(/\b(\d+)(?:st|nd|rd|th) gen(?:eration)?\b/i, 'gen $1').replace(/\bGen ?(\d+)\b/, 'G$1') });
}
queries.push({ query: 'thinkpad t14 g4' }, { query: 'Dell Latitude 5440' }, { query: 'banana phone' }, { query: 'elitebook 840g10' });

for (let i = 0; i < 2_000; i++) index.identify(queries[i % queries.length] ?? {});
const identifySamples: number[] = [];
let top1 = 0;
for (let i = 0; i < ITERATIONS; i++) {
  const q = queries[i % queries.length] ?? {};
  t = performance.now();
  const r = index.identify(q);
  identifySamples.push(performance.now() - t);
  if (i < queries.length - 4 && r.best?.id === entries[i]?.id) top1++;
}
const searchSamples: number[] = [];
for (let i = 0; i < 2_000; i++) {
  const q = queries[i % queries.length]?.query ?? 'latitude';
  t = performance.now();
  index.search({ q, page: 1, page_size: 20 });
  searchSamples.push(performance.now() - t);
}

const result = {
  benchmark: 'product-identify',
  date: new Date().toISOString(),
  machine: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length },
  catalogue: { csv: path.basename(csvPath), imported: parsed.products.length, rejected: parsed.rejected.length },
  parse_csv_ms: Math.round(parseMs * 1000) / 1000,
  build_index: summary(buildSamples),
  identify: summary(identifySamples),
  // Share of the catalogue's own (perturbed) names identified as that very product.
  identify_self_top1: Math.round((top1 / (queries.length - 4)) * 1000) / 1000,
  search: summary(searchSamples),
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/product-identify.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
