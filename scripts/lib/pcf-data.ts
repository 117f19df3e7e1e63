/**
 * Reads the Boavizta product-carbon-footprint CSV (ODbL 1.0) into typed rows for the
 * footprint fit and evaluation. The CSV is never copied into the repo: it is read from
 * `PRODUCTS_CSV`, a CLI argument, or ../shared/data/pcf/products.csv next to the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DeviceCategory } from '../../src/modules/footprint/model/categories.ts';
import { seriesKey, subSeriesKey } from '../../src/modules/footprint/model/features.ts';
import type { DeclaredRegion } from '../../src/modules/footprint/model/features.ts';
import { normaliseCatalogueRow } from '../../src/modules/products/catalogue-csv.ts';
import { declaredRegionFromLabel } from '../../src/modules/footprint/model/grid-factors.ts';
import type { StorageSpec } from '../../src/modules/footprint/model/types.ts';

export const DEFAULT_CSV = resolve(import.meta.dirname, '../../../shared/data/pcf/products.csv');

export function csvPathFromArgs(argv: string[]): string {
  const arg = argv.find((a) => a.endsWith('.csv'));
  return resolve(arg ?? process.env.PRODUCTS_CSV ?? DEFAULT_CSV);
}

export interface PcfRow {
  index: number;
  brand: string;
  /** Lower-case brand key used by the model. */
  brandKey: string;
  name: string;
  category: DeviceCategory;
  series: string;
  subseries: string;
  total: number;
  useRatio: number | null;
  mfgRatio: number | null;
  transportRatio: number | null;
  eolRatio: number | null;
  errorRatio: number | null;
  yearlyKwh: number | null;
  lifetime: number | null;
  useLabel: string | null;
  region: DeclaredRegion | null;
  assembly: string | null;
  weight: number | null;
  screen: number | null;
  storage: StorageSpec[];
  memory: number | null;
  year: number | null;
  sourcesHash: string;
  /** Product family for grouped CV (same source sheet or same name stem). */
  family: string;
}

function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

const positive = (x: number | null): number | null => (x !== null && x > 0 ? x : null);

function parseYear(s: string | undefined): number | null {
  const m = /(20\d\d|19\d\d)/.exec(s ?? '');
  return m?.[1] ? Number(m[1]) : null;
}

function normAssembly(s: string | undefined): string | null {
  const v = (s ?? '').trim().toUpperCase();
  if (v === 'CN' || v === 'CHINA') return 'CN';
  if (v === 'EU' || v === 'ASIA' || v === 'KR') return v;
  return null;
}

/** Name stem: brand + first two words, ignoring bracketed notes and capacities ("256GB"). */
function nameStem(brandKey: string, name: string): string {
  const n = name.toLowerCase().replace(/\(.*?\)/g, ' ').replace(/\b\d+(\.\d+)?\s*(gb|tb)\b/g, ' ');
  const toks = n.match(/[a-z0-9]+/g) ?? [];
  return `${brandKey}:${toks.slice(0, 2).join(' ')}`;
}

export function loadPcfRows(path: string): PcfRow[] {
  if (!existsSync(path)) throw new Error(`products CSV not found at ${path} (set PRODUCTS_CSV or pass a path)`);
  const records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows: PcfRow[] = [];
  records.forEach((r, index) => {
    // Category, yearly kWh, drives and memory as the catalogue import reads them (one rule for
    // mislabelled desktops, Lexmark's weekly kWh, "32GB memory and 512GB"), so the model learns
    // each row as the catalogue serves it; a row the catalogue rejects is not learned either.
    const catalogued = normaliseCatalogueRow(r);
    if (!catalogued.ok) return;
    const record = catalogued.product;
    const brand = (r.manufacturer ?? '').trim();
    const brandKey = brand.toLowerCase();
    const name = (r.name ?? '').trim();
    const screen = num(r.screen_size);
    rows.push({
      index,
      brand,
      brandKey,
      name,
      category: record.category,
      series: seriesKey(brandKey, name),
      subseries: subSeriesKey(brandKey, name),
      total: num(r.gwp_total) ?? NaN,
      useRatio: num(r.gwp_use_ratio),
      mfgRatio: num(r.gwp_manufacturing_ratio),
      transportRatio: num(r.gwp_transport_ratio),
      eolRatio: num(r.gwp_eol_ratio),
      errorRatio: num(r.gwp_error_ratio),
      yearlyKwh: positive(record.yearly_kwh),
      lifetime: num(r.lifetime),
      useLabel: (r.use_location ?? '').trim() || null,
      region: declaredRegionFromLabel(r.use_location),
      assembly: normAssembly(r.assembly_location),
      weight: num(r.weight),
      screen: screen !== null && screen > 0 ? screen : null,
      storage: record.storage,
      memory: record.memory_gb,
      year: parseYear(r.report_date),
      sourcesHash: (r.sources_hash ?? '').trim(),
      family: '',
    });
  });
  assignFamilies(rows);
  return rows.filter((r) => Number.isFinite(r.total) && r.total > 0);
}

/**
 * Families = connected components of "same source sheet" OR "same name stem", so that
 * configuration variants (one sheet, several storage sizes) and renamed variants
 * ("Latitude 3190" / "Latitude 3190 2-In-1") never straddle train and test.
 */
function assignFamilies(rows: PcfRow[]): void {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(x, p);
    return p;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const r of rows) {
    const id = `row:${r.index}`;
    if (r.sourcesHash) union(id, `hash:${r.sourcesHash}`);
    union(id, `stem:${nameStem(r.brandKey, r.name)}`);
  }
  for (const r of rows) r.family = find(`row:${r.index}`);
}
