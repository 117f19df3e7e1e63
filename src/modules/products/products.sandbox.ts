/**
 * Deterministic catalogue answers for sandbox keys: three invented products with fixed ids,
 * indexed by the real search code so sandbox integrations exercise the real matching rules.
 */
import { normaliseCatalogueRow } from './catalogue-csv.ts';
import { createProductIndex, type ProductIndex } from './product-search.ts';
import type { ProductRecord } from './product-types.ts';

export const SANDBOX_PRODUCT_IDS = ['5a4db0c0-0000-4000-8000-000000000001', '5a4db0c0-0000-4000-8000-000000000002', '5a4db0c0-0000-4000-8000-000000000003'] as const;

const ROWS: Record<string, string>[] = [
  { manufacturer: 'Sandbox', name: 'Sandbook 14 G3', subcategory: 'laptop', gwp_total: '300', gwp_use_ratio: '0.2', gwp_manufacturing_ratio: '0.75', gwp_transport_ratio: '0.04', gwp_eol_ratio: '0.01', yearly_tec: '20', lifetime: '4', use_location: 'EU', screen_size: '14', weight: '1.4', report_date: '2023', mpn: 'SBX-14G3', gtin: '4006381333931' },
  { manufacturer: 'Sandbox', name: 'Sandview 27 Monitor', subcategory: 'monitor', gwp_total: '450', gwp_use_ratio: '0.4', gwp_manufacturing_ratio: '0.55', gwp_transport_ratio: '0.04', gwp_eol_ratio: '0.01', yearly_tec: '40', lifetime: '6', use_location: 'EU', screen_size: '27', report_date: '2022' },
  { manufacturer: 'Sandbox', name: 'Sandtower 5 Desktop', subcategory: 'desktop', gwp_total: '520', gwp_use_ratio: '0.45', yearly_tec: '90', lifetime: '5', use_location: 'WW', report_date: '2021' },
];

let cached: { index: ProductIndex; entries: { id: string; product: ProductRecord }[] } | null = null;

export function sandboxCatalogue(): { index: ProductIndex; entries: { id: string; product: ProductRecord }[] } {
  if (cached) return cached;
  const entries = ROWS.map((row, i) => {
    const outcome = normaliseCatalogueRow(row);
    if (!outcome.ok) throw new Error(`sandbox fixture rejected: ${outcome.reason}`);
    return { id: SANDBOX_PRODUCT_IDS[i] ?? '', product: outcome.product };
  });
  cached = { index: createProductIndex(entries), entries };
  return cached;
}
