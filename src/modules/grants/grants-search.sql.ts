/**
 * The full-text half of GET /grants, in Postgres: which programmes match the query (GIN index on
 * the stored tsvector) and, for the filtered ones, their ts_rank_cd. Filters, facets and the
 * ordering run in memory (catalogue-filter.ts, text-search-cache.ts), which also remembers both
 * answers per query text for the current catalogue version.
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

export function textMatchStatement(q: string): SQL {
  return sql`select g.id from grants g, (select ${tsquerySql(q)} as q) tq where g.archived_at is null and g.search @@ tq.q`;
}

/** ts_rank_cd of the given ids (the rows that passed the in-memory filters and are not ranked yet). */
export function rankStatement(q: string, ids: readonly number[]): SQL {
  return sql`select g.id, ts_rank_cd(g.search, tq.q) as rank from grants g, (select ${tsquerySql(q)} as q) tq where g.id = any(${intArray(ids)})`;
}
