/**
 * The catalogue's filter and facet fields as integer columns, built once per catalogue array
 * (catalogue-filter.ts `prepareCatalogue`). GET /grants tests every candidate row against the
 * same few vocabularies; `Array.includes` on string arrays and string-keyed counters per row
 * were most of its time, codes and typed arrays make each test a load and a compare.
 */
import type { Programme } from '../matching/programme-types.ts';
import type { CountryCriterion } from './grants-filters.ts';

/** Strings ↔ dense codes, in first-seen order; grows when new values are coded. */
export class Codebook {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];

  constructor(seed: readonly string[] = []) {
    for (const v of seed) this.code(v);
  }

  code(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.codes.set(v, c);
      this.values.push(v);
    }
    return c;
  }

  /** The code of v, or -1 when v was never coded (so no row has it). */
  find(v: string): number {
    return this.codes.get(v) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }

  /** 1 at the codes of the given values: a criterion's accepted set. */
  flags(values: readonly string[]): Uint8Array {
    const out = new Uint8Array(this.size);
    for (const v of values) {
      const c = this.find(v);
      if (c >= 0) out[c] = 1;
    }
    return out;
  }
}

/** One string list per row, coded: row i's codes are codes[start[i]] … codes[start[i + 1] - 1], duplicates kept. */
export interface CodedLists {
  start: Int32Array;
  codes: Int32Array;
}

function codedLists(rows: readonly (readonly string[])[], book: Codebook): CodedLists {
  const start = new Int32Array(rows.length + 1);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    start[i] = total;
    total += (rows[i] as readonly string[]).length;
  }
  start[rows.length] = total;
  const codes = new Int32Array(total);
  let at = 0;
  for (const row of rows) for (const v of row) codes[at++] = book.code(v);
  return { start, codes };
}

function listHas(l: CodedLists, i: number, code: number): boolean {
  const end = l.start[i + 1] as number;
  for (let j = l.start[i] as number; j < end; j++) if (l.codes[j] === code) return true;
  return false;
}

export interface CatalogueColumns {
  fundingBook: Codebook;
  funding: Int32Array;
  topicBook: Codebook;
  topics: CodedLists;
  /** Codes of `countries` and `also_open_to` (one book: a criterion's code is looked up once). */
  countryBook: Codebook;
  countries: CodedLists;
  alsoOpenTo: CodedLists;
  sizeBook: Codebook;
  sizes: CodedLists;
  /** Status codes; the book outlives a day's re-derivation so codes stay stable. */
  statusBook: Codebook;
  /** Row flags per criterion, keyed by code; bounded by the books' sizes, not by queries. */
  openTo: Map<number, Uint8Array>;
  sizeAllowed: Map<number, Uint8Array>;
}

export function catalogueColumns(programmes: readonly Programme[], statusSeed: readonly string[]): CatalogueColumns {
  const fundingBook = new Codebook();
  const topicBook = new Codebook();
  const countryBook = new Codebook();
  const sizeBook = new Codebook();
  return {
    fundingBook,
    funding: Int32Array.from(programmes, (p) => fundingBook.code(p.funding_type)),
    topicBook,
    topics: codedLists(programmes.map((p) => p.topics), topicBook),
    countryBook,
    countries: codedLists(programmes.map((p) => p.countries), countryBook),
    alsoOpenTo: codedLists(programmes.map((p) => p.also_open_to), countryBook),
    sizeBook,
    sizes: codedLists(programmes.map((p) => p.eligible_company_sizes), sizeBook),
    statusBook: new Codebook(statusSeed),
    openTo: new Map(),
    sizeAllowed: new Map(),
  };
}

/** Rows open to the country as `openToCountry` decides it (listed, EU-wide for a member, or also open to it). */
export function rowsOpenTo(cols: CatalogueColumns, c: CountryCriterion): Uint8Array {
  const code = cols.countryBook.find(c.code);
  const eu = c.euMember ? cols.countryBook.find('EU') : -1;
  const key = (code + 1) * 2 + (eu >= 0 ? 1 : 0);
  let rows = cols.openTo.get(key);
  if (!rows) {
    const n = cols.funding.length;
    rows = new Uint8Array(n);
    if (code >= 0 || eu >= 0) {
      for (let i = 0; i < n; i++) {
        const open = (code >= 0 && (listHas(cols.countries, i, code) || listHas(cols.alsoOpenTo, i, code))) || (eu >= 0 && listHas(cols.countries, i, eu));
        if (open) rows[i] = 1;
      }
    }
    cols.openTo.set(key, rows);
  }
  return rows;
}

/** Rows whose eligible_company_sizes include the size. */
export function rowsAllowingSize(cols: CatalogueColumns, size: string): Uint8Array {
  const code = cols.sizeBook.find(size);
  let rows = cols.sizeAllowed.get(code);
  if (!rows) {
    const n = cols.funding.length;
    rows = new Uint8Array(n);
    if (code >= 0) for (let i = 0; i < n; i++) if (listHas(cols.sizes, i, code)) rows[i] = 1;
    cols.sizeAllowed.set(code, rows);
  }
  return rows;
}

/**
 * A facet's counts per code and the codes in the order they were first counted: the keys come
 * out in that order, as they did from string-keyed counters (the JSON response shows it).
 */
export interface Tally {
  counts: Int32Array;
  order: number[];
}

export const tally = (book: Codebook): Tally => ({ counts: new Int32Array(book.size), order: [] });

/** Takes the arrays rather than the Tally: the hot loop keeps them in locals. */
export function bump(counts: Int32Array, order: number[], code: number): void {
  const was = counts[code] as number;
  counts[code] = was + 1;
  if (was === 0) order.push(code);
}

export function tallyRecord(t: Tally, book: Codebook): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of t.order) out[book.values[code] as string] = t.counts[code] as number;
  return out;
}
