/**
 * Catalogue import from CSV in the Boavizta footprint-data format (the operator's
 * import of products.csv, and tenants uploading their own sheets in the same format).
 *
 * Pure: text in, records and a report out. A bad row is reported with its CSV row
 * number (header = row 1, the numbering of a spreadsheet) and never stops the import.
 * Rows with the same source_key collapse: the later row wins, in the earlier row's
 * position, so parsing the same text twice gives the same records in the same order
 * and an upsert by source_key is idempotent.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { PhaseRatios, ProductRecord, StorageDevice, StorageType } from './product-types.ts';
import {
  decideCategory, normaliseAssemblyLocation, normaliseBrand, normaliseGtin, normaliseLocation,
  defaultStorageType, normaliseMpn, parseMemoryFromName, parseNumber, parsePrinterPpm, parseReportYear,
  parseScreenSizeFromName, parseServerType, parseStorage, sourceKey, yearlyKwhFromSheet,
} from './product-normalise.ts';
import { modelTokens, parseGeneration } from './product-tokens.ts';

export interface CsvRowIssue {
  row: number;
  reason: string;
}

export interface CsvDuplicate {
  row: number;
  source_key: string;
  /** The earlier row this one replaced. */
  replaced_row: number;
}

export interface CatalogueCsvResult {
  products: ProductRecord[];
  rejected: CsvRowIssue[];
  /** Rows imported with a field dropped or doubted (e.g. an implausible error ratio). */
  warnings: CsvRowIssue[];
  duplicates: CsvDuplicate[];
}

export type CatalogueRow = Readonly<Record<string, string | undefined>>;

export type RowOutcome =
  | { ok: true; product: ProductRecord; warnings: string[] }
  | { ok: false; reason: string };

/** Header spellings tenants use for the upstream column names. */
const HEADER_ALIASES: Record<string, string> = {
  brand: 'manufacturer', maker: 'manufacturer', vendor: 'manufacturer',
  model: 'name', product: 'name', product_name: 'name',
  gwp_total_kg: 'gwp_total', gwp_kg: 'gwp_total', kg_co2e: 'gwp_total',
  part_number: 'mpn', manufacturer_part_number: 'mpn',
  ean: 'gtin', upc: 'gtin', ean13: 'gtin',
  source_url: 'sources', url: 'sources',
};
const REQUIRED_COLUMNS = ['manufacturer', 'name', 'gwp_total'] as const;
const PHASE_COLUMNS: Record<keyof PhaseRatios, string> = {
  manufacturing: 'gwp_manufacturing_ratio',
  use: 'gwp_use_ratio',
  transport: 'gwp_transport_ratio',
  eol: 'gwp_eol_ratio',
};

function canonicalHeader(h: string): string {
  const k = h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  return Object.hasOwn(HEADER_ALIASES, k) ? (HEADER_ALIASES[k] ?? k) : k;
}

function cell(row: CatalogueRow, column: string): string {
  return (row[column] ?? '').trim();
}

/** The HPE sheet parser glued footnote marks to the last word ("… Gen10 server4"). */
function cleanName(name: string, addMethod: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  return addMethod === 'HPE Auto Parser' ? n.replace(/([A-Za-z]{4,})\d$/, '$1') : n;
}

function hashRecord(record: Omit<ProductRecord, 'content_hash'>): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

function pickStorage(
  row: CatalogueRow, name: string, memoryFromName: number | null, defaultType: StorageType | null,
): StorageDevice[] {
  const fromName = parseStorage(name, defaultType);
  let fromCell = parseStorage(cell(row, 'hard_drive'), defaultType);
  // Upstream sometimes copied the RAM figure into hard_drive ("… 32GB memory and 512GB").
  const only = fromCell.length === 1 ? fromCell[0] : undefined;
  const sameAsRam = only !== undefined && memoryFromName !== null && Math.abs(only.capacity_gb - memoryFromName) <= 0.05 * memoryFromName;
  if (sameAsRam && fromName.length > 0) {
    fromCell = [];
  }
  if (fromCell.length > 0) return fromCell;
  // Drive rows keep their own capacity in server_type ("8TB HDD").
  const fromServerType = parseStorage(cell(row, 'server_type'), defaultType);
  return fromServerType.length > 0 ? fromServerType : fromName;
}

/**
 * One CSV row (keys = canonical column names) -> record, or the reason it is rejected.
 * Exported so a JSON "add my product" route can apply the very same rules.
 */
export function normaliseCatalogueRow(row: CatalogueRow): RowOutcome {
  const warnings: string[] = [];
  const addMethod = cell(row, 'add_method');
  let brand = normaliseBrand(cell(row, 'manufacturer'));
  const name = cleanName(cell(row, 'name'), addMethod);
  if (brand === null) return { ok: false, reason: 'missing manufacturer' };
  if (name === '') return { ok: false, reason: 'missing name' };
  // Upstream files HPE's servers under "HP"; its own parser's label tells them apart.
  if (brand === 'HP' && addMethod === 'HPE Auto Parser') brand = 'HPE';

  const gwpRaw = cell(row, 'gwp_total');
  const gwp = parseNumber(gwpRaw);
  if (gwpRaw === '') return { ok: false, reason: 'missing gwp_total' };
  if (gwp === null) return { ok: false, reason: `gwp_total "${gwpRaw}" is not a number` };
  if (gwp <= 0) return { ok: false, reason: `gwp_total must be > 0 (got ${gwp})` };

  const phase_ratios: PhaseRatios = { manufacturing: null, use: null, transport: null, eol: null };
  for (const [phase, column] of Object.entries(PHASE_COLUMNS) as [keyof PhaseRatios, string][]) {
    const raw = cell(row, column);
    if (raw === '') continue;
    const v = parseNumber(raw);
    if (v === null) return { ok: false, reason: `${column} "${raw}" is not a number` };
    if (v < 0 || v > 1) return { ok: false, reason: `${column} ${v} is outside [0, 1]` };
    phase_ratios[phase] = v;
  }
  const sum = Object.values(phase_ratios).reduce<number>((a, v) => a + (v ?? 0), 0);
  if (sum > 1.05) warnings.push(`phase ratios add up to ${sum.toFixed(2)} (> 1)`);

  let error_ratio = null as number | null;
  const errRaw = cell(row, 'gwp_error_ratio');
  if (errRaw !== '') {
    error_ratio = parseNumber(errRaw);
    if (error_ratio === null) return { ok: false, reason: `gwp_error_ratio "${errRaw}" is not a number` };
    if (error_ratio < 0) return { ok: false, reason: `gwp_error_ratio ${error_ratio} is negative` };
    if (error_ratio > 1) {
      warnings.push(`gwp_error_ratio ${error_ratio} > 1 is implausible; dropped`);
      error_ratio = null;
    }
  }

  // Optional measurements: a bad one is dropped with a warning, the row still counts.
  const optional = (column: string, min: number, inclusive = false): number | null => {
    const raw = cell(row, column);
    if (raw === '') return null;
    const v = parseNumber(raw);
    if (v === null || (inclusive ? v < min : v <= min)) {
      warnings.push(`${column} "${raw}" ignored (not a ${inclusive ? 'non-negative' : 'positive'} number)`);
      return null;
    }
    return v;
  };

  const weight_kg = optional('weight', 0);
  const screen_size_in = optional('screen_size', 0, true) ?? parseScreenSizeFromName(name);
  const decided = decideCategory(cell(row, 'subcategory'), name, cell(row, 'category'), { screen_in: screen_size_in, weight_kg });
  const category = decided.category;
  if (decided.reason !== null) warnings.push(decided.reason);
  const memoryFromName = parseMemoryFromName(name);
  const defaultType = defaultStorageType(category, brand);

  const useRaw = cell(row, 'use_location');
  const use_location = normaliseLocation(useRaw);
  if (useRaw !== '' && use_location === null) warnings.push(`use_location "${useRaw}" not recognised`);
  const asmRaw = cell(row, 'assembly_location');
  const assembly_location = normaliseAssemblyLocation(asmRaw);
  if (asmRaw !== '' && assembly_location === null && asmRaw.toLowerCase() !== 'default') {
    warnings.push(`assembly_location "${asmRaw}" not recognised`);
  }
  const gtinRaw = cell(row, 'gtin');
  const gtin = normaliseGtin(gtinRaw);
  if (gtinRaw !== '' && gtin === null) warnings.push(`gtin "${gtinRaw}" is not a valid GTIN; ignored`);

  const sources = cell(row, 'sources');
  const record: Omit<ProductRecord, 'content_hash'> = {
    source_key: sourceKey(brand, name),
    brand,
    name,
    category,
    category_raw: cell(row, 'category') || null,
    subcategory_raw: cell(row, 'subcategory') || null,
    gwp_total_kg: gwp,
    phase_ratios,
    error_ratio,
    yearly_kwh: yearlyKwhFromSheet(brand, optional('yearly_tec', 0, true)),
    lifetime_years: optional('lifetime', 0),
    use_location,
    assembly_location,
    weight_kg,
    screen_size_in,
    storage: pickStorage(row, name, memoryFromName, defaultType),
    memory_gb: optional('memory', 0) ?? memoryFromName,
    number_cpu: optional('number_cpu', 0),
    server_type: parseServerType(cell(row, 'server_type')),
    printer_ppm: parsePrinterPpm(cell(row, 'hard_drive')),
    report_year: parseReportYear(cell(row, 'report_date')),
    generation: parseGeneration(name),
    model_tokens: modelTokens(name),
    mpn: normaliseMpn(cell(row, 'mpn')),
    gtin,
    // Several URLs are sometimes given; the first is the sheet itself.
    source_url: sources.split(/\s+/)[0] || null,
    sources_hash: cell(row, 'sources_hash') || null,
    comment: cell(row, 'comment') || null,
  };
  return { ok: true, product: { ...record, content_hash: hashRecord(record) }, warnings };
}

function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string): number => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
}

export function parseCatalogueCsv(text: string): CatalogueCsvResult {
  const rejected: CsvRowIssue[] = [];
  const warnings: CsvRowIssue[] = [];
  const duplicates: CsvDuplicate[] = [];
  // With `info: true` the sync parser returns {record, info} pairs; its typings do not say so.
  const records = parse(text, {
    bom: true,
    delimiter: detectDelimiter(text),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      const line: unknown = err?.lines;
      rejected.push({ row: typeof line === 'number' ? line : 0, reason: `unreadable CSV: ${err?.message ?? 'parse error'}` });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];

  const first = records[0];
  if (first === undefined) return { products: [], rejected, warnings, duplicates };
  const header = first.record.map(canonicalHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    rejected.push({ row: 1, reason: `header lacks required column(s): ${missing.join(', ')}` });
    return { products: [], rejected, warnings, duplicates };
  }

  const byKey = new Map<string, { row: number; product: ProductRecord }>();
  for (const { record, info } of records.slice(1)) {
    // info.lines is the record's last line; a quoted multi-line cell started earlier.
    const row = info.lines - record.reduce<number>((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (record.slice(header.length).some((f) => f.trim() !== '')) {
      rejected.push({ row, reason: `${record.length} fields, header has ${header.length}` });
      continue;
    }
    const fields = Object.create(null) as Record<string, string>;
    header.forEach((h, i) => {
      if (fields[h] === undefined || fields[h] === '') fields[h] = record[i] ?? '';
    });
    const outcome = normaliseCatalogueRow(fields);
    if (!outcome.ok) {
      rejected.push({ row, reason: outcome.reason });
      continue;
    }
    for (const w of outcome.warnings) warnings.push({ row, reason: w });
    const prev = byKey.get(outcome.product.source_key);
    if (prev !== undefined) duplicates.push({ row, source_key: outcome.product.source_key, replaced_row: prev.row });
    byKey.set(outcome.product.source_key, { row, product: outcome.product });
  }
  rejected.sort((a, b) => a.row - b.row);
  return { products: [...byKey.values()].map((v) => v.product), rejected, warnings, duplicates };
}
