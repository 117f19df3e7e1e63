/**
 * One searchable slice of the catalogue (the global products, or one tenant's private
 * ones): its own MiniSearch instance and exact-code maps, so slices never share state.
 */
import MiniSearch from 'minisearch';
import type { CatalogueEntry } from './product-types.ts';
import { normaliseGtin, normaliseMpn } from './product-normalise.ts';
import { indexTokens } from './product-tokens.ts';
import { prepareMatchDoc, type MatchDoc } from './product-match.ts';

export interface Doc {
  entry: CatalogueEntry;
  tenant_id: string | null;
  match: MatchDoc;
}

interface SearchDoc {
  id: string;
  name: string;
  brand: string;
}

export class Segment {
  readonly docs = new Map<string, Doc>();
  readonly byMpn = new Map<string, Set<string>>();
  readonly byGtin = new Map<string, Set<string>>();
  readonly mini = new MiniSearch<SearchDoc>({
    fields: ['name', 'brand'],
    tokenize: (text) => indexTokens(text),
    processTerm: (term) => term,
  });
  private sorted: Doc[] | null = null;

  readonly tenantId: string | null;

  constructor(tenantId: string | null) {
    this.tenantId = tenantId;
  }

  add(entry: CatalogueEntry): void {
    if (this.docs.has(entry.id)) this.remove(entry.id);
    const { product } = entry;
    const doc: Doc = { entry, tenant_id: this.tenantId, match: prepareMatchDoc(product) };
    this.docs.set(entry.id, doc);
    this.mini.add({ id: entry.id, name: product.name, brand: `${product.brand} ${doc.match.brand_family}` });
    addTo(this.byMpn, normaliseMpn(product.mpn), entry.id);
    addTo(this.byGtin, normaliseGtin(product.gtin), entry.id);
    this.sorted = null;
  }

  remove(id: string): boolean {
    const doc = this.docs.get(id);
    if (doc === undefined) return false;
    this.docs.delete(id);
    this.mini.discard(id);
    removeFrom(this.byMpn, normaliseMpn(doc.entry.product.mpn), id);
    removeFrom(this.byGtin, normaliseGtin(doc.entry.product.gtin), id);
    this.sorted = null;
    return true;
  }

  /** Documents in listing order (brand, name, id), cached until the next change. */
  listing(): Doc[] {
    this.sorted ??= [...this.docs.values()].sort(byListingOrder);
    return this.sorted;
  }

  /** Ids retrieved for the (already tokenised) text; fuzzy and prefix only on words without digits. */
  retrieve(text: string, limit: number): string[] {
    if (text === '') return [];
    const results = this.mini.search(text, {
      combineWith: 'OR',
      boost: { name: 2 },
      fuzzy: (term) => (/\d/.test(term) || term.length < 4 ? false : 0.2),
      prefix: (term) => !/\d/.test(term) && term.length >= 3,
    });
    return results.slice(0, limit).map((r) => String(r.id));
  }
}

export function byListingOrder(a: Doc, b: Doc): number {
  return (
    a.entry.product.brand.localeCompare(b.entry.product.brand) ||
    a.entry.product.name.localeCompare(b.entry.product.name) ||
    a.entry.id.localeCompare(b.entry.id)
  );
}

function addTo(map: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

function removeFrom(map: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
}
