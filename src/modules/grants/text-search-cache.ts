/**
 * Memory of the full-text half of GET /grants, per catalogue version (the cached array the
 * matching engine also reads; an operator change or a NOTIFY from another instance hands out a
 * new array, and with it an empty memory — nothing here outlives the catalogue it describes).
 *
 * For each recent query text `q` (exact, after trimming: the same string Postgres receives):
 * - which programmes match it (the GIN text match, done once per q);
 * - the ts_rank_cd of every match some request has already ranked. A request ranks in Postgres
 *   only the matches that pass its filters and are not ranked yet, so the same q with other
 *   filters or another page costs no ranking at all once those rows were seen.
 * A rank depends only on the stored tsvector and q, both fixed for a catalogue version, so a
 * remembered rank is exactly what Postgres would answer again.
 *
 * Bounded LRU: at most MAX_QUERIES query texts and MAX_SLOTS remembered matches in all
 * (8 bytes each, ~16 MiB at most), least recently used first out.
 *
 * Relevance ties are broken here, in JS, by the lower-cased title in code-point order, then id
 * (as the title sort); Postgres used `lower(title) collate "C"`, which agrees except where
 * lower() is locale-dependent (non-ASCII capitals under a C ctype) and only between equal ranks.
 * Measured (bench/grants.ts, 10,000 programmes): a repeated query text answers without a database
 * round trip; a new one costs the text match plus the ranking of its filtered rows, in one
 * transaction (text-search.ts).
 */
import { LRUCache } from 'lru-cache';
import type { PreparedCatalogue } from './catalogue-filter.ts';
import type { Bitset } from './operand-postings.ts';
import type { TsNode } from './tsquery.ts';

const MAX_QUERIES = 500;
const MAX_SLOTS = 2_000_000;

export interface TextMatches {
  /** Catalogue positions matching q, ascending. */
  readonly positions: Int32Array;
  /** ts_rank_cd of positions[k] (stored as Postgres' float4), NaN while not ranked yet. */
  readonly ranks: Float32Array;
  /**
   * q as an AND/OR tree with the postings of its operands (text-search.ts), so each row can be
   * ranked with the query pruned to what it contains; absent for NOT/phrase queries, which are
   * ranked whole. The postings are shared with operand-postings.ts, not copied.
   */
  readonly query?: { root: TsNode; postings: ReadonlyMap<string, Bitset> };
}

/** Builds the match set of q from the ids Postgres returned (ids this catalogue lacks are left out). */
export function textMatches(prep: PreparedCatalogue, ids: readonly number[]): TextMatches {
  const found: number[] = [];
  for (const id of ids) {
    const i = prep.position.get(id);
    if (i !== undefined) found.push(i);
  }
  const positions = Int32Array.from(found).sort();
  return { positions, ranks: new Float32Array(positions.length).fill(Number.NaN) };
}

/** Index of a catalogue position in `positions`, or -1. */
function slotOf(t: TextMatches, position: number): number {
  let lo = 0;
  let hi = t.positions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = t.positions[mid] as number;
    if (v === position) return mid;
    if (v < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The given matches (catalogue positions) whose rank is not known yet. */
export function unranked(t: TextMatches, matches: readonly number[]): number[] {
  return matches.filter((i) => Number.isNaN(t.ranks[slotOf(t, i)] ?? 0));
}

/** Records ranks answered by Postgres (by programme id). */
export function recordRanks(prep: PreparedCatalogue, t: TextMatches, rows: readonly { id: number; rank: number }[]): void {
  for (const r of rows) {
    const i = prep.position.get(r.id);
    const k = i === undefined ? -1 : slotOf(t, i);
    if (k >= 0) t.ranks[k] = r.rank;
  }
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of the matches by relevance: ts_rank_cd descending, then lower-cased title (code-point
 * order, as the title sort), then id. A match Postgres could not rank (it vanished between two
 * statements) sorts last.
 */
export function relevancePage(prep: PreparedCatalogue, t: TextMatches, matches: readonly number[], offset: number, limit: number): number[] {
  if (offset >= matches.length) return [];
  const rank = (i: number) => {
    const r = t.ranks[slotOf(t, i)] ?? Number.NaN;
    return Number.isNaN(r) ? -Infinity : r;
  };
  const keyed = matches.map((i) => ({ i, r: rank(i) }));
  keyed.sort(
    (a, b) =>
      b.r - a.r ||
      byCodePoint(prep.titleKey[a.i] as string, prep.titleKey[b.i] as string) ||
      (prep.entries[a.i]?.id ?? 0) - (prep.entries[b.i]?.id ?? 0),
  );
  return keyed.slice(offset, offset + limit).map((k) => k.i);
}

/** The LRU of one catalogue version. */
export class TextSearchCache {
  // Bounded by queries and by stored positions (+1: an empty match still takes a slot).
  private readonly byQuery = new LRUCache<string, TextMatches>({ max: MAX_QUERIES, maxSize: MAX_SLOTS, sizeCalculation: (t) => t.positions.length + 1 });

  get(q: string): TextMatches | undefined {
    return this.byQuery.get(q);
  }

  /** Remembers q's matches (an entry another request stored meanwhile wins) and returns the kept one. */
  put(q: string, t: TextMatches): TextMatches {
    const existing = this.get(q);
    if (existing) return existing;
    if (t.positions.length >= MAX_SLOTS) return t;
    this.byQuery.set(q, t);
    return t;
  }

  get size(): number {
    return this.byQuery.size;
  }
}

const caches = new WeakMap<PreparedCatalogue, TextSearchCache>();

/** The memory belonging to this catalogue version. */
export function textSearchCache(prep: PreparedCatalogue): TextSearchCache {
  let c = caches.get(prep);
  if (!c) caches.set(prep, (c = new TextSearchCache()));
  return c;
}
