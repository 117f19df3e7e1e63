import { describe, expect, it } from 'vitest';
import { countryMembership, euMemberStates, isEeaMember, isEftaMember, isEuMember, normaliseCountryCode } from '../../src/modules/reference/eu-membership.ts';
import { regionLabel, regionLineage } from '../../src/modules/reference/regions.ts';

describe('EU / EEA / EFTA membership', () => {
  it('lists the 27 member states', () => {
    const eu = euMemberStates();
    expect(eu).toHaveLength(27);
    expect(eu).toContain('DE');
    expect(eu).not.toContain('GB');
  });

  it('separates EU, EEA-EFTA, Switzerland and the UK', () => {
    expect([isEuMember('NO'), isEeaMember('NO'), isEftaMember('NO')]).toEqual([false, true, true]);
    expect([isEuMember('CH'), isEeaMember('CH'), isEftaMember('CH')]).toEqual([false, false, true]);
    expect([isEuMember('GB'), isEeaMember('GB'), isEftaMember('GB')]).toEqual([false, false, false]);
    expect(isEuMember('US')).toBe(false);
  });

  it('accepts the Eurostat spellings EL and UK', () => {
    expect(normaliseCountryCode('el')).toBe('GR');
    expect(countryMembership('UK')?.alpha2).toBe('GB');
    expect(countryMembership('EL')?.eurostat_code).toBe('EL');
  });

  it('places provinces and départements inside their region', () => {
    expect(regionLineage('BE-VAN')).toEqual(['BE-VAN', 'BE-VLG']);
    expect(regionLineage('fr-92')).toEqual(['FR-92', 'FR-IDF']);
    expect(regionLineage('BE-BRU')).toEqual(['BE-BRU']);
    expect(regionLabel('GB-SCT')).toBe('Scotland (GB-SCT)');
  });
});
