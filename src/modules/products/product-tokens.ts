/**
 * The domain tokeniser shared by the import (model tokens) and the search index.
 *
 * Product names are mostly model numbers, and generic full-text tokenisers get them
 * wrong: "840g10" must become "840" + "g10", "Gen 4", "4th gen" and "G4" must all be the
 * same token, and "5440" must never be treated as a typo of "5430". So generations
 * become one canonical `g<n>` token, capacities one `<n>gb`/`<n>tb` token, and tokens
 * with digits are kept intact for exact matching.
 */

export type TokenKind = 'word' | 'model' | 'generation' | 'capacity' | 'year' | 'noise';

/**
 * Words that say what kind of thing it is, not which one. They are left out of the
 * retrieval index and weigh little in scoring, but still separate "Surface Go 2" from
 * "Surface Laptop Go 2".
 */
export const NOISE_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'the', 'with', 'for', 'of', 'by', 'in', 'inch', 'inches', 'pc',
  'notebook', 'laptop', 'desktop', 'computer', 'display', 'monitor', 'system', 'server',
  'edition', 'model', 'ram', 'memory', 'storage',
]);

// g1..g12 only: "g24" (Lenovo G24-10 monitor) is a model, and no PC line is past Gen 12 yet.
const GENERATION_TOKEN = /^g(1[0-2]|[1-9])$/;
const CAPACITY_TOKEN = /^\d+(?:\.\d+)?(?:gb|tb)$/;
// A bare 199x/20xx is a model year ("MacBook Air M1 2020", "Mac mini M2 2023"), not a model
// number: no line in the catalogue has a bare four-digit number in that span (3020, 5430, 7090
// lie outside it, and "E2020H" or "P2019H" are one token).
const YEAR_TOKEN = /^(?:199\d|20[0-3]\d)$/;

function stripDiacritics(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Rewrites the notations of one concept to one spelling before splitting into tokens.
 * Order matters: generations are rewritten before "g<digits>" is split off model numbers.
 */
export function canonicaliseProductText(text: string): string {
  let s = stripDiacritics(text).toLowerCase();
  // Trademark signs and typographic quotes; ” and '' are inch marks in names.
  s = s.replace(/[™®©]/g, ' ').replace(/(\d)\s*(?:”|″|"|'')/g, '$1 inch ');
  // "4th gen", "2nd generation", "(10th generation)" -> g4 / g2 / g10
  s = s.replace(/\b(\d{1,2})\s*(?:st|nd|rd|th)\s+gen(?:eration)?\b\.?/g, ' g$1 ');
  // "gen 4", "gen4", "generation 2", "gen. 3" -> g4 / g4 / g2 / g3
  s = s.replace(/\bgen(?:eration)?\.?\s*(\d{1,2})\b/g, ' g$1 ');
  // "840g10", "t14g4" -> "840 g10", "t14 g4": a generation glued to a model number.
  s = s.replace(/(\d)g(\d{1,2})\b/g, '$1 g$2');
  // "Surface Pro 7+" is not the Pro 7: keep the plus as a word.
  s = s.replace(/([a-z0-9])\+/g, '$1 plus ');
  // "latitude5440", "Nitro3530" -> a family word glued to its number (4+ letters, so
  // model codes such as "t14", "dl380", "sr635" stay whole).
  s = s.replace(/\b([a-z]{4,})(\d)/g, '$1 $2');
  // "256 GB", "1 TB", French "300 Go" -> one capacity token.
  s = s.replace(/\b(\d+(?:\.\d+)?)\s*(gb|tb|go|to)\b/g, (_m, n: string, u: string) => ` ${n}${u === 'go' ? 'gb' : u === 'to' ? 'tb' : u} `);
  // "13-inch", "15.6 inch": the diagonal is just a number users type without the unit.
  s = s.replace(/\b(\d{1,2}(?:\.\d)?)\s*-?\s*inch(?:es)?\b/g, ' $1 ');
  return s;
}

/** Tokens of a product name or query: lowercase, diacritic-free, noise words included. */
export function tokeniseProductText(text: string): string[] {
  // A dot survives only between digits ("15.6", "1.2tb"); every other character separates.
  return canonicaliseProductText(text).match(/[a-z0-9]+(?:\.[0-9]+[a-z]*)?/g) ?? [];
}

/** The tokens worth indexing for retrieval: noise words dropped. */
export function indexTokens(text: string): string[] {
  return tokeniseProductText(text).filter((t) => !NOISE_WORDS.has(t));
}

export function tokenKind(token: string): TokenKind {
  if (NOISE_WORDS.has(token)) return 'noise';
  if (GENERATION_TOKEN.test(token)) return 'generation';
  if (CAPACITY_TOKEN.test(token)) return 'capacity';
  if (YEAR_TOKEN.test(token)) return 'year';
  if (/\d/.test(token)) return 'model';
  return 'word';
}

/** The generation number carried by a `g<n>` token, else null. */
export function generationOfToken(token: string): number | null {
  const m = GENERATION_TOKEN.exec(token);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** Generation named in a product name ("Gen 4", "G10", "9th gen"), else null. */
export function parseGeneration(name: string): number | null {
  for (const t of tokeniseProductText(name)) {
    const g = generationOfToken(t);
    if (g !== null) return g;
  }
  return null;
}

/** A model year written in a product name ("… 256GB - 2020", "Mac mini (M1 2020)"), else null. */
export function parseYearFromName(name: string): number | null {
  const year = tokeniseProductText(name).find((t) => tokenKind(t) === 'year');
  return year === undefined ? null : Number(year);
}

/** Tokens that identify a model (contain a digit) minus generations and capacities. */
export function modelTokens(name: string): string[] {
  const seen = new Set<string>();
  for (const t of tokeniseProductText(name)) {
    if (tokenKind(t) === 'model') seen.add(t);
  }
  return [...seen];
}
