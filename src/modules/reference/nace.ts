/**
 * NACE Rev. 2 classification (Source: Eurostat, NACE Rev. 2), loaded once from
 * data/nace_rev2.csv. Pure lookups, no database: the matching engine needs a class code's
 * division and section on every match, so the tree is indexed in memory (996 rows).
 *
 * Codes are kept in the official dotted notation: section "C", division "10", group "10.7",
 * class "10.71". National five-digit variants (WZ 2008 "10.71.0", UK SIC "10710") are
 * accepted and cut to the four NACE digits, as the reference README advises.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type NaceLevel = 1 | 2 | 3 | 4;

export interface NaceCode {
  code: string;
  level: NaceLevel;
  parent_code: string | null;
  title: string;
}

interface NaceIndex {
  rows: NaceCode[];
  byCode: Map<string, NaceCode>;
  children: Map<string, NaceCode[]>;
  /** Folded title words per code, for word search. */
  words: Map<string, string[]>;
}

let index: NaceIndex | null = null;

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function load(): NaceIndex {
  if (index) return index;
  const text = readFileSync(new URL('./data/nace_rev2.csv', import.meta.url), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows: NaceCode[] = records.map((r) => {
    const level = Number(r.level);
    if (level !== 1 && level !== 2 && level !== 3 && level !== 4) throw new Error(`nace_rev2.csv: bad level for ${r.code}`);
    return { code: r.code ?? '', level, parent_code: r.parent_code ? r.parent_code : null, title: r.title ?? '' };
  });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const children = new Map<string, NaceCode[]>();
  for (const r of rows) {
    if (r.parent_code === null) continue;
    const list = children.get(r.parent_code) ?? [];
    list.push(r);
    children.set(r.parent_code, list);
  }
  const words = new Map(rows.map((r) => [r.code, fold(r.title).split(/[^a-z0-9]+/).filter(Boolean)]));
  index = { rows, byCode, children, words };
  return index;
}

/**
 * "c" -> "C", "1071" / "10.71" / "10.71.0" / "10710" -> "10.71", "107" -> "10.7", "10" -> "10".
 * Returns null for anything that is not shaped like a NACE code (existence is not checked).
 */
export function normaliseNaceCode(input: string): string | null {
  const s = input.trim().toUpperCase();
  if (/^[A-U]$/.test(s)) return s;
  if (!/^\d{2}(?:\.?\d{1,3})?(?:\.\d{1,2})?$/.test(s)) return null;
  const digits = s.replace(/\./g, '').slice(0, 4);
  if (digits.length === 2) return digits;
  if (digits.length === 3) return `${digits.slice(0, 2)}.${digits.slice(2)}`;
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}`;
}

/** The code's row, or null when it does not exist in NACE Rev. 2. */
export function naceLookup(code: string): NaceCode | null {
  const n = normaliseNaceCode(code);
  return n === null ? null : (load().byCode.get(n) ?? null);
}

/** Ancestors from the section down to the direct parent (the code itself excluded). */
export function naceAncestors(code: string): NaceCode[] {
  const self = naceLookup(code);
  if (!self) return [];
  const out: NaceCode[] = [];
  let parent = self.parent_code;
  while (parent !== null) {
    const row = load().byCode.get(parent);
    if (!row) break;
    out.unshift(row);
    parent = row.parent_code;
  }
  return out;
}

/** Section letter of any code ("10.71" -> "C"), or null for an unknown code. */
export function naceSectionOf(code: string): string | null {
  const self = naceLookup(code);
  if (!self) return null;
  return self.level === 1 ? self.code : (naceAncestors(self.code)[0]?.code ?? null);
}

/** Division of a division/group/class code ("10.71" -> "10"); null for a section or unknown code. */
export function naceDivisionOf(code: string): string | null {
  const self = naceLookup(code);
  if (!self || self.level === 1) return null;
  return self.code.slice(0, 2);
}

/** Direct children of a code (a section's divisions, a division's groups, ...). */
export function naceChildren(code: string): NaceCode[] {
  const n = normaliseNaceCode(code);
  return n === null ? [] : [...(load().children.get(n) ?? [])];
}

export interface NaceFilter {
  level?: NaceLevel;
  /** Direct parent code. */
  parent?: string;
}

/** All codes in hierarchy order, optionally filtered by level and/or direct parent. */
export function listNace(filter: NaceFilter = {}): NaceCode[] {
  const parent = filter.parent === undefined ? undefined : normaliseNaceCode(filter.parent);
  return load().rows.filter(
    (r) => (filter.level === undefined || r.level === filter.level) && (parent === undefined || r.parent_code === parent),
  );
}

export interface NaceSearchOptions extends NaceFilter {
  limit?: number;
}

/**
 * Code-shaped queries ("10.7", "107", "C") match by code prefix (a section letter matches the
 * section only; use `parent` for its subtree). Anything else is a word search on titles:
 * every query word must be a prefix of some title word ("bak" finds "bakery"); rows are
 * ranked by how specific they are (classes after their parents, hierarchy order kept).
 */
export function searchNace(query: string, options: NaceSearchOptions = {}): NaceCode[] {
  const limit = options.limit ?? 50;
  const candidates = listNace(options);
  const q = query.trim();
  if (q === '') return candidates.slice(0, limit);
  const asCode = /^[\d.]+$/.test(q) ? q.replace(/\./g, '') : /^[a-uA-U]$/.test(q) ? q.toUpperCase() : null;
  if (asCode !== null) {
    return candidates.filter((r) => r.code.replace(/\./g, '').startsWith(asCode)).slice(0, limit);
  }
  const terms = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
  const words = load().words;
  return candidates
    .filter((r) => {
      const w = words.get(r.code) ?? [];
      return terms.every((t) => w.some((x) => x.startsWith(t)));
    })
    .slice(0, limit);
}
