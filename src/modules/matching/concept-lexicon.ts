/**
 * Matcher for the concept lexicon (data in concept-terms.ts). Every concept's terms are
 * compiled once into one RegExp over folded text, so detecting concepts in a project text is
 * ~30 regex tests, and in the whole catalogue it happens once at index time.
 *
 * Two refinements beyond plain term lookup, both because they changed real rankings:
 * - co-occurrence: fossil equipment + an electric alternative in the same text unit fires
 *   `process_electrification` ("replacing a gas oven with an electric one");
 * - negation (programme texts): a concept named only in a negated clause ("Solar PV is not
 *   covered", "efficiency upgrades are no longer supported") is reported as negated, not as
 *   offered, so it can count against the programme instead of for it.
 */
import { CONCEPTS, ELECTRIC_TERMS, FOSSIL_TERMS } from './concept-terms.ts';
import type { ConceptDefinition } from './concept-terms.ts';
import type { Topic } from './programme-types.ts';
import { foldText } from './text-normalise.ts';

export type { ConceptDefinition } from './concept-terms.ts';

/** One pattern of the lexicon syntax -> RegExp source (see concept-terms.ts). */
export function compileTerm(term: string): string {
  let t = term.trim();
  const compound = t.startsWith('*');
  if (compound) t = t.slice(1);
  const whole = t.endsWith('$');
  if (whole) t = t.slice(0, -1);
  const body = t
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[a-z0-9]*');
  return `${compound ? '' : '(?<![a-z0-9])'}${body}${whole ? 's?(?![a-z0-9])' : ''}`;
}

function compileList(pipeSeparated: string[]): RegExp {
  const parts = pipeSeparated.flatMap((s) => s.split('|')).filter((s) => s.trim() !== '');
  return new RegExp(parts.map(compileTerm).join('|'));
}

interface CompiledConcept {
  def: ConceptDefinition;
  re: RegExp;
}

const COMPILED: readonly CompiledConcept[] = CONCEPTS.map((def) => ({ def, re: compileList(Object.values(def.terms)) }));
const BY_ID = new Map(CONCEPTS.map((c) => [c.id, c]));
const FOSSIL_RE = compileList([FOSSIL_TERMS]);
const ELECTRIC_RE = compileList([ELECTRIC_TERMS]);
const NEGATION_RE = /(?<![a-z])(not|no longer|excluded|except|cannot|rather than|instead of|ended|referred to)(?![a-z])/;

export function conceptById(id: string): ConceptDefinition | undefined {
  return BY_ID.get(id);
}

export function allConcepts(): readonly ConceptDefinition[] {
  return CONCEPTS;
}

/** Concept ids found in an already folded text unit. */
export function detectConceptsFolded(folded: string): Set<string> {
  const out = new Set<string>();
  if (folded === '') return out;
  for (const c of COMPILED) if (c.re.test(folded)) out.add(c.def.id);
  if (FOSSIL_RE.test(folded) && ELECTRIC_RE.test(folded)) out.add('process_electrification');
  return out;
}

/** Concept ids found in a text unit in any of the lexicon languages. */
export function detectConcepts(text: string): Set<string> {
  return detectConceptsFolded(foldText(text));
}

/**
 * Concepts of a programme text split into offered vs. negated. Clauses are cut at
 * punctuation and "but", so "Applies to building heating, not to production process heat"
 * keeps building heating positive.
 */
export function detectConceptsWithNegation(text: string): { positive: Set<string>; negated: Set<string> } {
  const positive = new Set<string>();
  const negatedOnly = new Set<string>();
  for (const clause of text.split(/[.;:,()!?]+|\bbut\b/)) {
    const folded = foldText(clause);
    if (folded === '') continue;
    const found = detectConceptsFolded(folded);
    const negated = NEGATION_RE.test(folded);
    for (const id of found) (negated ? negatedOnly : positive).add(id);
  }
  for (const id of positive) negatedOnly.delete(id);
  return { positive, negated: negatedOnly };
}

/**
 * Topic weights implied by concepts: the primary topic gets the concept's weight, later
 * topics 60% of it; a topic reached by several concepts keeps the highest weight.
 */
export function topicsOfConcepts(concepts: ReadonlyMap<string, number>): Map<Topic, number> {
  const out = new Map<Topic, number>();
  for (const [id, w] of concepts) {
    const def = BY_ID.get(id);
    if (!def) continue;
    def.topics.forEach((t, i) => {
      const v = i === 0 ? w : w * 0.6;
      if (v > (out.get(t) ?? 0)) out.set(t, v);
    });
  }
  return out;
}
