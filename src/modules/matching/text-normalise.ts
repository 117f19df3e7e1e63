/**
 * Text folding shared by the concept lexicon and the BM25 index, so that a company writing
 * "Wärmepumpe", "warmepumpe" or "WÄRME-PUMPE" and a programme writing "heat pump" meet on the
 * same tokens. Folding: lower case, accents stripped (NFD), the letters NFD does not split
 * (ß ø æ œ ł đ þ) spelled out, "&" dropped ("R&D" -> "rd"), everything else not [a-z0-9]
 * becomes a single space.
 */

const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ı: 'i' };

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßøæœłđþı]/g, (c) => SPECIAL[c] ?? c)
    .replace(/&/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Function words of the ten lexicon languages that would otherwise dominate BM25 queries.
 * Kept short on purpose: only words that carry no topic.
 */
const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to was we will with ' +
    'der die das den dem des ein eine einen und oder mit fur von zu im in auf ist wir unsere unser bei aus als auch ' +
    'le la les un une des du de et ou en au aux pour par sur avec dans notre nos est ' +
    'el los las un una y o con para por del al en nuestro nuestra es se ' +
    'il lo gli i di da e con per nel nella della delle dei un una nostro nostra ' +
    'het een en of met voor van op in te bij ons onze is zijn ' +
    'i w z na do dla oraz lub jest sie nasz nasza ' +
    'och att med for av pa till i en ett vi var ar som ' +
    'og at med til af pa i en et vi vores er som ' +
    'ja tai on ovat se sen kanssa mme'
  ).split(' '),
);

/** Folded tokens of two or more characters, stop words removed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const t of foldText(text).split(' ')) {
    if (t.length >= 2 && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}

/**
 * Light, language-agnostic suffix stripping for BM25 only (the lexicon handles real
 * multilingual variants). Conservative so distinct words rarely collide: plural -s/-es,
 * English -ing/-ed, German/Dutch -en, final -e. "heating" -> "heat", "pumps"/"pumpen" ->
 * "pump", "recycling"/"recycled" -> "recycl".
 */
export function stem(token: string): string {
  let t = token;
  if (t.length > 4 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 5 && (t.endsWith('ed') || t.endsWith('en') || t.endsWith('es'))) return t.slice(0, -2);
  if (t.length > 4 && t.endsWith('e')) return t.slice(0, -1);
  return t;
}

export function stemmedTokens(text: string): string[] {
  return tokenize(text).map(stem);
}

/** Sentences, for negation handling ("Solar PV is not covered."). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.;!?])\s+/).filter((s) => s.trim() !== '');
}
