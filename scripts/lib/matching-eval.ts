/**
 * Scores the matching engine against the hand-labelled set in scripts/data/matching-labels.json.
 * Shared by `npm run eval:matching` (prints, saves) and test/matching/eval-set.test.ts (asserts
 * precision = recall = 1.0 on the stated rules), so both always measure the same thing.
 *
 * Eligibility is scored over every (case, programme) pair of the catalogue:
 *   eligible          - verdict "eligible" vs. the label's `eligible` set;
 *   possibly eligible - verdict "unknown" vs. `possibly_eligible`.
 * Relevance: top-3 of the default result list (eligible + possibly eligible, by score);
 * hit@3 = some expected programme is in it, recall@3 = share of expected programmes in it.
 */
import { readFileSync } from 'node:fs';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { matchCompany, prepareCatalogue } from '../../src/modules/matching/match-engine.ts';
import type { CarbonProfile, CompanyInput } from '../../src/modules/matching/programme-types.ts';

export interface LabelCase {
  id: string;
  note: string;
  company: CompanyInput;
  carbon_profile: CarbonProfile | null;
  eligible: string[];
  possibly_eligible: string[];
  expected_top3: string[];
}

export interface LabelFile {
  today: string;
  cases: LabelCase[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface CaseReport {
  id: string;
  false_eligible: string[];
  missed_eligible: string[];
  false_possibly: string[];
  missed_possibly: string[];
  top3: string[];
  expected_top3: string[];
  top3_hit: boolean | null;
}

export interface EvalReport {
  today: string;
  cases: number;
  programmes: number;
  eligibility: Counts;
  possibly_eligible: Counts;
  cases_exact: number;
  top3_hit_rate: number;
  top3_recall: number;
  top3_cases: number;
  per_case: CaseReport[];
}

export function loadLabels(file = new URL('../data/matching-labels.json', import.meta.url)): LabelFile {
  return JSON.parse(readFileSync(file, 'utf8')) as LabelFile;
}

function counts(tp: number, fp: number, fn: number): Counts {
  const r = (v: number): number => Math.round(v * 10000) / 10000;
  return { tp, fp, fn, precision: r(tp + fp === 0 ? 1 : tp / (tp + fp)), recall: r(tp + fn === 0 ? 1 : tp / (tp + fn)) };
}

export function evaluateMatching(labels: LabelFile = loadLabels()): EvalReport {
  const programmes = loadSeedProgrammes();
  const catalogue = prepareCatalogue(programmes);
  const e = { tp: 0, fp: 0, fn: 0 };
  const u = { tp: 0, fp: 0, fn: 0 };
  let exact = 0;
  let hits = 0;
  let recallSum = 0;
  let rankedCases = 0;
  const perCase: CaseReport[] = [];
  for (const c of labels.cases) {
    const items = matchCompany(c.company, c.carbon_profile, catalogue, { today: labels.today, includeIneligible: true });
    const got = new Set(items.filter((i) => i.eligibility === 'eligible').map((i) => i.grant_slug));
    const gotUnknown = new Set(items.filter((i) => i.eligibility === 'unknown').map((i) => i.grant_slug));
    const want = new Set(c.eligible);
    const wantUnknown = new Set(c.possibly_eligible);
    const rep: CaseReport = {
      id: c.id,
      false_eligible: [...got].filter((s) => !want.has(s)).sort(),
      missed_eligible: [...want].filter((s) => !got.has(s)).sort(),
      false_possibly: [...gotUnknown].filter((s) => !wantUnknown.has(s)).sort(),
      missed_possibly: [...wantUnknown].filter((s) => !gotUnknown.has(s)).sort(),
      top3: items.filter((i) => i.eligibility !== 'ineligible').slice(0, 3).map((i) => i.grant_slug),
      expected_top3: c.expected_top3,
      top3_hit: null,
    };
    e.tp += got.size - rep.false_eligible.length;
    e.fp += rep.false_eligible.length;
    e.fn += rep.missed_eligible.length;
    u.tp += gotUnknown.size - rep.false_possibly.length;
    u.fp += rep.false_possibly.length;
    u.fn += rep.missed_possibly.length;
    if (rep.false_eligible.length + rep.missed_eligible.length + rep.false_possibly.length + rep.missed_possibly.length === 0) exact++;
    if (c.expected_top3.length > 0) {
      rankedCases++;
      const found = c.expected_top3.filter((s) => rep.top3.includes(s)).length;
      rep.top3_hit = found > 0;
      if (rep.top3_hit) hits++;
      recallSum += found / c.expected_top3.length;
    }
    perCase.push(rep);
  }
  const r = (v: number): number => Math.round(v * 10000) / 10000;
  return {
    today: labels.today,
    cases: labels.cases.length,
    programmes: programmes.length,
    eligibility: counts(e.tp, e.fp, e.fn),
    possibly_eligible: counts(u.tp, u.fp, u.fn),
    cases_exact: exact,
    top3_hit_rate: r(rankedCases ? hits / rankedCases : 1),
    top3_recall: r(rankedCases ? recallSum / rankedCases : 1),
    top3_cases: rankedCases,
    per_case: perCase,
  };
}
