/**
 * Serialized POST /footprint answers, by request.
 *
 * An answer is a pure function of the validated body, the model (fixed for the life of the
 * process) and, only when the body names a product, the catalogue the caller sees. Repeats are
 * the normal traffic of this API (a fleet holds the same model many times, dashboards and shop
 * pages re-ask, clients retry), so a repeat is answered from here without identifying,
 * estimating or serializing again. It is still metered: the route spends the calculation first.
 *
 * Only successes are stored; a 422 is recomputed every time (it is cheap and carries no state).
 * Catalogue changes cannot serve stale answers: the products service's cacheScope() changes
 * with every catalogue reload and is part of the key of every body that names a product.
 */
import { LruCache } from '../products/lru-cache.ts';
import type { FootprintRequest } from './footprint.schemas.ts';

/** ~1.3 kB per answer: 10,000 answers stay under ~20 MB with their keys. */
export const FOOTPRINT_MEMO_ENTRIES = 10_000;

export class FootprintMemo {
  private readonly answers: LruCache<string, string>;

  constructor(capacity = FOOTPRINT_MEMO_ENTRIES) {
    this.answers = new LruCache(capacity);
  }

  /**
   * `catalogueScope` is consulted only for bodies that name a product: estimates from specs
   * share one entry across tenants, because no tenant data can enter them.
   */
  keyOf(body: FootprintRequest, catalogueScope: () => string): string {
    const json = JSON.stringify(body);
    return body.product === undefined ? `specs\u0000${json}` : `${catalogueScope()}\u0000${json}`;
  }

  get(key: string): string | undefined {
    return this.answers.get(key);
  }

  set(key: string, json: string): void {
    this.answers.set(key, json);
  }

  get size(): number {
    return this.answers.size;
  }
}
