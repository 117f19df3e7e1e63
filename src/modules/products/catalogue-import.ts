/**
 * Imports the global product catalogue from CSV text (the `import:products` command and the
 * PRODUCTS_CSV start-up import). Malformed rows are reported and skipped; the rest are upserted
 * by source_key, so importing the same file again changes nothing. Every run is recorded in
 * catalogue_imports; the dataset version is derived from the file's content hash, so the same
 * bytes always carry the same version wherever they are imported.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../platform/db/client.ts';
import { notify } from '../../platform/db/notifications.ts';
import { withSystem } from '../../platform/db/tenancy.ts';
import { parseCatalogueCsv, type CsvRowIssue } from './catalogue-csv.ts';
import * as repo from './products.repo.ts';

/** Channel every instance listens on to keep its in-memory index in step with the table. */
export const PRODUCTS_CHANNEL = 'cc_products_changed';

export type ProductChange = { kind: 'catalogue' } | { kind: 'private'; tenant_id: string; id: string };

export interface CatalogueImportReport {
  dataset_version: string;
  source: string;
  rows: number;
  imported: number;
  unchanged: number;
  rejected: CsvRowIssue[];
  warnings: CsvRowIssue[];
  duplicates: number;
}

export function datasetVersionOf(text: string): string {
  return `pcf-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

export async function importCatalogue(database: Database, text: string, source: string): Promise<CatalogueImportReport> {
  const parsed = parseCatalogueCsv(text);
  const version = datasetVersionOf(text);
  const imported = await withSystem(database, async (tx) => {
    const changed = await repo.upsertGlobalProducts(tx, parsed.products, version);
    await repo.insertCatalogueImport(tx, {
      datasetVersion: version,
      source,
      imported: changed,
      unchanged: parsed.products.length - changed,
      rejected: parsed.rejected.length,
      report: parsed.rejected,
    });
    await notify(tx, PRODUCTS_CHANNEL, JSON.stringify({ kind: 'catalogue' } satisfies ProductChange));
    return changed;
  });
  return {
    dataset_version: version,
    source,
    rows: parsed.products.length + parsed.rejected.length + parsed.duplicates.length,
    imported,
    unchanged: parsed.products.length - imported,
    rejected: parsed.rejected,
    warnings: parsed.warnings,
    duplicates: parsed.duplicates.length,
  };
}
