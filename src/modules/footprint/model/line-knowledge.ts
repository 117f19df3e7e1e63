/**
 * Product lines the model was fitted on, recognised from a product name alone.
 *
 * The footprint service first asks the product catalogue; an installation that has imported no
 * catalogue (a fresh `npm start`) would then answer "Dell Latitude 5440" with a 422 although the
 * fitted parameters know ~120 Latitude sheets. params.json keeps one row per declared product
 * (category, brand, line, log weight, log screen, year: the sibling table), so each line's
 * category and typical specs are summarised from there once, when the model is built, and the
 * service names every borrowed value in the answer's warnings.
 */
import type { DeviceCategory } from './categories.ts';
import { round2 } from './declared.ts';
import { NOISE_WORDS } from '../../products/product-tokens.ts';
import { lineWord, seriesKey, subSeriesKey } from './features.ts';
import { median } from './numbers.ts';
import type { SiblingRow } from './types.ts';

/** What the declared products of one line (or tier) have in common. */
interface LineSummary {
  /** Human label, e.g. "Dell Latitude 5xxx". */
  label: string;
  /** The category most of its products have. */
  category: DeviceCategory;
  /** Its products of that category, behind the typical specs. */
  products: number;
  typical: { year: number | null; screen_size_in: number | null; weight_kg: number | null };
}

export interface KnownLine extends LineSummary {
  /** Lower-case brand key of the model. */
  brand: string;
  /** The brand as the caller wrote it. */
  brandName: string;
  /** The name without the brand, as the estimator reads series and tier from it. */
  model: string;
}

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 'hp' -> 'HP', 'dell' -> 'Dell': brand keys are lower case in params.json. */
export function brandLabel(key: string): string {
  return key.length <= 2 ? key.toUpperCase() : title(key);
}

function summarise(rows: readonly SiblingRow[], label: string): LineSummary {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
  const [category] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['other'];
  const same = rows.filter((r) => r[0] === category);
  const typicalOf = (i: 3 | 4): number | null => {
    const m = median(same.map((r) => r[i]).filter((v): v is number => v !== null));
    return m === null ? null : round2(Math.exp(m));
  };
  const years = same.map((r) => r[6]).filter((v): v is number => v !== null);
  return {
    label,
    category: category as DeviceCategory,
    products: same.length,
    // The newest declared year: a name asked about today is rarely older than the line's sheets.
    typical: { year: years.length > 0 ? Math.max(...years) : null, screen_size_in: typicalOf(4), weight_kg: typicalOf(3) },
  };
}

/**
 * Line words that name their maker: used by one brand only, for at least MIN_LINE_PRODUCTS of
 * its declared products, and not a word any maker could use for a product (the catalogue's
 * generic words, and these). One-sheet lines (Seagate's "Nitro") are left out: Acer sells a Nitro too.
 */
const MIN_LINE_PRODUCTS = 3;
const GENERIC_LINE_WORDS: ReadonlySet<string> = new Set([
  'tablet', 'phone', 'home', 'mini', 'smart', 'studio', 'watch', 'wifi', 'pro', 'elite', 'book', 'chromebook', 'tower', 'station', 'all', 'one',
]);

function linesOfOneMaker(lines: ReadonlyMap<string, LineSummary>): Map<string, string> {
  // Line keys are "brand:word"; a word seen for a second brand is marked null.
  const byWord = new Map<string, { brand: string | null; products: number }>();
  for (const [key, summary] of lines) {
    const [brand = '', word = ''] = key.split(':');
    const seen = byWord.get(word);
    if (seen === undefined) byWord.set(word, { brand, products: summary.products });
    else byWord.set(word, { brand: seen.brand === brand ? brand : null, products: seen.products + summary.products });
  }
  const out = new Map<string, string>();
  for (const [word, { brand, products }] of byWord) {
    if (brand !== null && word.length >= 4 && !NOISE_WORDS.has(word) && !GENERIC_LINE_WORDS.has(word) && products >= MIN_LINE_PRODUCTS) out.set(word, brand);
  }
  return out;
}

function groupBy(rows: readonly SiblingRow[], keyOf: (r: SiblingRow) => string | undefined): Map<string, SiblingRow[]> {
  const out = new Map<string, SiblingRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const group = out.get(k);
    if (group) group.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function createLineKnowledge(rows: readonly SiblingRow[], brands: readonly string[]) {
  const known = new Set(brands);
  // "dell:latitude" → "Dell Latitude"; tier "dell:latitude:5" → "Dell Latitude 5xxx", "lenovo:thinkpad:t" → "… T".
  const lineLabel = (series: string) => series.split(':').map((w, i) => (i === 0 ? brandLabel(w) : title(w))).join(' ');
  const tierLabel = (sub: string) => {
    const cut = sub.lastIndexOf(':');
    const tier = sub.slice(cut + 1);
    return `${lineLabel(sub.slice(0, cut))} ${/^\d$/.test(tier) ? `${tier}xxx` : tier.toUpperCase()}`;
  };
  const lines = new Map([...groupBy(rows, (r) => r[2])].map(([k, rs]) => [k, summarise(rs, lineLabel(k))]));
  const makerOfLine = linesOfOneMaker(lines);
  const tiers = new Map([...groupBy(rows, (r) => r[8])].map(([k, rs]) => [k, summarise(rs, tierLabel(k))]));

  /**
   * The fitted line a name belongs to, or null. The brand is the caller's, else the name's first
   * word when it is a brand of the model. The tier ("Latitude 5…") is preferred to the whole line
   * when the model has products of it, because tiers differ in size and build.
   */
  function recognise(name: string, brandHint?: string): KnownLine | null {
    const text = name.trim();
    const lower = text.toLowerCase();
    let brandName = brandHint?.trim() ?? '';
    let brand = brandName.toLowerCase();
    let model = text;
    if (brand === '') {
      const first = lower.split(/\s+/)[0] ?? '';
      if (known.has(first)) {
        brand = first;
        brandName = text.slice(0, first.length);
        model = text.slice(first.length).trim();
      } else {
        // "thinkpad t14 g4": a line word only one maker uses names the maker.
        const maker = makerOfLine.get(lineWord(text));
        if (maker === undefined) return null;
        brand = maker;
        brandName = brandLabel(maker);
      }
    } else if (!known.has(brand)) return null;
    if (lower.startsWith(brand + ' ')) model = text.slice(brand.length).trim();
    const series = seriesKey(brand, model);
    if (series === '') return null;
    const summary = tiers.get(subSeriesKey(brand, model)) ?? lines.get(series);
    return summary ? { ...summary, brand, brandName, model } : null;
  }

  return { recognise };
}
