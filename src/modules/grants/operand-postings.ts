/**
 * Per-operand GIN postings, remembered per catalogue version (like text-search-cache.ts: an
 * operator change or a NOTIFY hands out a new catalogue array and with it an empty memory).
 *
 * A query text is new far more often than its words are: two searches for "heat pump subsidy"
 * and "heat pump loan" share the operands 'heat' and 'pump', and every query naming a concept
 * of the lexicon shares that concept's expansion. Postgres answers "which programmes contain
 * 'research':*" once per catalogue version; any query over known operands is then an AND/OR of
 * bitsets (tsquery.ts), with no GIN scan and no heap visit.
 *
 * A bitset holds one bit per catalogue position (n/8 bytes: 1.3 KB for 10,000 programmes);
 * bounded LRU by bytes, least recently used out first.
 */
import { LRUCache } from 'lru-cache';
import type { PreparedCatalogue } from './catalogue-filter.ts';

const MAX_BYTES = 32 * 1024 * 1024;

export type Bitset = Uint32Array;

export function bitsetOf(size: number, positions: Iterable<number>): Bitset {
  const b = new Uint32Array((size + 31) >>> 5);
  for (const i of positions) b[i >>> 5]! |= 1 << (i & 31);
  return b;
}

export const hasBit = (b: Bitset, i: number): boolean => ((b[i >>> 5] as number) & (1 << (i & 31))) !== 0;

export function andBits(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = (a[w] as number) & (b[w] as number);
  return out;
}

export function orBits(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = (a[w] as number) | (b[w] as number);
  return out;
}

/** The set positions, ascending. */
export function positionsOf(b: Bitset): Int32Array {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let word = b[w] as number;
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + (31 - Math.clz32(low)));
      word ^= low;
    }
  }
  return Int32Array.from(out);
}

export class OperandPostings {
  // +1: lru-cache counts sizes from 1, and an empty catalogue's bitsets have no bytes.
  private readonly byOperand = new LRUCache<string, Bitset>({ maxSize: MAX_BYTES, sizeCalculation: (b) => b.byteLength + 1 });
  private archivedIds: Promise<Set<number>> | null = null;

  /**
   * Ids archived in this catalogue version (postings include them), loaded on first need: an id
   * neither in the catalogue nor archived is a programme added since, and the catalogue is stale.
   */
  archived(load: () => Promise<number[]>): Promise<Set<number>> {
    this.archivedIds ??= load().then(
      (ids) => new Set(ids),
      (err: unknown) => {
        this.archivedIds = null;
        throw err;
      },
    );
    return this.archivedIds;
  }

  get(key: string): Bitset | undefined {
    return this.byOperand.get(key);
  }

  put(key: string, b: Bitset): void {
    if (!this.byOperand.has(key)) this.byOperand.set(key, b);
  }

  get size(): number {
    return this.byOperand.size;
  }
}

const caches = new WeakMap<PreparedCatalogue, OperandPostings>();

/** The postings memory belonging to this catalogue version. */
export function operandPostings(prep: PreparedCatalogue): OperandPostings {
  let c = caches.get(prep);
  if (!c) caches.set(prep, (c = new OperandPostings()));
  return c;
}
