/** Synthetic catalogue rows for footprint/product tests that must not depend on the real CSV. */
import { importCatalogue, type CatalogueImportReport } from '../../src/modules/products/catalogue-import.ts';
import { HEADER, csvLine } from '../products/catalogue-fixture.ts';
import { testDatabase } from '../helpers/database.ts';

export type Cells = Partial<Record<string, string>>;

export function csvOf(rows: Cells[]): string {
  return `${HEADER}\n${rows.map(csvLine).join('\n')}\n`;
}

/** Imports rows into the global catalogue of the worker's database (as the import command does). */
export async function seedCatalogue(rows: Cells[]): Promise<CatalogueImportReport> {
  return importCatalogue(await testDatabase(), csvOf(rows), 'test-seed');
}

/** A laptop row with the fields the footprint uses; `brand` should be unique per test file. */
export function laptop(brand: string, name: string, extra: Cells = {}): Cells {
  return {
    manufacturer: brand,
    name,
    category: 'Workplace',
    subcategory: 'Laptop',
    gwp_total: '300',
    gwp_use_ratio: '0.15',
    gwp_manufacturing_ratio: '0.8',
    gwp_transport_ratio: '0.04',
    gwp_eol_ratio: '0.01',
    yearly_tec: '20',
    lifetime: '4',
    use_location: 'EU',
    weight: '1.4',
    screen_size: '14',
    report_date: 'March 2022',
    ...extra,
  };
}
