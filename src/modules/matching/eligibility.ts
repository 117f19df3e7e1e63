/**
 * Hard eligibility rules: country (incl. `also_open_to`), region, company size, NACE
 * include/exclude, status, project size vs. minimum award. Each rule lands in exactly one of
 * matched / failed / unknown with a sentence a company can read. A programme is `eligible`
 * only when nothing failed AND nothing is unknown: a missing fact is reported, never guessed
 * (verdict "unknown" = "possibly eligible, tell us X").
 *
 * Everything that depends only on the company is computed once (`companyFacts`), everything
 * that depends only on the programme once per catalogue (`prepareRules`), so the per-pair
 * check is a handful of Set lookups.
 */
import { possibleSizeClasses, missingSizeFigures } from '../companies/size-class.ts';
import type { SizeClass } from '../companies/size-class.ts';
import { countryName, isEuMember, normaliseCountryCode } from '../reference/eu-membership.ts';
import { naceAncestors, naceLookup } from '../reference/nace.ts';
import { regionCountry, regionLabel, regionLineage } from '../reference/regions.ts';
import type { CarbonProfile, CompanyInput, Criterion, DerivedStatus, FailedCriterion, Programme } from './programme-types.ts';
import { formatEur, formatList, statusPhrase } from './explanation.ts';

export interface CompanyFacts {
  country: string;
  countryLabel: string;
  euMember: boolean;
  /** The given region and every region containing it; empty when no region was given. */
  regions: string[];
  /** NACE lineage codes (section, division, group, class) of a valid code; empty if invalid. */
  nace: Set<string>;
  naceGiven: string;
  naceSection: string | null;
  naceLevel: number;
  sizes: SizeClass[];
  missingSize: string[];
  /** Sum of the planned projects' capex; `complete` false when some project has none. */
  project: { total_eur: number | null; complete: boolean };
}

export interface ProgrammeRules {
  euWide: boolean;
  countries: Set<string>;
  alsoOpenTo: Set<string>;
  regions: string[];
  sizes: Set<SizeClass>;
  allSizes: boolean;
  eligibleNace: string[];
  excludedNace: string[];
  /** Pre-rendered phrases reused in every detail string (matching runs them 10,000s of times). */
  territory: string;
  sizesLabel: string;
  eligibleNaceLabel: string;
  excludedNaceLabel: string;
  regionsLabel: string;
  /** The sector rule's identity (include and exclude lists): programmes sharing it get the same verdict. */
  sectorKey: string;
  /** The award-range rule's identity (min, max, funding rate). */
  amountKey: string;
}

export interface EligibilityResult {
  verdict: 'eligible' | 'unknown' | 'ineligible';
  eligible: boolean;
  matched_criteria: FailedCriterion[];
  failed_criteria: FailedCriterion[];
  unknown_criteria: FailedCriterion[];
  status: DerivedStatus;
}

/**
 * Project size = SUM of the planned projects' capex: SMEs usually bundle measures into one
 * application or loan, and the only amount rule that can exclude is the minimum award, so
 * the sum is the fair test ("can the whole plan reach the minimum?"). `complete` is false
 * when some project has no capex: the sum is then only a lower bound.
 */
export function projectTotal(profile: CarbonProfile | null): { total_eur: number | null; complete: boolean } {
  const projects = profile?.planned_projects ?? [];
  let total = 0;
  let known = 0;
  for (const p of projects) {
    if (typeof p.capex_eur === 'number' && Number.isFinite(p.capex_eur) && p.capex_eur >= 0) {
      total += p.capex_eur;
      known++;
    }
  }
  return { total_eur: known === 0 ? null : total, complete: known === projects.length };
}

export function companyFacts(company: CompanyInput, profile: CarbonProfile | null): CompanyFacts {
  const row = naceLookup(company.nace_code);
  const lineage = row ? [...naceAncestors(row.code).map((a) => a.code), row.code] : [];
  const size = { employees: company.employees, turnover_eur: company.turnover_eur, balance_sheet_eur: company.balance_sheet_eur };
  const country = normaliseCountryCode(company.country);
  return {
    country,
    countryLabel: countryName(country),
    euMember: isEuMember(country),
    regions: company.region ? regionLineage(company.region) : [],
    nace: new Set(lineage),
    naceGiven: company.nace_code,
    naceSection: lineage[0] ?? null,
    naceLevel: row?.level ?? 0,
    sizes: possibleSizeClasses(size),
    missingSize: missingSizeFigures(size),
    project: projectTotal(profile),
  };
}

export function prepareRules(p: Programme): ProgrammeRules {
  const euWide = p.countries.includes('EU');
  const listed = p.countries.filter((c) => c !== 'EU').map(countryName);
  const base = euWide ? ['the 27 EU member states', ...listed] : listed;
  const extra = p.also_open_to.map(countryName);
  const regions = p.regions.length ? ` (${formatList(p.regions.map(regionLabel), 'or')} only)` : '';
  const territory = (extra.length ? `${formatList(base)} (also ${formatList(extra)})` : formatList(base)) + regions;
  const sizes = new Set(p.eligible_company_sizes);
  return {
    euWide,
    countries: new Set(p.countries.map(normaliseCountryCode)),
    alsoOpenTo: new Set(p.also_open_to.map(normaliseCountryCode)),
    regions: p.regions.map((r) => r.toUpperCase()),
    sizes,
    allSizes: sizes.size === 4,
    eligibleNace: p.eligible_nace,
    excludedNace: p.excluded_nace,
    territory,
    sizesLabel: `${formatList([...sizes])} enterprises`,
    eligibleNaceLabel: formatList(p.eligible_nace.map(naceLabel)),
    excludedNaceLabel: formatList(p.excluded_nace.map(naceLabel)),
    regionsLabel: formatList(p.regions.map(regionLabel), 'or'),
    sectorKey: `${p.eligible_nace.join(',')}|${p.excluded_nace.join(',')}`,
    amountKey: `${p.min_amount_eur}|${p.max_amount_eur}|${p.funding_rate_pct}`,
  };
}

/**
 * Status on `today` (YYYY-MM-DD) from the stated status and the call dates:
 * - stated `closed` stays closed (the programme ended; dates cannot reopen it);
 * - today inside [opens_at, closes_at] (both known) -> open;
 * - today after closes_at: an `upcoming` scheme stays upcoming (that date is the last round,
 *   a new one is expected); an `open`/`rolling` one becomes closed (its deadline passed and
 *   no successor is known);
 * - today before opens_at -> upcoming;
 * - otherwise the stated status. Deadlines are inclusive (a call closing today is open).
 */
export function deriveStatus(p: Programme, today: string): DerivedStatus {
  const stated = p.status;
  if (stated === 'closed') return { status: 'closed', reason: null };
  const { opens_at: opens, closes_at: closes } = p;
  if (opens !== null && closes !== null && opens <= today && today <= closes) {
    return stated === 'open' ? { status: 'open', reason: null } : { status: 'open', reason: `call open from ${opens} to ${closes}` };
  }
  if (closes !== null && today > closes) {
    if (stated === 'upcoming') return { status: 'upcoming', reason: null };
    return { status: 'closed', reason: `the call closed on ${closes}` };
  }
  if (opens !== null && today < opens) {
    return stated === 'upcoming' ? { status: 'upcoming', reason: null } : { status: 'upcoming', reason: `the call opens on ${opens}` };
  }
  return { status: stated, reason: null };
}

function checkCountry(f: CompanyFacts, r: ProgrammeRules): [boolean, string] {
  const name = f.countryLabel;
  if (r.countries.has(f.country)) return [true, `Open to applicants in ${name}`];
  if (r.euWide && f.euMember) return [true, `EU-wide programme; ${name} is an EU member state`];
  if (r.alsoOpenTo.has(f.country)) return [true, `Open to ${name} as a participating non-EU country`];
  return [false, `Only open to applicants in ${r.territory}; your company is in ${name}`];
}

function checkSize(f: CompanyFacts, r: ProgrammeRules): [boolean | 'unknown', string] {
  if (r.allSizes) return [true, 'Open to companies of every size'];
  const allowed = r.sizesLabel;
  const fits = f.sizes.filter((s) => r.sizes.has(s));
  if (fits.length === f.sizes.length) {
    return [true, f.sizes.length === 1 ? `Open to ${allowed}; your company is ${f.sizes[0]}` : `Open to ${allowed}`];
  }
  if (fits.length === 0) {
    return [false, `Only for ${allowed} (EU SME definition); your company is ${formatList(f.sizes, 'or')}`];
  }
  const missing = f.missingSize.length ? ` (add ${formatList(f.missingSize, 'or')})` : '';
  return ['unknown', `Only for ${allowed}; your size class is unknown${missing}: it could be ${formatList(f.sizes, 'or')}`];
}

/**
 * Include list: pass when the company's section or division is listed. A company that gave
 * only a section cannot be placed in a listed division of that section: unknown.
 */
function checkSector(f: CompanyFacts, r: ProgrammeRules): [boolean | 'unknown', string] {
  if (r.eligibleNace.length === 0 && r.excludedNace.length === 0) return [true, 'Open to all sectors'];
  const yours = `your NACE code ${f.naceGiven}`;
  if (f.naceLevel === 0) return ['unknown', `Sector rules apply, but ${yours} is not a valid NACE Rev. 2 code`];
  const inSectionOnly = (codes: string[]): boolean =>
    f.naceLevel === 1 && codes.some((c) => /^\d{2}$/.test(c) && naceLookup(c)?.parent_code === f.naceSection);
  const hit = (codes: string[]): string | undefined => codes.find((c) => f.nace.has(c));
  const excluded = hit(r.excludedNace);
  if (excluded) return [false, `Excludes NACE ${naceLabel(excluded)}; ${yours} falls under it`];
  if (inSectionOnly(r.excludedNace)) {
    return ['unknown', `Excludes NACE ${r.excludedNaceLabel}; give your division or class code`];
  }
  if (r.eligibleNace.length === 0) return [true, `Your sector is not among the excluded ones (NACE ${formatList(r.excludedNace)})`];
  const included = hit(r.eligibleNace);
  if (included) return [true, `Limited to NACE ${formatList(r.eligibleNace)}; ${yours} is in ${naceLabel(included)}`];
  if (inSectionOnly(r.eligibleNace)) {
    return ['unknown', `Limited to NACE ${r.eligibleNaceLabel}; give your division or class code`];
  }
  return [false, `Limited to NACE ${r.eligibleNaceLabel}; ${yours} is in section ${f.naceSection}`];
}

function naceLabel(code: string): string {
  const row = naceLookup(code);
  const kind = /^[A-U]$/.test(code) ? 'section' : 'division';
  return row ? `${kind} ${code} (${row.title.charAt(0) + row.title.slice(1).toLowerCase()})` : code;
}

/**
 * The minimum award is the only amount rule that can exclude: the best award a project can
 * get is capex x funding_rate_pct (100% when no rate is stated, e.g. loans). If even that is
 * below `min_amount_eur`, the project is too small. `max_amount_eur` caps the award, it does
 * not cap the project: a larger project still qualifies and gets at most the cap (said in the
 * detail). Not evaluated without a EUR range or without a known project total.
 */
function checkProjectSize(f: CompanyFacts, p: Programme): [boolean | 'unknown', string] | null {
  const { min_amount_eur: min, max_amount_eur: max } = p;
  const total = f.project.total_eur;
  if ((min === null && max === null) || total === null) return null;
  const rate = (p.funding_rate_pct ?? 100) / 100;
  const bestAward = total * rate;
  const rateText = p.funding_rate_pct === null ? '' : ` at up to ${p.funding_rate_pct}% funding`;
  if (min !== null && bestAward < min) {
    if (!f.project.complete) return null; // a project without capex might still lift the total
    return [false, `Minimum award is ${formatEur(min)}; your planned projects (${formatEur(total)})${rateText} reach at most ${formatEur(bestAward)}`];
  }
  if (max !== null && bestAward > max) {
    return [true, `Your planned projects (${formatEur(total)}) qualify; the award is capped at ${formatEur(max)}`];
  }
  const range = min !== null ? `minimum award ${formatEur(min)}` : `awards up to ${formatEur(max ?? 0)}`;
  return [true, `Your planned projects (${formatEur(total)}) fit the ${range}`];
}

/**
 * What one criterion decided, shared between the programmes (and, for the status, the runs) it
 * is identical for. The objects are frozen: a match item may hold the same one as 9,000 others
 * (an `include_ineligible` run over a large catalogue is mostly the same few "country" failures).
 */
interface Decided {
  outcome: boolean | 'unknown';
  item: FailedCriterion;
}

const decided = (criterion: Criterion, outcome: boolean | 'unknown', detail: string): Decided =>
  Object.freeze({ outcome, item: Object.freeze({ criterion, detail }) });

/** Per company (one CompanyFacts = one matching run): decisions keyed by the programme-side phrase they depend on. */
interface RunMemo {
  countryOk: Map<string, Decided>;
  countryFailed: Map<string, Decided>;
  size: Map<string, Decided>;
  sector: Map<string, Decided>;
  projectSize: Map<string, Decided | null>;
}

const runMemos = new WeakMap<CompanyFacts, RunMemo>();

function runMemo(f: CompanyFacts): RunMemo {
  let m = runMemos.get(f);
  if (!m) runMemos.set(f, (m = { countryOk: new Map(), countryFailed: new Map(), size: new Map(), sector: new Map(), projectSize: new Map() }));
  return m;
}

/**
 * Status decisions are interned by (status, reason): most programmes read "Open for applications"
 * or "Rolling: …", so they share one frozen DerivedStatus and criterion (bounded table).
 */
interface StatusDecision {
  status: DerivedStatus;
  decided: Decided;
}

const statusTable = new Map<string, StatusDecision>();

function internStatus(status: DerivedStatus): StatusDecision {
  const key = `${status.status}\u0000${status.reason === null ? '\u0001' : status.reason}`;
  let s = statusTable.get(key);
  if (!s) {
    if (statusTable.size >= 10_000) statusTable.clear();
    statusTable.set(key, (s = { status: Object.freeze(status), decided: decided('status', status.status !== 'closed', statusPhrase(status)) }));
  }
  return s;
}

/**
 * A programme's status depends on its stated status, its dates and the day only: remembered per
 * programme object for the last day asked (and re-derived should those fields differ).
 */
interface StatusMemo {
  day: string;
  stated: Programme['status'];
  opens: string | null;
  closes: string | null;
  decision: StatusDecision;
}

const statusMemo = new WeakMap<Programme, StatusMemo>();

function statusOn(p: Programme, today: string): StatusDecision {
  let s = statusMemo.get(p);
  if (!s || s.day !== today || s.stated !== p.status || s.opens !== p.opens_at || s.closes !== p.closes_at) {
    s = { day: today, stated: p.status, opens: p.opens_at, closes: p.closes_at, decision: internStatus(deriveStatus(p, today)) };
    statusMemo.set(p, s);
  }
  return s.decision;
}

function countryDecision(f: CompanyFacts, r: ProgrammeRules, m: RunMemo): Decided {
  // The three ways to pass read the same for every programme; a failure names the programme's territory.
  const key = r.countries.has(f.country) ? 'listed' : r.euWide && f.euMember ? 'eu' : r.alsoOpenTo.has(f.country) ? 'also' : null;
  const map = key === null ? m.countryFailed : m.countryOk;
  const k = key ?? r.territory;
  let d = map.get(k);
  if (!d) map.set(k, (d = decided('country', ...checkCountry(f, r))));
  return d;
}

function projectSizeDecision(f: CompanyFacts, p: Programme, r: ProgrammeRules, m: RunMemo): Decided | null {
  if ((p.min_amount_eur === null && p.max_amount_eur === null) || f.project.total_eur === null) return null;
  let d = m.projectSize.get(r.amountKey);
  if (d === undefined) {
    const c = checkProjectSize(f, p);
    m.projectSize.set(r.amountKey, (d = c ? decided('project_size', ...c) : null));
  }
  return d;
}

/** Pushes a decision onto the list its outcome belongs to (no closures: this runs 10,000s of times a run). */
function file(d: Decided, matched: FailedCriterion[], failed: FailedCriterion[], unknown: FailedCriterion[]): void {
  (d.outcome === 'unknown' ? unknown : d.outcome ? matched : failed).push(d.item);
}

function regionCriterion(f: CompanyFacts, r: ProgrammeRules): [boolean | 'unknown', string] {
  const where = r.regionsLabel;
  const sameCountry = r.regions.filter((x) => regionCountry(x) === f.country);
  if (sameCountry.length === 0) return [true, `Regional restriction (${where}) does not apply in ${f.countryLabel}`];
  if (f.regions.length === 0) return ['unknown', `Only for companies located in ${where}; your profile has no region`];
  if (f.regions.some((x) => r.regions.includes(x))) return [true, `Located in ${where}`];
  return [false, `Only for companies located in ${where}; your company is in ${regionLabel(f.regions[0] ?? '')}`];
}

/** The verdict of one programme for one company. */
export function evaluateEligibility(f: CompanyFacts, p: Programme, r: ProgrammeRules, today: string): EligibilityResult {
  const matched: FailedCriterion[] = [];
  const failed: FailedCriterion[] = [];
  const unknown: FailedCriterion[] = [];
  const m = runMemo(f);
  const country = countryDecision(f, r, m);
  file(country, matched, failed, unknown);
  // Region only means something inside the right country; a wrong country already failed.
  if (r.regions.length > 0 && country.outcome === true) {
    const [outcome, detail] = regionCriterion(f, r);
    (outcome === 'unknown' ? unknown : outcome ? matched : failed).push({ criterion: 'region', detail });
  }
  const sizeKey = r.allSizes ? '' : r.sizesLabel;
  let size = m.size.get(sizeKey);
  if (!size) m.size.set(sizeKey, (size = decided('company_size', ...checkSize(f, r))));
  file(size, matched, failed, unknown);
  let sector = m.sector.get(r.sectorKey);
  if (!sector) m.sector.set(r.sectorKey, (sector = decided('sector', ...checkSector(f, r))));
  file(sector, matched, failed, unknown);
  const status = statusOn(p, today);
  file(status.decided, matched, failed, unknown);
  const amount = projectSizeDecision(f, p, r, m);
  if (amount) file(amount, matched, failed, unknown);
  const verdict = failed.length > 0 ? 'ineligible' : unknown.length > 0 ? 'unknown' : 'eligible';
  return { verdict, eligible: verdict === 'eligible', matched_criteria: matched, failed_criteria: failed, unknown_criteria: unknown, status: status.status };
}
