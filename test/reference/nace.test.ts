import { describe, expect, it } from 'vitest';
import {
  listNace,
  naceAncestors,
  naceChildren,
  naceDivisionOf,
  naceLookup,
  naceSectionOf,
  normaliseNaceCode,
  searchNace,
} from '../../src/modules/reference/nace.ts';

describe('NACE Rev. 2 reference', () => {
  it('has the official structure: 21 sections, 88 divisions, 272 groups, 615 classes', () => {
    expect(listNace({ level: 1 })).toHaveLength(21);
    expect(listNace({ level: 2 })).toHaveLength(88);
    expect(listNace({ level: 3 })).toHaveLength(272);
    expect(listNace({ level: 4 })).toHaveLength(615);
  });

  it('looks up a class and walks its ancestors: 10.71 -> 10.7 -> 10 -> C', () => {
    expect(naceLookup('10.71')?.title).toMatch(/bread/i);
    expect(naceAncestors('10.71').map((r) => r.code)).toEqual(['C', '10', '10.7']);
    expect(naceSectionOf('10.71')).toBe('C');
    expect(naceDivisionOf('10.71')).toBe('10');
    expect(naceSectionOf('01.41')).toBe('A');
    expect(naceSectionOf('64.19')).toBe('K');
    expect(naceDivisionOf('C')).toBeNull();
  });

  it('normalises national and undotted spellings to the four NACE digits', () => {
    expect(normaliseNaceCode('1071')).toBe('10.71');
    expect(normaliseNaceCode('10.71.0')).toBe('10.71'); // WZ 2008
    expect(normaliseNaceCode('10710')).toBe('10.71'); // UK SIC 2007
    expect(normaliseNaceCode('107')).toBe('10.7');
    expect(normaliseNaceCode('c')).toBe('C');
    expect(normaliseNaceCode('bakery')).toBeNull();
    expect(naceLookup('99.99')).toBeNull();
  });

  it('searches by code prefix and by words, and filters by level and parent', () => {
    expect(searchNace('10.7').map((r) => r.code)).toEqual(['10.7', '10.71', '10.72', '10.73']);
    expect(searchNace('bread', { level: 4 }).map((r) => r.code)).toContain('10.71');
    expect(searchNace('manuf bread').every((r) => /bread/i.test(r.title))).toBe(true);
    expect(listNace({ parent: 'A' }).map((r) => r.code)).toEqual(['01', '02', '03']);
    expect(naceChildren('10.7').map((r) => r.code)).toEqual(['10.71', '10.72', '10.73']);
  });
});
