/**
 * The ISO 3166-2 regions the grant catalogue restricts programmes to, with English names, and
 * the lower-level subdivisions that lie inside them. A company may give its province or
 * département (BE-VAN Antwerp, FR-92 Hauts-de-Seine) rather than the region; a programme for
 * Flanders or Île-de-France must still recognise it. Only Belgium and Île-de-France are
 * mapped below the region; for the UK only the four nations are known (a council-area code
 * such as GB-EDH is not resolved to GB-SCT and is matched as given).
 */

const REGION_NAMES: Readonly<Record<string, string>> = {
  'BE-VLG': 'Flanders',
  'BE-WAL': 'Wallonia',
  'BE-BRU': 'Brussels-Capital Region',
  'FR-IDF': 'Île-de-France',
  'GB-ENG': 'England',
  'GB-WLS': 'Wales',
  'GB-SCT': 'Scotland',
  'GB-NIR': 'Northern Ireland',
};

/** Subdivision -> the region that contains it. */
const PARENT_REGION: Readonly<Record<string, string>> = {
  // Flemish provinces
  'BE-VAN': 'BE-VLG',
  'BE-VBR': 'BE-VLG',
  'BE-VLI': 'BE-VLG',
  'BE-VOV': 'BE-VLG',
  'BE-VWV': 'BE-VLG',
  // Walloon provinces
  'BE-WBR': 'BE-WAL',
  'BE-WHT': 'BE-WAL',
  'BE-WLG': 'BE-WAL',
  'BE-WLX': 'BE-WAL',
  'BE-WNA': 'BE-WAL',
  // Île-de-France départements (FR-75C is Paris's code since the 2024 ISO update)
  'FR-75': 'FR-IDF',
  'FR-75C': 'FR-IDF',
  'FR-77': 'FR-IDF',
  'FR-78': 'FR-IDF',
  'FR-91': 'FR-IDF',
  'FR-92': 'FR-IDF',
  'FR-93': 'FR-IDF',
  'FR-94': 'FR-IDF',
  'FR-95': 'FR-IDF',
};

export function normaliseRegionCode(code: string): string {
  return code.trim().toUpperCase().replace('_', '-');
}

/** The code itself followed by every region that contains it ("BE-VAN" -> ["BE-VAN", "BE-VLG"]). */
export function regionLineage(code: string): string[] {
  const out: string[] = [];
  let c: string | undefined = normaliseRegionCode(code);
  while (c !== undefined && !out.includes(c)) {
    out.push(c);
    c = Object.hasOwn(PARENT_REGION, c) ? PARENT_REGION[c] : undefined;
  }
  return out;
}

/** "Flanders (BE-VLG)" for known regions, the bare code otherwise. */
export function regionLabel(code: string): string {
  const c = normaliseRegionCode(code);
  const name = Object.hasOwn(REGION_NAMES, c) ? REGION_NAMES[c] : undefined;
  return name ? `${name} (${c})` : c;
}

/** Country part of an ISO 3166-2 code ("BE-VLG" -> "BE"). */
export function regionCountry(code: string): string {
  return normaliseRegionCode(code).slice(0, 2);
}
