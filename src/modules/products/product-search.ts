/**
 * In-memory product index: exact MPN/GTIN maps, then MiniSearch retrieval re-scored by
 * product-match (see there for why MiniSearch's own score does not decide).
 *
 * Tenancy: the global catalogue is one segment; each tenant's private products live
 * in that tenant's own segment (own MiniSearch, own maps). A call with a tenant id
 * reads the global segment plus that tenant's segment and nothing else, so another
 * tenant's products cannot leak into results, ranks or totals.
 */
import type { CatalogueEntry, ProductCategory, ProductRecord } from './product-types.ts';
import { brandFamily, normaliseCategory, normaliseGtin, normaliseMpn } from './product-normalise.ts';
import { prepareMatchQuery, scoreMatch } from './product-match.ts';
import { byListingOrder, Segment, type Doc } from './product-segment.ts';

/** Below this, identify() answers best: null; tuned on the real catalogue (see tests). */
export const IDENTIFY_MIN_CONFIDENCE = 0.6;
/** Candidates listed by identify() must reach at least this. */
const CANDIDATE_MIN_SCORE = 0.2;
/** Free-text search results must reach at least this (looser: people browse). */
const SEARCH_MIN_SCORE = 0.25;
/** BM25 shortlist re-scored per segment by identify(). */
const SHORTLIST = 100;

export interface IdentifyInput {
  query?: string;
  brand?: string;
  model?: string;
  mpn?: string;
  gtin?: string;
}

export interface ScoredProduct {
  id: string;
  /** null for the global catalogue, else the owning tenant. */
  tenant_id: string | null;
  product: ProductRecord;
  score: number;
}

export interface IdentifyResult {
  best: ScoredProduct | null;
  candidates: ScoredProduct[];
}

export interface SearchInput {
  q?: string;
  category?: ProductCategory;
  brand?: string;
  page?: number;
  page_size?: number;
}

export interface SearchResult {
  /** `score` is 1 for listings without `q`. */
  items: ScoredProduct[];
  total: number;
  page: number;
  page_size: number;
}

export interface Scope {
  tenant_id?: string | null;
}

export interface ProductIndex {
  identify(input: IdentifyInput, scope?: Scope, options?: { limit?: number }): IdentifyResult;
  search(input: SearchInput, scope?: Scope): SearchResult;
  get(id: string, scope?: Scope): Omit<ScoredProduct, 'score'> | null;
  /** Adds or replaces (same id) a product: global without a tenant, else in the tenant's overlay. */
  add(entry: CatalogueEntry, scope?: Scope): void;
  remove(id: string, scope?: Scope): boolean;
  size(scope?: Scope): number;
}

/** A category named by the free text alone ("laptops", "HP monitor"), else null. */
function categoryFromWords(text: string): ProductCategory | null {
  for (const word of text.toLowerCase().split(/[^a-z-]+/)) {
    const c = normaliseCategory(word.replace(/s$/, ''));
    if (c !== 'other') return c;
  }
  return null;
}

function scored(doc: Doc, score: number): ScoredProduct {
  return { id: doc.entry.id, tenant_id: doc.tenant_id, product: doc.entry.product, score: Math.round(score * 1e4) / 1e4 };
}

/**
 * Ranking of equal scores: the tenant's own product first (it is what they registered),
 * then the newest declaration, then the shortest name (the base model before variants).
 */
function compareScored(a: ScoredProduct, b: ScoredProduct): number {
  return (
    b.score - a.score ||
    Number(b.tenant_id !== null) - Number(a.tenant_id !== null) ||
    (b.product.report_year ?? 0) - (a.product.report_year ?? 0) ||
    a.product.name.length - b.product.name.length ||
    a.product.name.localeCompare(b.product.name) ||
    a.id.localeCompare(b.id)
  );
}

export function createProductIndex(entries: Iterable<CatalogueEntry> = []): ProductIndex {
  const global = new Segment(null);
  const overlays = new Map<string, Segment>();
  // Brand families present anywhere, so "dell latitude" can be read as brand + model.
  const families = new Map<string, number>();

  const countFamily = (product: ProductRecord, delta: number): void => {
    const f = brandFamily(product.brand);
    const n = (families.get(f) ?? 0) + delta;
    if (n > 0) families.set(f, n);
    else families.delete(f);
  };
  const segmentsFor = (scope?: Scope): Segment[] => {
    const overlay = scope?.tenant_id == null ? undefined : overlays.get(scope.tenant_id);
    return overlay === undefined ? [global] : [global, overlay];
  };
  const target = (scope: Scope | undefined, create: boolean): Segment | undefined => {
    const tenant = scope?.tenant_id;
    if (tenant == null) return global;
    let seg = overlays.get(tenant);
    if (seg === undefined && create) {
      seg = new Segment(tenant);
      overlays.set(tenant, seg);
    }
    return seg;
  };
  const knownFamilies = (): ReadonlySet<string> => new Set(families.keys());

  const index: ProductIndex = {
    add(entry, scope) {
      const seg = target(scope, true);
      if (seg === undefined) return;
      const old = seg.docs.get(entry.id);
      if (old !== undefined) countFamily(old.entry.product, -1);
      seg.add(entry);
      countFamily(entry.product, +1);
    },

    remove(id, scope) {
      const seg = target(scope, false);
      const old = seg?.docs.get(id);
      if (seg === undefined || old === undefined) return false;
      countFamily(old.entry.product, -1);
      seg.remove(id);
      if (seg !== global && seg.docs.size === 0 && seg.tenantId !== null) overlays.delete(seg.tenantId);
      return true;
    },

    size(scope) {
      return segmentsFor(scope).reduce((n, s) => n + s.docs.size, 0);
    },

    get(id, scope) {
      // The tenant's own product shadows a global one with the same id.
      for (const seg of segmentsFor(scope).reverse()) {
        const doc = seg.docs.get(id);
        if (doc !== undefined) return { id, tenant_id: doc.tenant_id, product: doc.entry.product };
      }
      return null;
    },

    identify(input, scope, options) {
      const limit = options?.limit ?? 5;
      const segments = segmentsFor(scope).reverse();
      const brandFilter = input.brand?.trim() ? brandFamily(input.brand) : null;
      const brandOk = (doc: Doc): boolean => brandFilter === null || doc.match.brand_family === brandFilter;

      // An exact part number or barcode is an identification, not a guess.
      const mpn = normaliseMpn(input.mpn);
      const gtin = normaliseGtin(input.gtin);
      for (const seg of segments) {
        const ids = [...(gtin === null ? [] : seg.byGtin.get(gtin) ?? []), ...(mpn === null ? [] : seg.byMpn.get(mpn) ?? [])];
        const docs = ids.map((id) => seg.docs.get(id)).filter((d): d is Doc => d !== undefined && brandOk(d));
        if (docs.length > 0) {
          const hits = docs.map((d) => scored(d, 1)).sort(compareScored).slice(0, limit);
          return { best: hits[0] ?? null, candidates: hits };
        }
      }

      const text = [input.query, input.model].filter((s): s is string => typeof s === 'string').join(' ');
      const query = prepareMatchQuery(text, knownFamilies(), brandFilter);
      const candidates: ScoredProduct[] = [];
      for (const seg of segments) {
        for (const id of seg.retrieve(query.text, SHORTLIST)) {
          const doc = seg.docs.get(id);
          if (doc === undefined || !brandOk(doc)) continue;
          const score = scoreMatch(query, doc.match);
          if (score >= CANDIDATE_MIN_SCORE) candidates.push(scored(doc, score));
        }
      }
      candidates.sort(compareScored);
      const top = candidates.slice(0, limit);
      const first = top[0];
      return { best: first !== undefined && first.score >= IDENTIFY_MIN_CONFIDENCE ? first : null, candidates: top };
    },

    search(input, scope) {
      const page = input.page ?? 1;
      const pageSize = input.page_size ?? 20;
      if (!Number.isInteger(page) || page < 1) throw new RangeError('page must be an integer >= 1');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new RangeError('page_size must be an integer in 1..100');
      const brandFilter = input.brand?.trim() ? brandFamily(input.brand) : null;

      let hits: ScoredProduct[];
      const query = input.q?.trim() ? prepareMatchQuery(input.q, knownFamilies(), brandFilter) : null;
      // Nothing left to match once the brand and generic words are taken out ("dell",
      // "laptop", "hp monitor"): list instead, using what those words said as filters.
      const listOnly = query === null || query.tokens.every((t) => t.kind === 'noise');
      const hint = listOnly ? (query?.brand_hint ?? null) : null;
      const qCategory = listOnly && query !== null ? categoryFromWords(input.q ?? '') : null;
      const category = input.category ?? qCategory ?? undefined;
      const keep = (doc: Doc): boolean =>
        (category === undefined || doc.entry.product.category === category) &&
        (brandFilter === null || doc.match.brand_family === brandFilter) &&
        (hint === null || doc.match.brand_family === hint);
      if (!listOnly) {
        hits = [];
        for (const seg of segmentsFor(scope)) {
          for (const id of seg.retrieve(query.text, Number.POSITIVE_INFINITY)) {
            const doc = seg.docs.get(id);
            if (doc === undefined || !keep(doc)) continue;
            const score = scoreMatch(query, doc.match);
            if (score >= SEARCH_MIN_SCORE) hits.push(scored(doc, score));
          }
        }
        hits.sort(compareScored);
      } else {
        const segs = segmentsFor(scope);
        const docs = segs.flatMap((seg) => seg.listing().filter(keep));
        if (segs.length > 1) docs.sort(byListingOrder);
        hits = docs.map((d) => scored(d, 1));
      }
      const start = (page - 1) * pageSize;
      return { items: hits.slice(start, start + pageSize), total: hits.length, page, page_size: pageSize };
    },
  };

  for (const entry of entries) index.add(entry);
  return index;
}
