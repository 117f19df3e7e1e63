/**
 * The full-text half of GET /grants for a query text not seen on this catalogue version
 * (text-search-cache.ts remembers the answer afterwards).
 *
 * Match: Postgres normalises q into a tsquery (stemming, unaccent, concept expansion); when it is
 * an AND/OR of operands (tsquery.ts), the match set is combined from per-operand postings
 * (operand-postings.ts), fetching only the operands this catalogue version has not seen yet.
 * Queries with NOT or phrases are matched whole by Postgres, as before.
 * Rank: ts_rank_cd in Postgres, each row against q pruned to the operands it contains (same
 * rank, a fraction of the cost: see tsquery.ts).
 *
 * Measured on 10,000 programmes (bench/grants.ts, PostgreSQL): for a common word with a concept
 * expansion (~3,600 matches, ~500 after two filters) the whole-query path spent ~12 ms on the GIN
 * match and heap visits and ~10–25 ms ranking; with known operands the match is a few bitset
 * operations and the ranking ~3 ms.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import type { PreparedCatalogue } from './catalogue-filter.ts';
import * as repo from './grants.repo.ts';
import { andBits, bitsetOf, hasBit, operandPostings, orBits, positionsOf, type Bitset } from './operand-postings.ts';
import { recordRanks, textMatches, type TextMatches } from './text-search-cache.ts';
import { evaluateTsQuery, parseTsQuery, prunedTsQuery } from './tsquery.ts';

export interface MatchOptions {
  /**
   * Leave out ids this catalogue lacks instead of answering null (the caller reloaded the
   * catalogue already and takes what it has).
   */
  lenient?: boolean;
}

/**
 * The programmes of this catalogue version matching q, or null when Postgres knows a programme
 * the catalogue does not (another instance added it and its NOTIFY has not arrived yet).
 */
export async function matchText(tx: Tx, prep: PreparedCatalogue, q: string, opts: MatchOptions = {}): Promise<TextMatches | null> {
  const known = (ids: readonly number[]) => opts.lenient === true || ids.every((id) => prep.position.has(id));
  const parsed = parseTsQuery(await repo.tsqueryText(tx, q));
  if (!parsed) {
    const ids = await repo.textMatchIds(tx, q);
    return known(ids) ? textMatches(prep, ids) : null;
  }
  if (!parsed.root) return { positions: new Int32Array(0), ranks: new Float32Array(0) };

  const cache = operandPostings(prep);
  const postings = new Map<string, Bitset>();
  const missing: string[] = [];
  for (const key of parsed.operands) {
    const b = cache.get(key);
    if (b) postings.set(key, b);
    else missing.push(key);
  }
  if (missing.length > 0) {
    const fetched = await repo.operandPostings(tx, missing);
    if (!opts.lenient && [...fetched.values()].some((ids) => ids.some((id) => !prep.position.has(id)))) {
      const archived = await cache.archived(() => repo.archivedIds(tx));
      if (![...fetched.values()].every((ids) => ids.every((id) => prep.position.has(id) || archived.has(id)))) return null;
    }
    for (const [key, ids] of fetched) {
      const positions: number[] = [];
      for (const id of ids) {
        const i = prep.position.get(id);
        if (i !== undefined) positions.push(i);
      }
      const b = bitsetOf(prep.entries.length, positions);
      cache.put(key, b);
      postings.set(key, b);
    }
  }
  const leaf = (key: string) => postings.get(key) ?? bitsetOf(prep.entries.length, []);
  const positions = positionsOf(evaluateTsQuery(parsed.root, leaf, andBits, orBits));
  return { positions, ranks: new Float32Array(positions.length).fill(Number.NaN), query: { root: parsed.root, postings } };
}

/** Ranks the given matches (catalogue positions) of q in Postgres and records their ranks in t. */
export async function rankText(tx: Tx, prep: PreparedCatalogue, q: string, t: TextMatches, positions: readonly number[]): Promise<void> {
  if (positions.length === 0) return;
  const idOf = (i: number) => prep.entries[i]!.id;
  if (!t.query) {
    recordRanks(prep, t, await repo.rankIds(tx, q, positions.map(idOf)));
    return;
  }
  const { root, postings } = t.query;
  const queries = new Map<string, number>();
  const ids: number[] = [];
  const ks: number[] = [];
  for (const i of positions) {
    const pruned = prunedTsQuery(root, (key) => {
      const b = postings.get(key);
      return b !== undefined && hasBit(b, i);
    });
    // Every match contains enough operands to satisfy q; a null here would be a bug upstream.
    if (pruned === null) continue;
    let k = queries.get(pruned);
    if (k === undefined) queries.set(pruned, (k = queries.size + 1));
    ids.push(idOf(i));
    ks.push(k);
  }
  recordRanks(prep, t, await repo.rankEach(tx, ids, ks, [...queries.keys()]));
}
