/**
 * Normalisers for the free-text cells of manufacturer footprint sheets (Boavizta's
 * dataset and tenant uploads in the same format). Every function is total: it returns
 * null (or an empty list) for anything it does not recognise and never throws, because
 * one odd cell must not fail an import.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { ProductCategory, ServerType, StorageDevice, StorageType } from './product-types.ts';
import { PRODUCT_CATEGORIES } from './product-types.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);

function clean(value: string | null | undefined): string {
  return (value ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Own entries only: a cell reading "__proto__" or "constructor" must not hit Object.prototype. */
function lookup<T>(table: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

function key(value: string | null | undefined): string {
  return clean(value).toLowerCase();
}

/**
 * "4", "4.0", " 4 " and (uploads from European spreadsheets) "4,5" -> number.
 * Only a lone comma is a decimal separator; "1,234" stays ambiguous and is rejected.
 */
export function parseNumber(value: string | null | undefined): number | null {
  let s = clean(value);
  if (s === '') return null;
  if (/^[+-]?\d+,\d+$/.test(s) && !/^[+-]?\d{1,3},\d{3}$/.test(s)) s = s.replace(',', '.');
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const SUBCATEGORY_MAP: Record<string, ProductCategory> = {
  laptop: 'laptop', notebook: 'laptop', chromebook: 'laptop', ultrabook: 'laptop',
  desktop: 'desktop', 'desktop pc': 'desktop',
  monitor: 'monitor', display: 'monitor', screen: 'monitor',
  workstation: 'workstation',
  'thin client': 'thin_client', 'thin-client': 'thin_client', thinclient: 'thin_client',
  'all-in-one': 'all_in_one', 'all in one': 'all_in_one', aio: 'all_in_one',
  tablet: 'tablet',
  smartphone: 'smartphone', phone: 'smartphone', 'mobile phone': 'smartphone', mobile: 'smartphone',
  server: 'server',
  // Converged systems are compute nodes in a chassis: closest to servers for footprint.
  converged: 'server', 'converged edge': 'server', 'hyperconverged': 'server',
  printer: 'printer', mfp: 'printer',
  network: 'network', router: 'network', switch: 'network', 'access point': 'network',
  'hard drive': 'storage', 'hard disk': 'storage', hdd: 'storage', ssd: 'storage',
  'san/nas': 'storage', san: 'storage', nas: 'storage', storage: 'storage',
  iot: 'other', gaming: 'other', multimedia: 'other', entertainment: 'other',
};

const ALL_IN_ONE_NAME = /\b(?:aio|all[\s-]?in[\s-]?one|imac)\b/i;
export const FORM_FACTORS = ['compact', 'sff', 'tower', 'rack'] as const;
export type FormFactor = (typeof FORM_FACTORS)[number];

// Longest names first: "small form factor" before "form", "mini tower" is a tower.
const FORM_IN_NAME: ReadonlyArray<[FormFactor, RegExp]> = [
  ['tower', /\b(?:tower|mini[\s-]?tower|mt|twr)\b/i],
  ['sff', /\b(?:sff|small form factor|sf|slim)\b/i],
  ['compact', /\b(?:tiny|mini|micro|nano|usff|ultra small|dm|desktop mini)\b/i],
  ['rack', /\brack\b/i],
];

/**
 * The chassis a name states ("OptiPlex 7090 Micro", "EliteDesk 800 G6 SFF", "Vostro 3888 Mini
 * Tower", "Precision 3930 Rack"), or null. Only meaningful for desktop-class boxes: a "mini"
 * laptop says nothing about a chassis, so callers gate it by category.
 */
export function parseFormFactorFromName(name: string | null | undefined): FormFactor | null {
  if (!name) return null;
  for (const [form, re] of FORM_IN_NAME) if (re.test(name)) return form;
  return null;
}

/** The sizes a sheet states, when known: they correct a subcategory the sizes contradict. */
export interface CategorySizes {
  screen_in?: number | null;
  weight_kg?: number | null;
}

/** What normaliseCategory decided, and why when the sizes overruled the label. */
export interface CategoryDecision {
  category: ProductCategory;
  /** Set when the sheet's sizes changed the category its label gave. */
  reason: string | null;
}

/**
 * API category from the sheet's subcategory (or top-level category, for uploads that
 * put an API category there) and the name. Desktops whose name says all-in-one (AIO,
 * All-in-One, AiO, and Apple's iMac, which is one) become `all_in_one`: their screen
 * changes the footprint a lot. Unknown labels fall back to `other`, never to a guess.
 */
export function normaliseCategory(
  subcategory: string | null | undefined,
  name?: string | null,
  category?: string | null,
  sizes?: CategorySizes,
): ProductCategory {
  return decideCategory(subcategory, name, category, sizes).category;
}

/**
 * normaliseCategory with its reason. Boavizta's file labels 35 Dell notebooks (Inspiron 14,
 * Precision 7750, Vostro 15) and Lenovo's "z" all-in-ones "Desktop"; the sheets' own sizes
 * say what they are. A "desktop" with a built-in panel of 19 inches or more is an
 * all-in-one; one with a notebook panel (up to 18.4 inches) that weighs 4 kg or less is a
 * laptop. A name that says tower, SFF, tiny, mini, micro or rack keeps it a desktop.
 */
export function decideCategory(
  subcategory: string | null | undefined,
  name?: string | null,
  category?: string | null,
  sizes?: CategorySizes,
): CategoryDecision {
  const candidates = [key(subcategory), key(category)];
  let found: ProductCategory | null = null;
  for (const c of candidates) {
    if (c === '') continue;
    const direct = (PRODUCT_CATEGORIES as readonly string[]).includes(c.replace(/[\s-]+/g, '_'))
      ? (c.replace(/[\s-]+/g, '_') as ProductCategory)
      : null;
    found = direct ?? lookup(SUBCATEGORY_MAP, c) ?? null;
    if (found !== null) break;
  }
  if (found === null) return { category: 'other', reason: null };
  if (found !== 'desktop') return { category: found, reason: null };
  const n = clean(name);
  if (ALL_IN_ONE_NAME.test(n)) return { category: 'all_in_one', reason: null };
  const screen = sizes?.screen_in ?? null;
  // A name that states a chassis names a screenless box, whatever a size cell says.
  if (screen === null || screen <= 0 || parseFormFactorFromName(n) !== null) return { category: 'desktop', reason: null };
  if (screen >= 19) return { category: 'all_in_one', reason: `labelled desktop with a ${screen}-inch screen: taken as an all-in-one` };
  const kg = sizes?.weight_kg ?? null;
  if (screen <= 18.4 && kg !== null && kg > 0 && kg <= 4) {
    return { category: 'laptop', reason: `labelled desktop with a ${screen}-inch screen and ${kg} kg: taken as a laptop` };
  }
  return { category: 'desktop', reason: null };
}

const REGION_ALIASES: Record<string, string> = {
  ww: 'WW', worldwide: 'WW', world: 'WW', global: 'WW', glo: 'WW',
  eu: 'EU', europe: 'EU', eu27: 'EU', 'eu-27': 'EU', 'european union': 'EU',
  // Manufacturers declaring "North America" use the US grid mix; treat it as US.
  us: 'US', usa: 'US', 'north america': 'US', 'united states': 'US', 'united states of america': 'US',
  asia: 'Asia', apac: 'Asia',
  cn: 'CN', china: 'CN', prc: 'CN',
  kr: 'KR', korea: 'KR', 'south korea': 'KR',
  uk: 'GB',
};

/**
 * Region or country code: `WW`, `EU`, `US`, `Asia`, or an ISO 3166-1 alpha-2 code
 * (country names in English are converted). Unrecognised text -> null.
 */
export function normaliseLocation(value: string | null | undefined): string | null {
  const k = key(value);
  if (k === '') return null;
  const alias = lookup(REGION_ALIASES, k);
  if (alias !== undefined) return alias;
  if (/^[a-z]{2}$/.test(k) && countries.isValid(k.toUpperCase())) return k.toUpperCase();
  return countries.getAlpha2Code(clean(value), 'en') ?? null;
}

/** Like normaliseLocation, but the sheets' "default" (no declared assembly site) is null. */
export function normaliseAssemblyLocation(value: string | null | undefined): string | null {
  const k = key(value);
  if (k === 'default' || k === 'unknown' || k === 'n/a') return null;
  return normaliseLocation(value);
}

/**
 * Brand display names. HP Inc. and Hewlett Packard Enterprise are separate companies
 * since 2015, so they stay separate brands ("HP" and "HPE"); brandFamily() lets a
 * search for either find both, because users still write "HP ProLiant".
 */
const BRAND_ALIASES: Record<string, string> = {
  hp: 'HP', 'hp inc': 'HP', 'hp inc.': 'HP', 'hewlett-packard': 'HP', 'hewlett packard': 'HP',
  hpe: 'HPE', 'hewlett packard enterprise': 'HPE', 'hewlett-packard enterprise': 'HPE',
  dell: 'Dell', 'dell inc': 'Dell', 'dell inc.': 'Dell', 'dell technologies': 'Dell', 'dell emc': 'Dell',
  lenovo: 'Lenovo', apple: 'Apple', 'apple inc.': 'Apple', google: 'Google', microsoft: 'Microsoft',
  seagate: 'Seagate', lexmark: 'Lexmark', samsung: 'Samsung', asus: 'ASUS', fairphone: 'Fairphone',
  acer: 'Acer', fujitsu: 'Fujitsu', toshiba: 'Toshiba', dynabook: 'Dynabook', cisco: 'Cisco',
  lg: 'LG', 'lg electronics': 'LG', philips: 'Philips', eizo: 'EIZO', benq: 'BenQ', iiyama: 'iiyama',
  xiaomi: 'Xiaomi', huawei: 'Huawei', sony: 'Sony', canon: 'Canon', brother: 'Brother',
  epson: 'Epson', kyocera: 'Kyocera', ricoh: 'Ricoh', xerox: 'Xerox', netgear: 'NETGEAR',
  'western digital': 'Western Digital', wd: 'Western Digital', synology: 'Synology', msi: 'MSI',
};

export function normaliseBrand(value: string | null | undefined): string | null {
  const c = clean(value);
  if (c === '') return null;
  const alias = lookup(BRAND_ALIASES, c.toLowerCase());
  if (alias !== undefined) return alias;
  // Unknown brand: keep the maker's casing unless the uploader shouted or whispered it.
  if (c === c.toUpperCase() || c === c.toLowerCase()) {
    return c.length <= 3 ? c.toUpperCase() : c.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  }
  return c;
}

/** Lowercase family used for brand filters: HP and HPE are one family. */
export function brandFamily(brand: string | null | undefined): string {
  const b = (normaliseBrand(brand) ?? '').toLowerCase();
  return b === 'hpe' ? 'hp' : b;
}

/** Year of a report date written as "December 2018", "2022-2-6", "26/07/2019", "2017"… */
export function parseReportYear(value: string | null | undefined): number | null {
  const m = /(?:^|\D)((?:19|20)\d{2})(?:\D|$)/.exec(clean(value));
  return m?.[1] === undefined ? null : Number(m[1]);
}

const STORAGE_ITEM =
  /(?:\bx\s*(\d{1,2})\s+)?(?:\b(ssd|hdd|nvme|emmc|flash)\s*)?(\d+(?:[.,]\d+)?)\s*(gb|tb|go|to)\b(?:\s*\d(?:\.\d+)?\s*(?:in|inch|")(?![a-z]))?(?:\s*(ssd|hdd|nvme|emmc|flash)\b)?/gi;
const MAX_DRIVES_PER_ITEM = 64;

function storageTypeOf(word: string | undefined): StorageType | null {
  if (word === undefined) return null;
  return word.toLowerCase() === 'hdd' ? 'hdd' : 'ssd';
}

/**
 * Drives from free text such as "SSD 256GB", "x2 1TB 3.5in HDD",
 * "x1 480GB 2.5in SSD x1 960GB 2.5in SSD". A capacity with no SSD/HDD word gets
 * `defaultType` (null = drop it: a bare "1TB" in a server could be either).
 * Capacities followed by "memory"/"RAM" are RAM, not storage. "26ppm" (printers) and
 * drive counts without a capacity ("1 SSD", "x4 2.5in HDD Blank") yield nothing.
 * TB are decimal (1 TB = 1000 GB), as drive makers count.
 */
export function parseStorage(text: string | null | undefined, defaultType: StorageType | null = null): StorageDevice[] {
  const s = clean(text);
  const out: StorageDevice[] = [];
  for (const m of s.matchAll(STORAGE_ITEM)) {
    const after = s.slice((m.index ?? 0) + m[0].length);
    if (/^\s*(?:of\s+)?(?:memory|ram|unified memory)\b/i.test(after)) continue;
    const amount = parseNumber(m[3]);
    const unit = (m[4] ?? '').toLowerCase();
    if (amount === null || amount <= 0) continue;
    const type = storageTypeOf(m[2] ?? m[5]) ?? defaultType;
    if (type === null) continue;
    const capacity_gb = Math.round((unit === 'tb' || unit === 'to' ? amount * 1000 : amount) * 1000) / 1000;
    const count = Math.min(Number(m[1] ?? '1'), MAX_DRIVES_PER_ITEM);
    for (let i = 0; i < count; i++) out.push({ type, capacity_gb });
  }
  return out;
}

/**
 * The sheet's `yearly_tec` as kWh a year. Lexmark's is the ENERGY STAR "typical electricity
 * consumption", stated in kWh per WEEK: read as a year's, its sheets imply ~25-70 kg CO2e per kWh,
 * and a use phase re-based on it for another country came out 52 times too small. Converted by
 * rule (not by looking at the use share), so fitted sheet grid factors stay physical.
 */
export function yearlyKwhFromSheet(brand: string | null | undefined, tec: number | null): number | null {
  if (tec === null) return null;
  return (brand ?? '').toLowerCase() === 'lexmark' ? Math.round(tec * 52 * 1000) / 1000 : tec;
}

/** Flash-only device classes: a capacity without SSD/HDD is flash there (and on Apple products). */
const FLASH_CATEGORIES: ReadonlySet<string> = new Set(['laptop', 'tablet', 'smartphone', 'all_in_one', 'thin_client']);

/** The drive type a bare capacity ("256GB") stands for in a name, or null where it could be either. */
export function defaultStorageType(category: string, brand: string | null | undefined): StorageType | null {
  return FLASH_CATEGORIES.has(category) || (brand ?? '').toLowerCase() === 'apple' ? 'ssd' : null;
}

/** RAM named in a product name: "with 32GB memory", "1.5TB memory" -> GB. */
export function parseMemoryFromName(name: string | null | undefined): number | null {
  const m = /(\d+(?:\.\d+)?)\s*(gb|tb)\s+(?:of\s+)?(?:unified\s+)?(?:memory|ram)\b/i.exec(clean(name));
  if (m?.[1] === undefined) return null;
  const n = Number(m[1]);
  return (m[2] ?? '').toLowerCase() === 'tb' ? n * 1024 : n;
}

/** Diagonal named in a product name: "13-inch", "15.6 Inch", "Fortis 14” G10". */
export function parseScreenSizeFromName(name: string | null | undefined): number | null {
  const m = /(?:^|[^\d.])(\d{1,2}(?:\.\d)?)\s*-?\s*(?:inch(?:es)?\b|”|″|")/i.exec(clean(name));
  if (m?.[1] === undefined) return null;
  const n = Number(m[1]);
  return n >= 3 && n <= 110 ? n : null;
}

/** Rack/Tower/Blade; other labels in that column (printer types, drive form factors) -> null. */
export function parseServerType(value: string | null | undefined): ServerType | null {
  const k = key(value);
  return k === 'rack' || k === 'tower' || k === 'blade' ? k : null;
}

/** Printer speed, which the upstream sheets store in the hard_drive column ("26ppm"). */
export function parsePrinterPpm(value: string | null | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*ppm$/i.exec(clean(value));
  return m?.[1] === undefined ? null : Number(m[1]);
}

/**
 * `<brand>:<name>`, lowercased, diacritics and trademark signs removed, whitespace
 * collapsed. Punctuation is kept on purpose: upstream "IdeaPad 1 14" (US sheet, 2020)
 * and "IdeaPad 1-14" (EU sheet, 2019) are different declarations, not duplicates.
 */
export function sourceKey(brand: string, name: string): string {
  const k = (s: string): string =>
    s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[™®©]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${k(brand)}:${k(name)}`;
}

/** MPN as printed: uppercase, no spaces; null when empty. */
export function normaliseMpn(value: string | null | undefined): string | null {
  const s = clean(value).toUpperCase().replace(/\s+/g, '');
  return s === '' ? null : s;
}

/** GTIN-8/12/13/14 as a 14-digit string when its check digit is right, else null. */
export function normaliseGtin(value: string | null | undefined): string | null {
  const digits = clean(value).replace(/[\s-]/g, '');
  if (!/^(?:\d{8}|\d{12,14})$/.test(digits)) return null;
  const padded = digits.padStart(14, '0');
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(padded[13]) ? padded : null;
}
