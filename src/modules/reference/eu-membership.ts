/**
 * EU / EEA / EFTA membership flags from data/eu_eea.csv (EU-27, IS, LI, NO, CH, GB).
 * No npm country package carries these flags, hence the small table. Association to a
 * specific EU funding programme is NOT membership: the grant catalogue models that per
 * programme (`also_open_to`), so nothing here should be used to widen an EU programme.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);

export interface CountryMembership {
  alpha2: string;
  alpha3: string;
  name: string;
  eu_member: boolean;
  eea_member: boolean;
  efta_member: boolean;
  /** Code used in EU documents and Eurostat (EL for Greece, UK for the United Kingdom). */
  eurostat_code: string;
}

let table: Map<string, CountryMembership> | null = null;

function load(): Map<string, CountryMembership> {
  if (table) return table;
  const text = readFileSync(new URL('./data/eu_eea.csv', import.meta.url), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  table = new Map(
    records.map((r) => {
      const row: CountryMembership = {
        alpha2: r.alpha2 ?? '',
        alpha3: r.alpha3 ?? '',
        name: r.name ?? '',
        eu_member: r.eu_member === 'true',
        eea_member: r.eea_member === 'true',
        efta_member: r.efta_member === 'true',
        eurostat_code: r.eurostat_code ?? '',
      };
      return [row.alpha2, row];
    }),
  );
  return table;
}

/**
 * ISO 3166-1 alpha-2 in upper case. The Eurostat spellings EL (Greece) and UK (United
 * Kingdom) are mapped to GR and GB because users paste codes from EU documents.
 */
export function normaliseCountryCode(code: string): string {
  const c = code.trim().toUpperCase();
  if (c === 'EL') return 'GR';
  if (c === 'UK') return 'GB';
  return c;
}

/** The row for a country, or null for a country outside EU/EEA/EFTA/GB. */
export function countryMembership(code: string): CountryMembership | null {
  return load().get(normaliseCountryCode(code)) ?? null;
}

export function isEuMember(code: string): boolean {
  return countryMembership(code)?.eu_member ?? false;
}

export function isEeaMember(code: string): boolean {
  return countryMembership(code)?.eea_member ?? false;
}

export function isEftaMember(code: string): boolean {
  return countryMembership(code)?.efta_member ?? false;
}

/** Alpha-2 codes of the 27 EU member states, sorted. */
export function euMemberStates(): string[] {
  return [...load().values()]
    .filter((c) => c.eu_member)
    .map((c) => c.alpha2)
    .sort();
}

/** All rows of the table (EU-27, EEA-EFTA, CH, GB) in file order. */
export function listMemberships(): CountryMembership[] {
  return [...load().values()];
}

/**
 * English short name for messages ("Germany"); the table's names first (they say "Czechia",
 * "United Kingdom"), then i18n-iso-countries, then the code itself.
 */
export function countryName(code: string): string {
  const c = normaliseCountryCode(code);
  return countryMembership(c)?.name ?? countries.getName(c, 'en', { select: 'official' }) ?? c;
}
