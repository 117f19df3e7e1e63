/**
 * Product lines the model was fitted on, recognised from a product name alone.
 *
 * The footprint service first asks the product catalogue; an installation that has imported no
 * catalogue (a fresh `npm start`) would then answer "Dell Latitude 5440" with a 422 although the
 * fitted parameters know ~120 Latitude sheets. params.json keeps one row per declared product
 * (category, brand, line, log weight, log screen, year: the sibling table), so the line's
 * category and typical specs can be read from there, with every borrowed value named in the
 * answer's warnings by the caller.
 */
import type { DeviceCategory } from './categories.ts';
import { seriesKey, subSeriesKey } from './features.ts';
import type { SiblingRow } from './types.ts';

export interface KnownLine {
  /** Lower-case brand key of the model. */
  brand: string;
  /** The brand as the caller wrote it. */
  brandName: string;
  /** The name without the brand, as the estimator reads series and tier from it. */
  model: string;
  /** Human label of the matched line, e.g. "Dell Latitude 5xxx". */
  label: string;
  category: DeviceCategory;
  /** Declared products of that line (and category) behind the typical specs. */
  products: number;
  typical: { year: number | null; screen_size_in: number | null; weight_kg: number | null };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function createLineKnowledge(rows: readonly SiblingRow[], brands: readonly string[]) {
  const known = new Set(brands);
  const bySeries = new Map<string, SiblingRow[]>();
  const bySubseries = new Map<string, SiblingRow[]>();
  for (const r of rows) {
    if (r[2] !== '') bySeries.set(r[2], [...(bySeries.get(r[2]) ?? []), r]);
    const sub = r[8];
    if (sub) bySubseries.set(sub, [...(bySubseries.get(sub) ?? []), r]);
  }

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
      if (!known.has(first)) return null;
      brand = first;
      brandName = text.slice(0, first.length);
      model = text.slice(first.length).trim();
    } else if (!known.has(brand)) return null;
    if (lower.startsWith(brand + ' ')) model = text.slice(brand.length).trim();
    const series = seriesKey(brand, model);
    if (series === '') return null;
    const subseries = subSeriesKey(brand, model);
    const tier = subseries ? bySubseries.get(subseries) : undefined;
    const line = tier ?? bySeries.get(series);
    if (!line || line.length === 0) return null;

    const counts = new Map<string, number>();
    for (const r of line) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
    const [category] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['other'];
    const same = line.filter((r) => r[0] === category);
    const exp = (i: 3 | 4): number | null => {
      const m = median(same.map((r) => r[i]).filter((v): v is number => v !== null));
      return m === null ? null : round2(Math.exp(m));
    };
    const years = same.map((r) => r[6]).filter((v): v is number => v !== null);
    const lineWord = series.slice(brand.length + 1);
    const tierWord = tier && subseries ? subseries.slice(series.length + 1) : '';
    const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    return {
      brand,
      brandName,
      model,
      label: `${title(brand)} ${title(lineWord)}${tierWord ? ` ${/^\d$/.test(tierWord) ? `${tierWord}xxx` : tierWord.toUpperCase()}` : ''}`,
      category: category as DeviceCategory,
      products: same.length,
      // The newest declared year: a name asked about today is rarely older than the line's sheets.
      typical: { year: years.length > 0 ? Math.max(...years) : null, screen_size_in: exp(4), weight_kg: exp(3) },
    };
  }

  return { recognise };
}

export type LineKnowledge = ReturnType<typeof createLineKnowledge>;
