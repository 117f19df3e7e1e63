/**
 * The full-text half of GET /grants, in Postgres: the query as a tsquery, which programmes
 * contain each of its operands (GIN index on the stored tsvector) and ts_rank_cd of the rows that
 * passed the filters. Filters, facets and the ordering run in memory (catalogue-filter.ts,
 * text-search.ts), which also remembers the answers for the current catalogue version.
 */
import { sql, type SQL } from 'drizzle-orm';
import { expandQuery } from './search-expansion.ts';

/**
 * The query as typed (English stemming, and 'simple' for names and non-English words), OR-ed
 * with its concept-lexicon expansion, all over unaccented text like the stored tsvector.
 */
function tsquerySql(q: string): SQL {
  const expansion = expandQuery(q);
  const base = sql`websearch_to_tsquery('english', unaccent(${q})) || websearch_to_tsquery('simple', unaccent(${q}))`;
  return expansion ? sql`(${base} || to_tsquery('english', ${expansion}))` : sql`(${base})`;
}

/** Ids as one int[] parameter (drizzle would spread a JS array into a value list). */
const intArray = (ids: readonly number[]): SQL => sql`${`{${ids.map((n) => Math.trunc(n)).join(',')}}`}::int[]`;

/** Strings as one json parameter: tsquery operands carry quotes and backslashes an array literal would need escaped. */
const jsonTexts = (xs: readonly string[]): SQL => sql`${JSON.stringify(xs)}::json`;

/** The normalised tsquery of q as Postgres prints it (parsed by tsquery.ts). */
export function tsqueryTextStatement(q: string): SQL {
  return sql`select ${tsquerySql(q)}::text as q`;
}

/** Whole-query match, for queries tsquery.ts does not take apart (NOT, phrases). */
export function textMatchStatement(q: string): SQL {
  return sql`select g.id from grants g, (select ${tsquerySql(q)} as q) tq where g.archived_at is null and g.search @@ tq.q`;
}

/**
 * The programmes containing each operand (`'lex':*`), one GIN scan per operand; operands matching
 * nothing are absent. Archived ones included: testing archived_at deforms every row up to that
 * column and doubled the cost (58 → 31 ms for a concept's 22 operands on 10,000 programmes); the
 * caller tells archived ids from unknown ones with archivedIdsStatement.
 */
export function operandPostingsStatement(operands: readonly string[]): SQL {
  return sql`select o.k::int as k, array_agg(g.id) as ids
    from json_array_elements_text(${jsonTexts(operands)}) with ordinality as o(op, k)
    join lateral (select id from grants where search @@ o.op::tsquery) g on true
    group by o.k`;
}

export function archivedIdsStatement(): SQL {
  return sql`select id from grants where archived_at is not null`;
}

/** ts_rank_cd of the given ids (the rows that passed the in-memory filters and are not ranked yet). */
export function rankStatement(q: string, ids: readonly number[]): SQL {
  return sql`select g.id, ts_rank_cd(g.search, tq.q) as rank from grants g, (select ${tsquerySql(q)} as q) tq where g.id = any(${intArray(ids)})`;
}

/** ts_rank_cd of ids[i] against queries[ks[i] - 1]: each row with its own (pruned) tsquery. */
export function rankEachStatement(ids: readonly number[], ks: readonly number[], queries: readonly string[]): SQL {
  return sql`with qs as materialized (
      select k::int as k, t::tsquery as q from json_array_elements_text(${jsonTexts(queries)}) with ordinality as x(t, k)
    )
    select g.id, ts_rank_cd(g.search, qs.q) as rank
    from unnest(${intArray(ids)}, ${intArray(ks)}) as u(id, k)
    join grants g on g.id = u.id
    join qs on qs.k = u.k`;
}
