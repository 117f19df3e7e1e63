/**
 * Relevance score 0-100 of an (eligible or possibly eligible) programme for a company, with a
 * breakdown the explanation reads. Components, each 0..1:
 *   concept  - the company's measures (lexicon concepts from its project texts) that the
 *              programme text offers; a measure the programme explicitly rules out counts against
 *   topic    - overlap of the company's topics (explicit project topics + concept topics) with
 *              the programme's: coverage of the company's needs, plus focus of the programme
 *   lexical  - BM25 of the project texts (expanded with the concepts' English terms, since the
 *              catalogue is written in English) against the programme text, relative to the best
 *   profile  - carbon-profile signals: heavy scope 1 favours fuel switching / electrification,
 *              heavy scope 2 favours own renewables and efficiency, no data favours an audit
 *   semantic - embedding similarity, only when an Embedder is plugged in (off by default)
 * Weighted 35/25/20/20 (semantic takes 20 and the rest shrink); components without input
 * (no projects, no profile) drop out and the rest are renormalised. Multipliers, each an
 * advisor's rule of thumb: upcoming programme (cannot apply today) x0.9; an R&D programme for
 * a company whose plans show no innovation x0.7 (it funds development, they deploy proven
 * kit); EU-wide or multi-country competitive calls x0.9 against national/regional schemes
 * (narrower competition, made for local firms); project scale vs. award range (below).
 */
import { detectConcepts, detectConceptsWithNegation, conceptById, topicsOfConcepts } from './concept-lexicon.ts';
import { queryTerms } from './bm25.ts';
import { projectTotal } from './eligibility.ts';
import type { CarbonProfile, CompanyInput, Programme, ProgrammeStatus, Topic } from './programme-types.ts';
import { TOPICS } from './programme-types.ts';

export interface RelevanceQuery {
  concepts: Map<string, number>;
  topics: Map<Topic, number>;
  profileSignals: Map<Topic, number>;
  profileReasons: string[];
  bm25Terms: Map<string, number>;
  /** Company text for an embedder. */
  text: string;
  wantsInnovation: boolean;
  /** Sum of planned capex (null = unknown), for the scale multiplier. */
  projectEur: number | null;
}

export interface ProgrammeFeatures {
  /** Concepts offered in title/summary (strong) and only in the eligibility notes. */
  strong: Set<string>;
  notes: Set<string>;
  negated: Set<string>;
  topics: Set<Topic>;
  primaryTopic: Topic | undefined;
  innovationCentral: boolean;
  /** National/regional schemes vs. EU-wide or multi-country calls. */
  national: boolean;
  minAward: number | null;
  maxAward: number | null;
  rate: number;
}

export interface RelevanceBreakdown {
  concept: number | null;
  topic: number | null;
  lexical: number | null;
  profile: number | null;
  semantic: number | null;
  availability: number;
  innovation_fit: number;
  reach: number;
  scale_fit: number;
  matched_concepts: string[];
  negated_concepts: string[];
  shared_topics: Topic[];
  profile_topics: Topic[];
}

export interface RelevanceResult {
  score: number;
  breakdown: RelevanceBreakdown;
}

const TOPIC_SET = new Set<string>(TOPICS);
const isTopic = (t: string): t is Topic => TOPIC_SET.has(t);

function positive(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** Carbon-profile signals per topic (0..1) and the reasons, in words, for the explanation. */
export function carbonSignals(profile: CarbonProfile | null): { signals: Map<Topic, number>; reasons: string[] } {
  const signals = new Map<Topic, number>();
  const reasons: string[] = [];
  const set = (t: Topic, v: number): void => void signals.set(t, Math.max(v, signals.get(t) ?? 0));
  const s1 = profile?.scope1_tco2e;
  const s2 = profile?.scope2_market_tco2e ?? profile?.scope2_location_tco2e;
  const s3 = profile?.scope3_tco2e;
  const direct = (positive(s1) ? s1 : 0) + (positive(s2) ? s2 : 0);
  if (direct > 0) {
    const share1 = (positive(s1) ? s1 : 0) / direct;
    if (share1 >= 0.5) {
      reasons.push(`${Math.round(share1 * 100)}% of your scope 1+2 emissions come from burning fuel on site (scope 1), so fuel switching and electrification pay off most`);
      set('electrification', 1);
      set('renewable_energy', 0.7);
      set('hydrogen', 0.5);
      set('energy_efficiency', 0.6);
      set('buildings', 0.4);
    } else {
      reasons.push(`most of your scope 1+2 emissions come from purchased electricity and heat (scope 2), so own renewables and efficiency pay off most`);
      set('renewable_energy', 1);
      set('energy_efficiency', 0.9);
      set('electrification', 0.3);
    }
    if (positive(s1) && s1 >= 10_000) {
      set('carbon_capture', 0.5);
      set('hydrogen', 0.7);
    }
  }
  if (positive(s3) && s3 > direct) {
    reasons.push('your value chain (scope 3) dominates your footprint, which circular-economy measures address');
    set('circular_economy', 0.7);
    set('sustainable_transport', 0.4);
  }
  if (positive(profile?.energy_consumption_mwh)) set('energy_efficiency', 0.7);
  if ((profile?.reduction_target?.percent ?? 0) >= 50) {
    set('electrification', 0.8);
    set('renewable_energy', 0.8);
  }
  if (direct === 0 && !positive(s3)) {
    reasons.push('you have no emissions baseline yet, so an energy audit or carbon assessment is a useful first step');
    set('energy_audit', 0.8);
    set('training', 0.4);
  }
  return { signals, reasons };
}

export function buildRelevanceQuery(company: CompanyInput, profile: CarbonProfile | null): RelevanceQuery {
  const concepts = new Map<string, number>();
  const explicit = new Map<Topic, number>();
  const texts: string[] = [];
  const bump = (id: string, w: number): void => void concepts.set(id, Math.max(w, concepts.get(id) ?? 0));
  for (const p of profile?.planned_projects ?? []) {
    const text = `${p.title}. ${p.description ?? ''}`;
    texts.push(text);
    for (const id of detectConcepts(text)) bump(id, 1);
    for (const t of p.topics ?? []) if (isTopic(t)) explicit.set(t, 1);
  }
  if (company.description) {
    texts.push(company.description);
    for (const id of detectConcepts(company.description)) bump(id, 0.5);
  }
  const topics = topicsOfConcepts(concepts);
  for (const [t, w] of explicit) topics.set(t, Math.max(w, topics.get(t) ?? 0));
  const bm25Terms = queryTerms(texts, 1);
  for (const id of concepts.keys()) queryTerms([conceptById(id)?.canonical ?? ''], 0.8, bm25Terms);
  const { signals, reasons } = carbonSignals(profile);
  return {
    concepts,
    topics,
    profileSignals: signals,
    profileReasons: reasons,
    bm25Terms,
    text: texts.join('\n'),
    wantsInnovation: concepts.has('innovation') || explicit.has('innovation_rnd'),
    projectEur: projectTotal(profile).total_eur,
  };
}

export function programmeFeatures(p: Programme): ProgrammeFeatures {
  const main = detectConceptsWithNegation(`${p.title}. ${p.summary}`);
  const notes = detectConceptsWithNegation(p.eligibility_notes);
  const negated = new Set([...main.negated, ...notes.negated].filter((id) => !main.positive.has(id) && !notes.positive.has(id)));
  return {
    strong: main.positive,
    notes: new Set([...notes.positive].filter((id) => !main.positive.has(id))),
    negated,
    topics: new Set(p.topics),
    primaryTopic: p.topics[0],
    innovationCentral: p.topics[0] === 'innovation_rnd' || (p.topics.includes('innovation_rnd') && main.positive.has('innovation')),
    national: !p.countries.includes('EU') && p.countries.length <= 2,
    minAward: p.min_amount_eur,
    maxAward: p.max_amount_eur,
    rate: (p.funding_rate_pct ?? 100) / 100,
  };
}

function conceptFit(q: RelevanceQuery, f: ProgrammeFeatures, matched: string[], negated: string[]): number | null {
  let num = 0;
  let den = 0;
  let best = 0;
  for (const [id, w] of q.concepts) {
    const topics = conceptById(id)?.topics ?? [];
    let m = 0;
    if (f.negated.has(id)) {
      m = -0.5;
      negated.push(id);
    } else if (f.strong.has(id)) m = 1;
    else if (f.notes.has(id)) m = 0.8;
    else if (topics[0] !== undefined && f.topics.has(topics[0])) m = 0.45;
    else if (topics.some((t) => f.topics.has(t))) m = 0.25;
    if (m >= 0.8) matched.push(id);
    num += w * m;
    den += w;
    best = Math.max(best, w * m);
  }
  // Half coverage of all planned measures, half the best single one: a programme that fully
  // funds one of two projects is a strong lead for that project.
  return den === 0 ? null : Math.max(0, 0.5 * (num / den) + 0.5 * best);
}

function topicFit(q: RelevanceQuery, f: ProgrammeFeatures, shared: Topic[]): number | null {
  if (q.topics.size === 0) return null;
  let covered = 0;
  let total = 0;
  for (const [t, w] of q.topics) {
    total += w;
    if (f.topics.has(t)) {
      covered += w;
      shared.push(t);
    }
  }
  const focus = f.topics.size === 0 ? 0 : shared.length / f.topics.size;
  return 0.65 * (covered / total) + 0.35 * focus;
}

function profileFit(q: RelevanceQuery, f: ProgrammeFeatures, hits: Topic[]): number | null {
  if (q.profileSignals.size === 0) return null;
  let max = 0;
  let sum = 0;
  for (const t of f.topics) {
    const s = q.profileSignals.get(t) ?? 0;
    if (s >= 0.7) hits.push(t);
    max = Math.max(max, s);
    sum += s;
  }
  return f.topics.size === 0 ? 0 : 0.7 * max + 0.3 * (sum / f.topics.size);
}

/**
 * A programme with a minimum award your plan reaches was designed for projects of your size
 * (x1.1); one whose maximum award is under 10% of your plan would barely move it (x0.85).
 * Neutral when either side is unknown.
 */
function scaleMultiplier(projectEur: number | null, f: ProgrammeFeatures): number {
  if (projectEur === null || projectEur <= 0) return 1;
  if (f.maxAward !== null && f.maxAward < 0.1 * projectEur) return 0.85;
  if (f.minAward !== null && projectEur * f.rate >= f.minAward) return 1.1;
  return 1;
}

export interface RelevanceContext {
  bm25: number;
  /** Best BM25 among the programmes scored in this run (normalises lexical to 0..1). */
  bm25Max: number;
  status: ProgrammeStatus;
  semantic?: number | null;
}

export function scoreRelevance(q: RelevanceQuery, f: ProgrammeFeatures, ctx: RelevanceContext): RelevanceResult {
  const matched: string[] = [];
  const negated: string[] = [];
  const shared: Topic[] = [];
  const profileTopics: Topic[] = [];
  const concept = conceptFit(q, f, matched, negated);
  const topic = topicFit(q, f, shared);
  const lexical = q.bm25Terms.size === 0 || (concept === null && topic === null) ? null : Math.min(1, ctx.bm25 / Math.max(ctx.bm25Max, 4));
  const profile = profileFit(q, f, profileTopics);
  const semantic = ctx.semantic ?? null;
  const parts: [number | null, number][] = semantic === null
    ? [[concept, 0.35], [topic, 0.25], [lexical, 0.2], [profile, 0.2]]
    : [[concept, 0.3], [topic, 0.2], [lexical, 0.15], [profile, 0.15], [semantic, 0.2]];
  let num = 0;
  let den = 0;
  for (const [v, w] of parts) {
    if (v === null) continue;
    num += v * w;
    den += w;
  }
  const availability = ctx.status === 'upcoming' ? 0.9 : 1;
  const innovationFit = f.innovationCentral && !q.wantsInnovation ? 0.7 : 1;
  const reach = f.national ? 1 : 0.9;
  const scaleFit = scaleMultiplier(q.projectEur, f);
  const raw = den === 0 ? 0 : num / den;
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    score: Math.min(100, Math.round(100 * raw * availability * innovationFit * reach * scaleFit)),
    breakdown: {
      concept: round(concept),
      topic: round(topic),
      lexical: round(lexical),
      profile: round(profile),
      semantic: round(semantic),
      availability,
      innovation_fit: innovationFit,
      reach,
      scale_fit: scaleFit,
      matched_concepts: matched,
      negated_concepts: negated,
      shared_topics: shared,
      profile_topics: profileTopics,
    },
  };
}
