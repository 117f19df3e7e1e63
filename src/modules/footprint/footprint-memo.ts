/**
 * Serialized POST /footprint answers, by request.
 *
 * An answer is a pure function of the validated body, the model (fixed for the life of the
 * process) and, only when the body names a product, the catalogue the caller sees. Repeats are
 * the normal traffic of this API (a fleet holds the same model many times, dashboards and shop
 * pages re-ask, clients retry), so a repeat is answered from here without identifying,
 * estimating or serializing again. It is still metered: the route spends the calculation first.
 *
 * Two layers. Answers are keyed by the validated body, so texts that differ only in spacing or
 * defaults share one. In front of them, a request text seen before maps to the body it
 * validated to (so a repeat skips JSON.parse and the key's stringify, ~10 % of a repeat's cost)
 * and, for bodies that name no product, to its answer outright.
 *
 * Only successes are stored; a 422 is recomputed every time (it is cheap and carries no state).
 * Catalogue changes cannot serve stale answers: the products service's cacheScope() changes
 * with every catalogue reload and is part of the key of every body that names a product.
 */
import { LRUCache } from 'lru-cache';
import type { FootprintRequest } from './footprint.schemas.ts';

/** ~1.3 kB per answer: 10,000 answers stay under ~20 MB with their keys. */
export const FOOTPRINT_MEMO_ENTRIES = 10_000;
/** Longer texts (a body with many storage entries, say) are parsed every time rather than kept. */
export const FOOTPRINT_MEMO_TEXT_MAX = 4096;

/** A request text answered before: what it validated to and, when shareable, its answer. */
export interface KnownText {
  /**
   * Later requests with this text receive this very object as their body: nothing may change a
   * request body (the footprint service does not; a test holds it to that on frozen bodies).
   * Not frozen here: frozen objects get other hidden classes than parsed ones, and every
   * property read on request bodies would turn polymorphic.
   */
  readonly body: FootprintRequest;
  readonly json: string;
  /** The live answer of a body that names no product (the same for every caller). */
  answer: string | undefined;
}

/** What the body parser found of a request's text: known, new (the text itself), or not kept. */
export type TextSeen = KnownText | string | null;

export class FootprintMemo {
  private readonly answers: LRUCache<string, string>;
  private readonly texts: LRUCache<string, KnownText>;

  constructor(capacity = FOOTPRINT_MEMO_ENTRIES) {
    this.answers = new LRUCache({ max: capacity });
    this.texts = new LRUCache({ max: capacity });
  }

  /** For the body parser: the known text, whose body it hands on unparsed, or what to note. */
  seeText(text: string): TextSeen {
    if (text.length > FOOTPRINT_MEMO_TEXT_MAX) return null;
    return this.texts.get(text) ?? text;
  }

  /**
   * The stored answer of this body, or `compute()`'s, which is then stored. `seen` is what the
   * parser found of the body's text. `scope` is consulted only for bodies that name a product:
   * estimates from specs share one entry across tenants, because no tenant data can enter
   * them. Sandbox answers differ from live ones for the same body (fixtures, marks) and are
   * never shared with them.
   */
  answer(body: FootprintRequest, seen: TextSeen, scope: () => string, sandbox: boolean, compute: () => string): string {
    const known = typeof seen === 'object' && seen?.body === body ? seen : undefined;
    const shared = body.product === undefined && !sandbox;
    if (shared && known?.answer !== undefined) return known.answer;
    const json = known?.json ?? JSON.stringify(body);
    const key = `${body.product === undefined ? 'specs' : scope()}\u0000${json}${sandbox ? '\u0000sandbox' : ''}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute();
      this.answers.set(key, answer);
    }
    if (known !== undefined) {
      if (shared) known.answer = answer;
    } else if (typeof seen === 'string') {
      this.texts.set(seen, { body, json, answer: shared ? answer : undefined });
    }
    return answer;
  }

  get size(): number {
    return this.answers.size;
  }
}
