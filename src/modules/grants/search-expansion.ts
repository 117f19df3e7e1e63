/**
 * Cross-language search: the stored tsvector is English (plus a 'simple' part for names), so a
 * query in another language is expanded with the English terms of the concepts it names.
 * "Wärmepumpe" and "pompe à chaleur" both fire the lexicon's `heat_pump` concept, whose English
 * terms become `(heat & pump:*) | heatpump:*`, OR-ed with the literal query in SQL.
 */
import { conceptById, detectConcepts } from '../matching/concept-lexicon.ts';

/**
 * One lexicon term ("heat pump", "insulat", "leds$") → a to_tsquery('english') operand, or null
 * when the term cannot be expressed (inner wildcards such as "decarboni* plan").
 * A lexicon term matches word prefixes unless it ends in `$`; a truncated word ("insulat",
 * "efficien") is not a prefix of its English stem ("insul", "effici"), so a trailing "at"/"en"
 * is dropped before the `:*` prefix marker.
 */
export function termToTsquery(term: string): string | null {
  let t = term.trim();
  if (t.startsWith('*')) t = t.slice(1);
  const whole = t.endsWith('$');
  if (whole) t = t.slice(0, -1);
  if (t.includes('*') || !/^[a-z0-9 ]+$/.test(t)) return null;
  const words = t.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  if (!whole) {
    const last = words[words.length - 1] as string;
    const trimmed = last.length > 5 ? last.replace(/(at|en)$/, '') : last;
    words[words.length - 1] = `${trimmed}:*`;
  }
  // AND rather than <-> (phrase): a phrase operator forces the GIN index to recheck every
  // candidate's tsvector (3-4× slower on 10k programmes); ts_rank_cd still rewards adjacency.
  return words.length === 1 ? (words[0] as string) : `(${words.join(' & ')})`;
}

const cache = new Map<string, string | null>();

/** The English tsquery text for a concept's terms, or null when it has none usable. */
function conceptQuery(id: string): string | null {
  if (cache.has(id)) return cache.get(id) ?? null;
  const en = conceptById(id)?.terms.en ?? '';
  const parts = [...new Set(en.split('|').map(termToTsquery).filter((x): x is string => x !== null))];
  const out = parts.length > 0 ? parts.join(' | ') : null;
  cache.set(id, out);
  return out;
}

/** The expansion of a free-text query (to OR with the query itself), or null when it names no concept. */
export function expandQuery(q: string): string | null {
  const parts = [...detectConcepts(q)].sort().map(conceptQuery).filter((x): x is string => x !== null);
  return parts.length > 0 ? parts.map((p) => `(${p})`).join(' | ') : null;
}
