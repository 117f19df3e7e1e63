/**
 * Shared by the product tests: the real catalogue lives outside the repository
 * (ODbL data, see ../shared/data/pcf/README.md), so tests that need it skip when it
 * is absent; synthetic records keep the behaviour covered everywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogueCsv, type CatalogueCsvResult } from '../../src/modules/products/catalogue-csv.ts';
import type { ProductRecord } from '../../src/modules/products/product-types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CATALOGUE_CSV = path.resolve(root, '../shared/data/pcf/products.csv');
export const HAS_CATALOGUE = existsSync(CATALOGUE_CSV);

let cached: CatalogueCsvResult | undefined;
export function realCatalogue(): CatalogueCsvResult {
  cached ??= parseCatalogueCsv(readFileSync(CATALOGUE_CSV, 'utf8'));
  return cached;
}

export const HEADER =
  'manufacturer,name,category,subcategory,gwp_total,gwp_use_ratio,yearly_tec,lifetime,use_location,report_date,sources,sources_hash,gwp_error_ratio,gwp_manufacturing_ratio,weight,assembly_location,screen_size,server_type,hard_drive,memory,number_cpu,height,added_date,add_method,gwp_transport_ratio,gwp_eol_ratio,gwp_electronics_ratio,gwp_battery_ratio,gwp_hdd_ratio,gwp_ssd_ratio,gwp_othercomponents_ratio,comment';

/** A CSV line in the upstream column order from the few cells a test cares about. */
export function csvLine(cells: Partial<Record<string, string>>): string {
  return HEADER.split(',')
    .map((column) => {
      const v = cells[column] ?? '';
      return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
}

/** A synthetic catalogue record, parsed through the real import path. */
export function syntheticProduct(brand: string, name: string, subcategory = 'Laptop', gwp = '300'): ProductRecord {
  const result = parseCatalogueCsv(`${HEADER}\n${csvLine({ manufacturer: brand, name, category: 'Workplace', subcategory, gwp_total: gwp })}\n`);
  const product = result.products[0];
  if (product === undefined) throw new Error(`synthetic product rejected: ${JSON.stringify(result.rejected)}`);
  return product;
}
