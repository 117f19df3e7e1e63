/**
 * Scoring of one catalogue product against one identification query, in [0, 1].
 *
 * MiniSearch only retrieves candidates (BM25 is unbounded and cannot say "no match");
 * this score decides. It is built so that what distinguishes models dominates:
 * - tokens with digits ("5430", "t14", "dl380") must match exactly, never fuzzily:
 *   "Latitude 5440" is not a typo of "Latitude 5430";
 * - a generation named in the query must be the product's: Gen 4 never finds Gen 1;
 * - a query that names no model number of a product that has one names its line, not it;
 * - plain words may be misspelt or abbreviated ("thinkpd", "ideacent");
 * - a model year ("mac mini m2 2023") is checked against the year in the product's name, else
 *   against its sheet's year; it can rule a product out but never counts as a missing model;
 * - words the product has but the query lacks cost a little (prefer "Latitude 5430"
 *   over "Latitude 5430 Rugged" for "latitude 5430").
 */
import type { ProductRecord } from './product-types.ts';
import { brandFamily } from './product-normalise.ts';
import { generationOfToken, NOISE_WORDS, tokeniseProductText, tokenKind, type TokenKind } from './product-tokens.ts';

const WEIGHT: Record<TokenKind, number> = { word: 1, model: 2.5, generation: 2, capacity: 0.5, year: 1.5, noise: 0.3 };
/** Share of the score from how much of the query the product explains (rest: how much of the product the query names). */
const RECALL_SHARE = 0.8;
const MISSING_MODEL_FACTOR = 0.5;
const WRONG_GENERATION_FACTOR = 0.25;
const UNLABELLED_GENERATION_FACTOR = 0.6;
const UNASKED_GENERATION_FACTOR = 0.95;
/** A name that states another model year is another revision ("MacBook Pro … 2019" vs 2020). */
const WRONG_YEAR_FACTOR = 0.7;
/** A name without a year, declared more than a year away from the one asked: probably another model. */
const OTHER_SHEET_YEAR_FACTOR = 0.9;
const WRONG_BRAND_FACTOR = 0.5;
/** A query word the product lacks is usually its product line ("iphone" vs "macbook"). */
const MISSING_WORD_FACTOR = 0.7;
/**
 * The product has a model number or generation and the query names none of it: "Latitude" or "iPhone" name a
 * line, and answering one of its products' declarations would pass a guess off as a match.
 */
const UNNAMED_MODEL_FACTOR = 0.6;
/** "Surface Laptop 6" asked, "Surface Pro 6" found (see scoreMatch). */
const OTHER_LINE_FACTOR = 0.6;
/** Generic words makers use for the same thing ("EliteBook … Notebook PC" is a laptop). */
const NOISE_SYNONYM: ReadonlyMap<string, string> = new Map(
  [['laptop', 'notebook'], ['monitor', 'display'], ['pc', 'computer']].flatMap(([a = '', b = '']) => [[a, b], [b, a]] as const),
);
/** Matching only on small numbers ("4", "7") says little: many lines have a "4". */
const ONLY_SMALL_NUMBERS_FACTOR = 0.5;

function isSmallNumber(token: string): boolean {
  return /^\d{1,2}$/.test(token);
}

/** A product prepared once at indexing time. */
export interface MatchDoc {
  brand_family: string;
  /** Unique name tokens (brand words removed) with their kind. */
  tokens: Map<string, TokenKind>;
  words: string[];
  generation: number | null;
  /** The year written in the name, else null; then `sheet_year` is the best evidence. */
  name_year: number | null;
  sheet_year: number | null;
  /** The name has a model number ("5430", "t14", "13" of "iPhone 13"). */
  has_model: boolean;
  weight: number;
}

export interface MatchQuery {
  /** `typed`: the word as written, when the typo reader took it for a generic word ("compute" → "computer"). */
  tokens: { token: string; kind: TokenKind; typed?: string }[];
  generation: number | null;
  /** Brand named inside the free text ("dell latitude 5440"), as a family. */
  brand_hint: string | null;
  /** Text for the candidate retrieval: the tokens without the brand words. */
  text: string;
}

export function prepareMatchDoc(product: ProductRecord): MatchDoc {
  const family = brandFamily(product.brand);
  const brandWords = new Set([family, product.brand.toLowerCase()]);
  const tokens = new Map<string, TokenKind>();
  for (const t of tokeniseProductText(product.name)) {
    if (!brandWords.has(t)) tokens.set(t, tokenKind(t));
  }
  let weight = 0;
  let name_year: number | null = null;
  let has_model = false;
  for (const [t, kind] of tokens) {
    weight += WEIGHT[kind];
    if (kind === 'year') name_year ??= Number(t);
    if (kind === 'model') has_model = true;
  }
  return {
    brand_family: family,
    tokens,
    words: [...tokens].filter(([, k]) => k === 'word' || k === 'noise').map(([t]) => t),
    generation: product.generation,
    name_year,
    sheet_year: product.report_year,
    has_model,
    weight,
  };
}

/** "Notebok", "Monitr": a misspelt generic word is still a generic word. */
function asNoiseWord(token: string): string | null {
  if (token.length < 5 || /\d/.test(token)) return null;
  for (const n of NOISE_WORDS) {
    if (n.length >= 5 && boundedEditDistance(token, n, 1) <= 1) return n;
  }
  return null;
}

/**
 * Query tokens. The brand (given, or the first word naming a brand the index knows,
 * as in "OMEN by HP 16") becomes a hint and its words are dropped: names never count it.
 */
export function prepareMatchQuery(text: string, knownFamilies: ReadonlySet<string>, brand: string | null = null): MatchQuery {
  const raw = tokeniseProductText(text);
  let brand_hint: string | null = brand;
  const tokens: MatchQuery['tokens'] = [];
  let generation: number | null = null;
  const seen = new Set<string>();
  for (const original of raw) {
    const family = brandFamily(original);
    if (knownFamilies.has(family)) {
      brand_hint ??= family;
      if (family === brand_hint) continue;
    }
    const noise = asNoiseWord(original);
    const token = noise ?? original;
    if (seen.has(token)) continue;
    seen.add(token);
    const kind = tokenKind(token);
    if (kind === 'generation') generation = generationOfToken(token);
    tokens.push(noise !== null && noise !== original ? { token, kind, typed: original } : { token, kind });
  }
  return { tokens, generation, brand_hint, text: tokens.map((t) => t.token).join(' ') };
}

/** Whether free text names the brand the way prepareMatchQuery reads one ("HPE Synergy" names HP; "thinkpad t14" no one). */
export function namesBrand(text: string, brand: string): boolean {
  const family = brandFamily(brand);
  return family !== '' && tokeniseProductText(text).some((t) => brandFamily(t) === family);
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Credit (0–1) for a plain word: exact 1, one typo 0.8, abbreviation 0.7; returns the doc word used. */
function wordCredit(word: string, doc: MatchDoc): { credit: number; matched: string | null } {
  if (doc.tokens.has(word)) return { credit: 1, matched: word };
  const maxEdits = word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  let best: { credit: number; matched: string | null } = { credit: 0, matched: null };
  for (const w of doc.words) {
    if (maxEdits > 0 && boundedEditDistance(word, w, maxEdits) <= maxEdits) return { credit: 0.8, matched: w };
    if (word.length >= 3 && w.startsWith(word)) best = { credit: 0.7, matched: w };
  }
  return best;
}

export function scoreMatch(query: MatchQuery, doc: MatchDoc): number {
  let asked = 0;
  let explained = 0;
  let factor = 1;
  let strongMatch = false;
  let namedModel = false;
  let missingNoise = false;
  const docMatched = new Set<string>();
  for (const { token, kind, typed } of query.tokens) {
    if (kind === 'generation') continue;
    if (kind === 'year') {
      // A year only tells revisions of one model apart: it never makes a match, it can only
      // speak against one ("iphone 2022" is as vague as "iphone").
      if (doc.tokens.has(token)) docMatched.add(token);
      else if (doc.name_year !== null) factor *= WRONG_YEAR_FACTOR;
      else if (doc.sheet_year !== null && Math.abs(doc.sheet_year - Number(token)) > 1) factor *= OTHER_SHEET_YEAR_FACTOR;
      continue;
    }
    asked += WEIGHT[kind];
    if (kind === 'noise') {
      // Generic words help tell "Surface Go" from "Surface Laptop Go" but are never required.
      const synonym = NOISE_SYNONYM.get(token);
      const same = doc.tokens.has(token)
        ? token
        : typed !== undefined && doc.tokens.has(typed)
          ? typed
          : synonym !== undefined && doc.tokens.has(synonym)
            ? synonym
            : undefined;
      if (same !== undefined) {
        explained += WEIGHT.noise;
        docMatched.add(same);
      } else {
        missingNoise = true;
      }
    } else if (kind === 'word') {
      const { credit, matched } = wordCredit(token, doc);
      explained += credit * WEIGHT.word;
      if (matched !== null) {
        docMatched.add(matched);
        strongMatch = true;
      } else {
        factor *= MISSING_WORD_FACTOR;
      }
    } else if (doc.tokens.has(token)) {
      explained += WEIGHT[kind];
      docMatched.add(token);
      if (kind === 'model') namedModel = true;
      if (!isSmallNumber(token)) strongMatch = true;
    } else if (kind === 'model') {
      factor *= MISSING_MODEL_FACTOR;
    }
  }
  if (query.generation !== null) {
    asked += WEIGHT.generation;
    if (doc.generation === query.generation) {
      explained += WEIGHT.generation;
      docMatched.add(`g${doc.generation}`);
    } else if (doc.generation !== null) {
      factor *= WRONG_GENERATION_FACTOR;
    } else if (query.generation === 1) {
      // First generations are usually sold without a "Gen 1" label.
      explained += 0.7 * WEIGHT.generation;
    } else {
      factor *= UNLABELLED_GENERATION_FACTOR;
    }
  } else if (doc.generation !== null) {
    factor *= UNASKED_GENERATION_FACTOR;
  }
  if (asked === 0) return 0;
  const namedGeneration = query.generation !== null && query.generation === doc.generation;
  if ((doc.has_model || doc.generation !== null) && !namedModel && !namedGeneration) factor *= UNNAMED_MODEL_FACTOR;
  // "Surface Laptop 6" asked, "Surface Pro 6" found: a generic word of the query the product lacks,
  // beside a word of the product the query lacks, is another line of the maker.
  if (missingNoise && doc.words.some((w) => doc.tokens.get(w) === 'word' && !docMatched.has(w))) factor *= OTHER_LINE_FACTOR;
  if (query.brand_hint !== null && query.brand_hint === doc.brand_family) strongMatch = true;
  if (!strongMatch) factor *= ONLY_SMALL_NUMBERS_FACTOR;
  let covered = 0;
  for (const t of docMatched) covered += WEIGHT[doc.tokens.get(t) ?? 'word'];
  const recall = explained / asked;
  const coverage = doc.weight === 0 ? 1 : Math.min(1, covered / doc.weight);
  if (query.brand_hint !== null && query.brand_hint !== doc.brand_family) factor *= WRONG_BRAND_FACTOR;
  return (RECALL_SHARE * recall + (1 - RECALL_SHARE) * coverage) * factor;
}
