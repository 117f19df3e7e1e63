/**
 * Matching engine: every programme of the catalogue against one company.
 * 1. hard eligibility (eligibility.ts) - matched / failed / unknown criteria;
 * 2. relevance 0-100 (relevance.ts) for programmes that are eligible or possibly eligible
 *    (only unknowns, no failure); a programme that failed a rule scores 0;
 * 3. a plain-language explanation (explanation.ts).
 * Items are sorted by score, ties: eligible before possibly-eligible before ineligible, then
 * slug (stable output for tests and the API).
 *
 * Per-programme work that does not depend on the company (rule sets, concept detection,
 * BM25 index) is done once in `prepareCatalogue` and cached per catalogue array, so a run
 * over 10,000 programmes is Set lookups plus a BM25 walk over the query terms.
 */
import type { Embedder, SemanticSignal } from './embedder.ts';
import { ProgrammeVectors, semanticSignal } from './embedder.ts';
import { Bm25Index } from './bm25.ts';
import { companyFacts, evaluateEligibility, prepareRules } from './eligibility.ts';
import type { ProgrammeRules } from './eligibility.ts';
import { explainIneligible, explainMatch } from './explanation.ts';
import type { CarbonProfile, CompanyInput, FailedCriterion, Programme, ProgrammeStatus } from './programme-types.ts';
import { buildRelevanceQuery, programmeFeatures, scoreRelevance } from './relevance.ts';
import type { ProgrammeFeatures, RelevanceBreakdown } from './relevance.ts';

export interface MatchItem {
  grant_slug: string;
  grant_title: string;
  score: number;
  /** True only when every stated rule is met; false for "possibly eligible" too. */
  eligible: boolean;
  eligibility: 'eligible' | 'unknown' | 'ineligible';
  matched_criteria: FailedCriterion[];
  failed_criteria: FailedCriterion[];
  /** Rules that could not be decided from the company's data (e.g. size without turnover). */
  unknown_criteria: FailedCriterion[];
  explanation: string;
  /** Programme status on `today` (dates applied). Not the API's match status (new/saved/dismissed). */
  programme_status: ProgrammeStatus;
  relevance: RelevanceBreakdown | null;
}

export interface MatchOptions {
  /** The day to judge call dates against, YYYY-MM-DD. Required: matching must be reproducible. */
  today: string;
  /** Also return programmes that fail a rule (score 0, with the reasons). Default false. */
  includeIneligible?: boolean;
  /** Embedding similarity from `semanticSignal`; omitted = embedder off. */
  semantic?: SemanticSignal | null;
}

export interface PreparedCatalogue {
  readonly programmes: readonly Programme[];
  readonly rules: readonly ProgrammeRules[];
  readonly features: readonly ProgrammeFeatures[];
  readonly bm25: Bm25Index;
  /** Catalogue indices in output tie order (slug, code units), so ineligible items come out sorted. */
  readonly slugOrder: Int32Array;
}

const prepared = new WeakMap<readonly Programme[], PreparedCatalogue>();

export function prepareCatalogue(programmes: readonly Programme[]): PreparedCatalogue {
  const cached = prepared.get(programmes);
  if (cached) return cached;
  const bm25 = new Bm25Index();
  for (const p of programmes) {
    bm25.add([
      { text: p.title, weight: 2 },
      { text: p.summary, weight: 1 },
      { text: p.eligibility_notes, weight: 0.5 },
      { text: p.topics.join(' ').replace(/_/g, ' '), weight: 1 },
    ]);
  }
  const catalogue: PreparedCatalogue = {
    programmes,
    rules: programmes.map(prepareRules),
    features: programmes.map(programmeFeatures),
    bm25,
    slugOrder: Int32Array.from(programmes.keys()).sort((a, b) => {
      const x = (programmes[a] as Programme).id;
      const y = (programmes[b] as Programme).id;
      return x < y ? -1 : x > y ? 1 : a - b;
    }),
  };
  prepared.set(programmes, catalogue);
  return catalogue;
}

function isPrepared(x: readonly Programme[] | PreparedCatalogue): x is PreparedCatalogue {
  return !Array.isArray(x);
}

const VERDICT_RANK = { eligible: 0, unknown: 1, ineligible: 2 } as const;

/**
 * "Not eligible: …" depends only on the failed criteria; within a run most ineligible programmes
 * fail the same shared (frozen) criterion objects (eligibility.ts), so their sentence is built
 * once. Keyed by object identity along the failed list; a list holding a one-off object is not kept.
 */
interface TextNode {
  text: string | null;
  next: Map<FailedCriterion, TextNode> | null;
}

function ineligibleText(root: TextNode, failed: readonly FailedCriterion[]): string {
  let node = root;
  for (const f of failed) {
    if (!Object.isFrozen(f)) return explainIneligible(failed);
    node.next ??= new Map();
    let child = node.next.get(f);
    if (!child) node.next.set(f, (child = { text: null, next: null }));
    node = child;
  }
  return (node.text ??= explainIneligible(failed));
}

export function matchCompany(
  company: CompanyInput,
  carbonProfile: CarbonProfile | null,
  programmes: readonly Programme[] | PreparedCatalogue,
  options: MatchOptions,
): MatchItem[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new Error(`today must be YYYY-MM-DD, got "${options.today}"`);
  const cat = isPrepared(programmes) ? programmes : prepareCatalogue(programmes);
  const facts = companyFacts(company, carbonProfile);
  const query = buildRelevanceQuery(company, carbonProfile);
  const bmQuery = cat.bm25.prepareQuery(query.bm25Terms);
  const includeIneligible = options.includeIneligible ?? false;

  // Pass 1: eligibility, and BM25 for the candidates (its max normalises the lexical part).
  // Ineligible programmes (kept only with includeIneligible) score 0 and sort after every other
  // item, by slug: walking the catalogue in slug order emits them already in output order.
  const pending: { i: number; e: ReturnType<typeof evaluateEligibility>; bm: number }[] = [];
  const ineligible: MatchItem[] = [];
  const notEligible: TextNode = { text: null, next: null };
  let bmMax = 0;
  for (let k = 0; k < cat.slugOrder.length; k++) {
    const i = cat.slugOrder[k] as number;
    const p = cat.programmes[i];
    const rules = cat.rules[i];
    if (!p || !rules) continue;
    // Cheap country pre-check: most of a large catalogue is other countries' schemes.
    if (!includeIneligible && !rules.countries.has(facts.country) && !rules.alsoOpenTo.has(facts.country) && !(rules.euWide && facts.euMember)) continue;
    const e = evaluateEligibility(facts, p, rules, options.today);
    if (e.verdict === 'ineligible') {
      if (includeIneligible) {
        ineligible.push({
          grant_slug: p.id,
          grant_title: p.title,
          score: 0,
          eligible: e.eligible,
          eligibility: e.verdict,
          matched_criteria: e.matched_criteria,
          failed_criteria: e.failed_criteria,
          unknown_criteria: e.unknown_criteria,
          explanation: ineligibleText(notEligible, e.failed_criteria),
          programme_status: e.status.status,
          relevance: null,
        });
      }
      continue;
    }
    const bm = cat.bm25.score(i, bmQuery);
    if (bm > bmMax) bmMax = bm;
    pending.push({ i, e, bm });
  }

  // Pass 2: relevance and explanation of the eligible and possibly eligible ones.
  const items: MatchItem[] = [];
  for (const { i, e, bm } of pending) {
    const p = cat.programmes[i];
    const f = cat.features[i];
    if (!p || !f) continue;
    const rel = scoreRelevance(query, f, { bm25: bm, bm25Max: bmMax, status: e.status.status, semantic: options.semantic?.similarity(p.id) ?? null });
    const score = rel.score;
    items.push({
      grant_slug: p.id,
      grant_title: p.title,
      score,
      eligible: e.eligible,
      eligibility: e.verdict,
      matched_criteria: e.matched_criteria,
      failed_criteria: e.failed_criteria,
      unknown_criteria: e.unknown_criteria,
      explanation: explainMatch({
        programme: p,
        verdict: e.verdict,
        score,
        failed: e.failed_criteria,
        unknown: e.unknown_criteria,
        status: e.status,
        relevance: rel.breakdown,
        profileReasons: query.profileReasons,
      }),
      programme_status: e.status.status,
      relevance: rel.breakdown,
    });
  }
  items.sort(
    (a, b) => b.score - a.score || VERDICT_RANK[a.eligibility] - VERDICT_RANK[b.eligibility] || (a.grant_slug < b.grant_slug ? -1 : a.grant_slug > b.grant_slug ? 1 : 0),
  );
  for (const item of ineligible) items.push(item);
  return items;
}

const vectorCache = new WeakMap<readonly Programme[], Map<string, Promise<ProgrammeVectors>>>();

/**
 * `matchCompany` with an embedder: programme vectors are built once per catalogue and
 * embedder id (cached), the company text is embedded once per call. With the disabled
 * embedder this returns exactly what `matchCompany` returns.
 */
export async function matchCompanyWithEmbedder(
  company: CompanyInput,
  carbonProfile: CarbonProfile | null,
  programmes: readonly Programme[],
  options: Omit<MatchOptions, 'semantic'> & { embedder: Embedder },
): Promise<MatchItem[]> {
  const { embedder, ...rest } = options;
  if (!embedder.enabled) return matchCompany(company, carbonProfile, programmes, rest);
  let byId = vectorCache.get(programmes);
  if (!byId) vectorCache.set(programmes, (byId = new Map()));
  let vectors = byId.get(embedder.id);
  if (!vectors) byId.set(embedder.id, (vectors = ProgrammeVectors.build(embedder, programmes)));
  const query = buildRelevanceQuery(company, carbonProfile);
  const semantic = await semanticSignal(embedder, await vectors, query.text);
  return matchCompany(company, carbonProfile, programmes, { ...rest, semantic });
}
