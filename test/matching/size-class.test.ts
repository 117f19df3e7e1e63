import { describe, expect, it } from 'vitest';
import { possibleSizeClasses, sizeClass } from '../../src/modules/companies/size-class.ts';

describe('sizeClass (Recommendation 2003/361/EC)', () => {
  it.each([
    [{ employees: 9, turnover_eur: 2_000_000 }, 'micro'],
    [{ employees: 9, turnover_eur: 3_000_000, balance_sheet_eur: 1_500_000 }, 'micro'], // balance sheet rescues micro
    [{ employees: 9, turnover_eur: 3_000_000, balance_sheet_eur: 2_500_000 }, 'small'], // both over 2m -> small
    [{ employees: 10, turnover_eur: 500_000 }, 'small'], // 10 is not < 10
    [{ employees: 49, turnover_eur: 10_000_000 }, 'small'], // ceiling is "not exceeding"
    [{ employees: 49, turnover_eur: 12_000_000, balance_sheet_eur: 8_000_000 }, 'small'],
    [{ employees: 49, turnover_eur: 12_000_000, balance_sheet_eur: 11_000_000 }, 'medium'],
    [{ employees: 50, turnover_eur: 1_000_000 }, 'medium'],
    [{ employees: 249, turnover_eur: 50_000_000 }, 'medium'],
    [{ employees: 249, turnover_eur: 60_000_000, balance_sheet_eur: 43_000_000 }, 'medium'],
    [{ employees: 249, turnover_eur: 60_000_000, balance_sheet_eur: 44_000_000 }, 'large'], // both financial ceilings broken
    [{ employees: 250, turnover_eur: 1_000_000 }, 'large'], // 250 staff is large
    [{ employees: 35, turnover_eur: 4_000_000 }, 'small'], // Bäckerei Müller
  ] as const)('%o -> %s', (input, expected) => {
    expect(sizeClass(input)).toBe(expected);
  });

  it('returns null only when missing figures leave several classes possible', () => {
    expect(sizeClass({ employees: 30 })).toBeNull();
    expect(possibleSizeClasses({ employees: 30 })).toEqual(['small', 'medium', 'large']);
    expect(possibleSizeClasses({ employees: 5, turnover_eur: 3_000_000 })).toEqual(['micro', 'small']);
    expect(sizeClass({ employees: 30, turnover_eur: 4_000_000 })).toBe('small'); // turnover alone settles it
    expect(sizeClass({ employees: 300 })).toBe('large'); // headcount alone settles it
    expect(sizeClass({ employees: null, turnover_eur: 100_000_000, balance_sheet_eur: 100_000_000 })).toBe('large');
    expect(possibleSizeClasses({ employees: null })).toEqual(['micro', 'small', 'medium', 'large']);
    expect(sizeClass({ employees: -3, turnover_eur: 1 })).toBeNull(); // invalid = missing
  });
});
