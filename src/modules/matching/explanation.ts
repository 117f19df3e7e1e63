/**
 * Plain-language "why" and "why not" for a match, built only from facts already computed
 * (criteria details, relevance breakdown, programme fields), so the text can never claim
 * something the engine did not check. Short sentences, no jargon beyond the programme's own.
 */
import { conceptById } from './concept-lexicon.ts';
import type { DerivedStatus, FailedCriterion, Programme, Topic } from './programme-types.ts';
import type { RelevanceBreakdown } from './relevance.ts';

const EUR = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

// Intl formatting costs about a microsecond a call and a run repeats the same few amounts.
const eurMemo = new Map<number, string>();

export function formatEur(v: number): string {
  let s = eurMemo.get(v);
  if (s === undefined) {
    if (eurMemo.size >= 10_000) eurMemo.clear();
    eurMemo.set(v, (s = EUR.format(v)));
  }
  return s;
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function formatList(items: readonly string[], conj: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

export function topicLabel(t: Topic): string {
  return t === 'innovation_rnd' ? 'research and innovation' : t === 'digital_green' ? 'green digital tools' : t.replace(/_/g, ' ');
}

export function statusPhrase(s: DerivedStatus): string {
  const why = s.reason ? ` (${s.reason})` : '';
  switch (s.status) {
    case 'open':
      return `Open for applications${why}`;
    case 'rolling':
      return `Rolling: you can apply at any time${why}`;
    case 'upcoming':
      return `Between rounds: a new call is expected${why}`;
    case 'closed':
      return s.reason ? `Closed: ${s.reason}` : 'Closed: the programme has ended and no new round is known';
  }
}

function fundingPhrase(p: Programme): string {
  const kind = p.funding_type === 'tax_incentive' ? 'tax incentive' : p.funding_type === 'mixed' ? 'grant and finance' : p.funding_type;
  const rate = p.funding_rate_pct === null ? '' : p.funding_type === 'tax_incentive' ? ` (extra deduction of ${p.funding_rate_pct}%)` : ` covering up to ${p.funding_rate_pct}% of costs`;
  let amount = '';
  if (p.min_amount_eur !== null && p.max_amount_eur !== null) amount = ` of ${formatEur(p.min_amount_eur)}–${formatEur(p.max_amount_eur)}`;
  else if (p.max_amount_eur !== null) amount = ` of up to ${formatEur(p.max_amount_eur)}`;
  else if (p.amount_local?.max != null) amount = ` of up to ${p.amount_local.max.toLocaleString('en-IE')} ${p.amount_local.currency}`;
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}${amount}${rate}.`;
}

export interface ExplanationInput {
  programme: Programme;
  verdict: 'eligible' | 'unknown' | 'ineligible';
  score: number;
  failed: readonly FailedCriterion[];
  unknown: readonly FailedCriterion[];
  status: DerivedStatus;
  relevance: RelevanceBreakdown | null;
  profileReasons: readonly string[];
}

function fitWords(score: number): string {
  return score >= 65 ? 'Strong fit' : score >= 40 ? 'Good fit' : score >= 20 ? 'Partial fit' : 'Weak fit';
}

function whyRelevant(r: RelevanceBreakdown, reasons: readonly string[]): string[] {
  const out: string[] = [];
  const labels = (ids: string[]): string[] => ids.map((id) => conceptById(id)?.label ?? id);
  if (r.matched_concepts.length) out.push(`It funds what you plan: ${formatList(labels(r.matched_concepts))}.`);
  if (r.shared_topics.length) out.push(`Shared topics: ${formatList(r.shared_topics.map(topicLabel))}.`);
  if (r.negated_concepts.length) out.push(`Note: the programme excludes ${formatList(labels(r.negated_concepts))}.`);
  if (r.profile_topics.length && reasons[0]) out.push(`Your carbon profile points the same way: ${reasons[0]}.`);
  if (r.innovation_fit < 1) out.push('It funds research and innovation; your plans read as deploying proven technology, so it ranks lower.');
  if (!r.matched_concepts.length && !r.shared_topics.length && !r.profile_topics.length) out.push('Little overlap with your planned projects.');
  return out;
}

/** The explanation of an ineligible match: every failed rule. */
export function explainIneligible(failed: readonly FailedCriterion[]): string {
  return `Not eligible: ${failed.map((f) => lowerFirst(f.detail)).join('; ')}.`;
}

/** One paragraph: verdict, reasons, money and timing. */
export function explainMatch(x: ExplanationInput): string {
  const p = x.programme;
  if (x.verdict === 'ineligible') return explainIneligible(x.failed);
  const parts: string[] = [];
  if (x.verdict === 'unknown') {
    parts.push(`Possibly eligible, to confirm: ${formatList(x.unknown.map((f) => lowerFirst(f.detail)))}.`);
  } else {
    parts.push(`${fitWords(x.score)} (${x.score}/100). You meet every rule the catalogue states.`);
  }
  if (x.relevance) parts.push(...whyRelevant(x.relevance, x.profileReasons));
  parts.push(fundingPhrase(p));
  parts.push(`${statusPhrase(x.status)}.`);
  return parts.join(' ');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
