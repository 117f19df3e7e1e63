/**
 * Fleet CSV → asset inputs (the same shape as the JSON import), one per data row. Columns are
 * matched case-insensitively; unknown columns are an error rather than silently ignored, so a
 * misspelt "wieght_kg" never turns into a default weight.
 */
import { parse } from 'csv-parse/sync';

const TEXT = { name: 'name', location: 'location', acquired_on: 'acquired_on', external_id: 'external_id', category: 'category', assembly_country: 'assembly_country' } as const;
const PRODUCT = ['brand', 'model', 'mpn', 'gtin', 'query'] as const;
const SPECS_NUM = ['year', 'screen_size_in', 'weight_kg', 'memory_gb', 'battery_wh'] as const;
const SPECS_TEXT = ['cpu', 'gpu'] as const;
const USAGE_NUM = ['lifetime_years', 'yearly_kwh', 'hours_per_day'] as const;
const STORAGE = ['ssd_gb', 'hdd_gb'] as const;

export const ASSET_CSV_COLUMNS: readonly string[] = [
  ...Object.keys(TEXT), 'quantity', ...PRODUCT, ...SPECS_NUM, ...SPECS_TEXT, ...STORAGE, 'country', ...USAGE_NUM,
];
const KNOWN = new Set(ASSET_CSV_COLUMNS);

export interface CsvAssetRow {
  /** Line number in the file (header = 1). */
  row: number;
  item: Record<string, unknown>;
}

export type AssetCsvResult = { ok: true; rows: CsvAssetRow[] } | { ok: false; reason: string };

/** A number when the cell is one, else the raw text so schema validation names the bad cell. */
function num(v: string): number | string {
  const n = Number(v.replace(',', '.'));
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

export function parseAssetCsv(text: string): AssetCsvResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    return { ok: false, reason: `unreadable CSV: ${err instanceof Error ? err.message : 'parse error'}` };
  }
  const header = records[0]?.record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (!header || header.length === 0) return { ok: false, reason: 'empty CSV: a header row is required' };
  const unknown = header.filter((h) => !KNOWN.has(h));
  if (unknown.length > 0) return { ok: false, reason: `unknown column(s): ${unknown.join(', ')}; known: ${ASSET_CSV_COLUMNS.join(', ')}` };

  const rows = records.slice(1).map(({ record, info }) => {
    const cells = new Map<string, string>();
    header.forEach((h, i) => {
      const v = record[i] ?? '';
      if (v !== '') cells.set(h, v);
    });
    const item: Record<string, unknown> = {};
    for (const key of Object.keys(TEXT)) if (cells.has(key)) item[key] = cells.get(key);
    if (cells.has('quantity')) item.quantity = num(cells.get('quantity') ?? '');
    const product: Record<string, unknown> = {};
    for (const k of PRODUCT) if (cells.has(k)) product[k] = cells.get(k);
    if (Object.keys(product).length > 0) item.product = product;
    const specs: Record<string, unknown> = {};
    for (const k of SPECS_NUM) if (cells.has(k)) specs[k] = num(cells.get(k) ?? '');
    for (const k of SPECS_TEXT) if (cells.has(k)) specs[k] = cells.get(k);
    const storage = STORAGE.filter((k) => cells.has(k)).map((k) => ({ type: k === 'ssd_gb' ? 'ssd' : 'hdd', capacity_gb: num(cells.get(k) ?? '') }));
    if (storage.length > 0) specs.storage = storage;
    if (Object.keys(specs).length > 0) item.specs = specs;
    const usage: Record<string, unknown> = {};
    if (cells.has('country')) usage.country = cells.get('country');
    for (const k of USAGE_NUM) if (cells.has(k)) usage[k] = num(cells.get(k) ?? '');
    if (Object.keys(usage).length > 0) item.usage = usage;
    return { row: info.lines, item };
  });
  return { ok: true, rows };
}
