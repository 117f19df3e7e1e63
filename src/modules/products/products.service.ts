import { readFile } from 'node:fs/promises';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import type { Database } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { listen, notify, type Subscription } from '../../platform/db/notifications.ts';
import { withSystem, withTenant } from '../../platform/db/tenancy.ts';
import { AppError, notFound, validationError } from '../../platform/http/errors.ts';
import { pageOf, pageOffset, type PageQuery } from '../../platform/http/pagination.ts';
import { importCatalogue, PRODUCTS_CHANNEL, type ProductChange } from './catalogue-import.ts';
import { normaliseCatalogueRow } from './catalogue-csv.ts';
import { LRUCache } from 'lru-cache';
import { createProductIndex, type IdentifyInput, type IdentifyResult, type ProductIndex, type ScoredProduct, type SearchInput } from './product-search.ts';
import type { ProductRecord } from './product-types.ts';
import * as repo from './products.repo.ts';
import type { CreateProductBody, ProductOut } from './products.schemas.ts';

export interface CatalogueProduct {
  id: string;
  tenant_id: string | null;
  product: ProductRecord;
}

const IDENTIFY_CACHE_SIZE = 10_000;

/**
 * The product catalogue: an in-memory index (global segment + one overlay per tenant with
 * private products) built from the table at start and kept current through NOTIFY, so every
 * instance sees a private product as soon as its transaction commits.
 */
export function createProductsService(deps: { database: Database }) {
  const { database } = deps;
  let index: ProductIndex = createProductIndex();
  const versions = new Map<string, string | null>();
  let datasetVersion: string | null = null;
  // identify() costs ~0.1 ms of fuzzy matching and the same names come back again and again
  // (fleets, batches, dashboards): results are kept by normalised query, cleared on any change.
  const cache = new LRUCache<string, IdentifyResult>({ max: IDENTIFY_CACHE_SIZE });
  // Line neighbours search the whole catalogue (~0.4 ms): cached like identify results.
  const neighbourCache = new LRUCache<string, ScoredProduct[]>({ max: IDENTIFY_CACHE_SIZE });
  let subscription: Subscription | null = null;
  // Bumped whenever the caches are dropped, i.e. on every catalogue change this instance sees.
  let generation = 0;

  async function reloadAll(): Promise<void> {
    const [rows, version] = await withSystem(database, async (tx) => [await repo.listAllProducts(tx), await repo.latestDatasetVersion(tx)] as const);
    const next = createProductIndex();
    versions.clear();
    for (const row of rows) {
      next.add({ id: row.id, product: row.record }, { tenant_id: row.tenantId });
      versions.set(row.id, row.datasetVersion);
    }
    index = next;
    datasetVersion = version;
    clearCaches();
  }

  async function reloadOne(tenantId: string, id: string): Promise<void> {
    const row = await withSystem(database, (tx) => repo.getProduct(tx, id));
    if (row) index.add({ id: row.id, product: row.record }, { tenant_id: tenantId });
    else index.remove(id, { tenant_id: tenantId });
    clearCaches();
  }

  // Index rebuilds run one at a time, in the order they were asked for: two changes notified
  // close together start two full reloads, and if the first one's query finished last, its
  // older snapshot would replace the newer index.
  let rebuilds: Promise<void> = Promise.resolve();
  function serially(work: () => Promise<void>): Promise<void> {
    const run = rebuilds.then(work);
    rebuilds = run.catch(() => undefined);
    return run;
  }

  function onChange(payload: string): void {
    let change: ProductChange | null = null;
    try {
      change = JSON.parse(payload) as ProductChange;
    } catch {
      change = null;
    }
    const work = serially(() => (change?.kind === 'private' ? reloadOne(change.tenant_id, change.id) : reloadAll()));
    // A failed reload keeps the previous index; the next change (or restart) repairs it.
    void work.catch(() => undefined);
  }

  function clearCaches(): void {
    generation++;
    cache.clear();
    neighbourCache.clear();
  }

  /** Tenants without private products share one cache entry per query. */
  const scopeKey = (tenantId: string | null): string => (tenantId !== null && index.size({ tenant_id: tenantId }) !== index.size() ? tenantId : '*');

  const cacheKey = (tenantId: string | null, limit: number, input: IdentifyInput): string =>
    [scopeKey(tenantId), limit, input.query, input.brand, input.model, input.mpn, input.gtin]
      .map((v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/\s+/g, ' ') : String(v ?? '')))
      .join('\u0000');

  const toOut = (e: CatalogueProduct): ProductOut => {
    const p = e.product;
    return {
      id: e.id,
      brand: p.brand,
      name: p.name,
      category: p.category,
      private: e.tenant_id !== null,
      gwp_total_kg: p.gwp_total_kg,
      phase_ratios: p.phase_ratios,
      error_ratio: p.error_ratio,
      yearly_kwh: p.yearly_kwh,
      lifetime_years: p.lifetime_years,
      use_location: p.use_location,
      assembly_location: p.assembly_location,
      weight_kg: p.weight_kg,
      screen_size_in: p.screen_size_in,
      memory_gb: p.memory_gb,
      storage: p.storage,
      report_year: p.report_year,
      generation: p.generation,
      mpn: p.mpn,
      gtin: p.gtin,
      source_url: p.source_url,
      dataset_version: versions.get(e.id) ?? null,
    };
  };

  const service = {
    async start(): Promise<void> {
      subscription = await listen(database, PRODUCTS_CHANNEL, onChange);
      await serially(reloadAll);
    },
    async stop(): Promise<void> {
      await subscription?.close();
      subscription = null;
    },
    /** Rebuilds the index from the table (after an import in this process). */
    reload: (): Promise<void> => serially(reloadAll),

    async globalCount(): Promise<number> {
      return withSystem(database, (tx) => repo.countGlobalProducts(tx));
    },
    /** The PRODUCTS_CSV start-up import: only into an empty catalogue, so restarts never re-import. */
    async importFileIfEmpty(path: string) {
      if ((await service.globalCount()) > 0) return null;
      return service.importCatalogue(await readFile(path, 'utf8'), path);
    },
    async importCatalogue(text: string, source: string) {
      const report = await importCatalogue(database, text, source);
      await serially(reloadAll);
      return report;
    },
    /** The version of the global catalogue last imported (null before any import). */
    datasetVersion: (): string | null => datasetVersion,
    productDatasetVersion: (id: string): string | null => versions.get(id) ?? null,
    /**
     * Names the catalogue a tenant sees right now: equal strings mean equal identify answers.
     * Changes with every catalogue change; tenants without private products share one scope.
     */
    cacheScope: (tenantId: string | null): string => `${generation}:${scopeKey(tenantId)}`,
    toOut,

    identify(input: IdentifyInput, tenantId: string | null, limit = 5): IdentifyResult {
      const key = cacheKey(tenantId, limit, input);
      const hit = cache.get(key);
      if (hit) return hit;
      const result = index.identify(input, { tenant_id: tenantId }, { limit });
      cache.set(key, result);
      return result;
    },

    /**
     * Products of the same line with the nearest model number, for a product the catalogue does
     * not declare ("Latitude 5440" → 5430, 5450): their specs are better defaults than a category
     * median. Empty when the text has no model number or no line words.
     */
    lineNeighbours(input: IdentifyInput, tenantId: string | null, max = 3): ScoredProduct[] {
      const key = cacheKey(tenantId, max, input);
      const hit = neighbourCache.get(key);
      if (hit) return hit;
      const found = findLineNeighbours(index, input, tenantId, max);
      neighbourCache.set(key, found);
      return found;
    },

    search(input: SearchInput, tenantId: string | null) {
      return index.search(input, { tenant_id: tenantId });
    },

    get(id: string, tenantId: string | null): CatalogueProduct | null {
      return index.get(id, { tenant_id: tenantId });
    },

    async listPrivate(p: TenantPrincipal, q: PageQuery) {
      const { items, total } = await withTenant(database, p.tenant.id, (tx) => repo.listPrivateProducts(tx, pageOffset(q), q.page_size));
      return pageOf(items.map((r) => toOut({ id: r.id, tenant_id: r.tenantId, product: r.record })), total, q);
    },

    async createPrivate(p: TenantPrincipal, body: CreateProductBody): Promise<ProductOut> {
      const outcome = normaliseCatalogueRow(rowOf(body));
      if (!outcome.ok) throw validationError([{ loc: ['body'], msg: outcome.reason, type: 'invalid_product' }]);
      const record: ProductRecord = outcome.product;
      try {
        const row = await withTenant(database, p.tenant.id, async (tx) => {
          const r = await repo.insertPrivateProduct(tx, p.tenant.id, record);
          await notify(tx, PRODUCTS_CHANNEL, JSON.stringify({ kind: 'private', tenant_id: p.tenant.id, id: r.id } satisfies ProductChange));
          return r;
        });
        // Visible to this instance at once; the NOTIFY brings the others (and re-applies here harmlessly).
        index.add({ id: row.id, product: row.record }, { tenant_id: p.tenant.id });
        clearCaches();
        return toOut({ id: row.id, tenant_id: p.tenant.id, product: row.record });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', 'You already have a product with this brand and name');
        throw err;
      }
    },

    async removePrivate(p: TenantPrincipal, id: string): Promise<void> {
      const removed = await withTenant(database, p.tenant.id, async (tx) => {
        const ok = await repo.deletePrivateProduct(tx, id);
        if (ok) await notify(tx, PRODUCTS_CHANNEL, JSON.stringify({ kind: 'private', tenant_id: p.tenant.id, id } satisfies ProductChange));
        return ok;
      });
      if (!removed) throw notFound('Product');
      index.remove(id, { tenant_id: p.tenant.id });
      clearCaches();
    },
  };
  return service;
}

export type ProductsService = ReturnType<typeof createProductsService>;

function findLineNeighbours(index: ProductIndex, input: IdentifyInput, tenantId: string | null, max: number): ScoredProduct[] {
  const text = [input.query, input.model].filter((s): s is string => typeof s === 'string').join(' ');
  const number = /\b[a-z]*(\d{3,})[a-z]*\b/i.exec(text)?.[1];
  const words = text.split(/\s+/).filter((w) => w !== '' && !/\d/.test(w)).join(' ');
  if (number === undefined || words === '') return [];
  const hits = index.search({ q: words, brand: input.brand, page_size: 100 }, { tenant_id: tenantId });
  // A line belongs to one maker: when the text names the brand of some hits ("Dell Latitude
  // 5440"), another maker's product that shares a word or a number is no neighbour.
  const named = new Set(text.toLowerCase().split(/\s+/));
  const sameMaker = hits.items.filter((s) => named.has(s.product.brand.toLowerCase()));
  const candidates = input.brand === undefined && sameMaker.length > 0 ? sameMaker : hits.items;
  const target = Number(number);
  const distance = (p: ProductRecord): number => {
    const n = /(\d{3,})/.exec(p.name)?.[1];
    return n === undefined || n.length !== number.length ? Number.POSITIVE_INFINITY : Math.abs(Number(n) - target);
  };
  return candidates
    .map((s) => ({ s, d: distance(s.product) }))
    .filter((x) => Number.isFinite(x.d) && x.d < 10 ** (number.length - 1))
    .sort((a, b) => a.d - b.d || (b.s.product.report_year ?? 0) - (a.s.product.report_year ?? 0))
    .slice(0, max)
    .map((x) => x.s);
}

/** The JSON body in the catalogue's column vocabulary, so private products follow the import's rules. */
function rowOf(b: CreateProductBody): Record<string, string | undefined> {
  const s = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : String(v));
  return {
    manufacturer: b.brand,
    name: b.name,
    subcategory: b.category,
    gwp_total: s(b.gwp_total_kg),
    gwp_manufacturing_ratio: s(b.phase_ratios?.manufacturing),
    gwp_use_ratio: s(b.phase_ratios?.use),
    gwp_transport_ratio: s(b.phase_ratios?.transport),
    gwp_eol_ratio: s(b.phase_ratios?.eol),
    gwp_error_ratio: s(b.error_ratio),
    yearly_tec: s(b.yearly_kwh),
    lifetime: s(b.lifetime_years),
    use_location: b.use_location,
    assembly_location: b.assembly_location,
    weight: s(b.weight_kg),
    screen_size: s(b.screen_size_in),
    memory: s(b.memory_gb),
    report_date: s(b.report_year),
    mpn: b.mpn,
    gtin: b.gtin,
    sources: b.source_url,
  };
}
