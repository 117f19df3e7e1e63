import { describe, expect, it } from 'vitest';
import { andBits, bitsetOf, orBits, positionsOf } from '../../src/modules/grants/operand-postings.ts';
import { evaluateTsQuery, parseTsQuery, prunedTsQuery } from '../../src/modules/grants/tsquery.ts';

/** tsquery text (as Postgres prints it) → AND/OR tree, evaluation over bitsets, pruning per row. */
describe('parseTsQuery', () => {
  it('reads operands verbatim, with prefix and weight suffixes and escaped quotes', () => {
    const p = parseTsQuery(`'heat' & 'pump':* | 'o''brien' | 'a\\\\b':AB`);
    expect(p?.operands).toEqual([`'heat'`, `'pump':*`, `'o''brien'`, `'a\\\\b':AB`]);
  });

  it('binds & tighter than | and honours parentheses', () => {
    expect(parseTsQuery(`'a' | 'b' & 'c'`)?.root).toEqual({
      op: 'or',
      args: [{ op: 'operand', key: `'a'` }, { op: 'and', args: [{ op: 'operand', key: `'b'` }, { op: 'operand', key: `'c'` }] }],
    });
    expect(parseTsQuery(`( 'a' | 'b' ) & 'c'`)?.root).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [{ op: 'operand', key: `'a'` }, { op: 'operand', key: `'b'` }] }, { op: 'operand', key: `'c'` }],
    });
  });

  it('leaves NOT, phrases and malformed text to the whole-query path; an empty query matches nothing', () => {
    expect(parseTsQuery(`'heat' & !'loan'`)).toBeNull();
    expect(parseTsQuery(`'heat' <-> 'pump'`)).toBeNull();
    expect(parseTsQuery(`'heat' <2> 'pump'`)).toBeNull();
    expect(parseTsQuery(`'heat' &`)).toBeNull();
    expect(parseTsQuery(`( 'heat'`)).toBeNull();
    expect(parseTsQuery(`'unterminated`)).toBeNull();
    expect(parseTsQuery('')).toEqual({ root: null, operands: [] });
  });
});

describe('evaluateTsQuery over bitsets', () => {
  it('computes AND/OR of postings', () => {
    const n = 70;
    const postings: Record<string, number[]> = { "'a'": [1, 2, 40, 69], "'b'": [2, 3, 40], "'c'": [5, 69] };
    const root = parseTsQuery(`'a' & 'b' | 'c'`)!.root!;
    const bits = evaluateTsQuery(root, (k) => bitsetOf(n, postings[k] ?? []), andBits, orBits);
    expect([...positionsOf(bits)]).toEqual([2, 5, 40, 69]);
  });
});

describe('prunedTsQuery', () => {
  const root = parseTsQuery(`'innov' | 'research':* | 'pilot' & 'plant':* | 'new' & 'product'`)!.root!;
  const prune = (present: string[]) => prunedTsQuery(root, (k) => present.includes(k));

  it('drops branches holding none of the row’s operands', () => {
    expect(prune([`'innov'`])).toBe(`'innov'`);
    expect(prune([`'innov'`, `'research':*`])).toBe(`( 'innov' | 'research':* )`);
    expect(prune([`'pilot'`, `'plant':*`])).toBe(`( 'pilot' & 'plant':* )`);
    expect(prune([])).toBeNull();
  });

  it('keeps a present operand of a false AND, AND-ed with an absent one (its positions still count for ts_rank_cd)', () => {
    expect(prune([`'innov'`, `'new'`])).toBe(`( 'innov' | ( 'new' & 'product' ) )`);
    expect(prune([`'innov'`, `'product'`])).toBe(`( 'innov' | ( 'product' & 'new' ) )`);
  });
});
