/**
 * Matching quality on the hand-labelled set (scripts/data/matching-labels.json).
 *
 *   npm run eval:matching        (= tsx scripts/eval-matching.ts)
 *
 * Prints per-case mismatches, eligibility precision/recall (strictly eligible and "possibly
 * eligible"), top-3 relevance hit rate and recall, and saves bench/results/matching-eval.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { evaluateMatching } from './lib/matching-eval.ts';

const report = evaluateMatching();

for (const c of report.per_case) {
  const problems = [
    c.false_eligible.length ? `  eligible but not labelled: ${c.false_eligible.join(', ')}` : '',
    c.missed_eligible.length ? `  labelled eligible, missed: ${c.missed_eligible.join(', ')}` : '',
    c.false_possibly.length ? `  possibly-eligible, not labelled: ${c.false_possibly.join(', ')}` : '',
    c.missed_possibly.length ? `  labelled possibly-eligible, missed: ${c.missed_possibly.join(', ')}` : '',
    c.top3_hit === false ? `  top-3 miss: got ${c.top3.join(', ')}; expected one of ${c.expected_top3.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) console.log(`${c.id}\n${problems.join('\n')}`);
}

const pct = (v: number): string => v.toFixed(4);
console.log(`\nlabelled cases: ${report.cases}  programmes: ${report.programmes}  today: ${report.today}`);
console.log(`eligible           precision ${pct(report.eligibility.precision)}  recall ${pct(report.eligibility.recall)}  (tp ${report.eligibility.tp}, fp ${report.eligibility.fp}, fn ${report.eligibility.fn})`);
console.log(`possibly eligible  precision ${pct(report.possibly_eligible.precision)}  recall ${pct(report.possibly_eligible.recall)}  (tp ${report.possibly_eligible.tp}, fp ${report.possibly_eligible.fp}, fn ${report.possibly_eligible.fn})`);
console.log(`cases with exactly the labelled sets: ${report.cases_exact}/${report.cases}`);
console.log(`top-3 relevance    hit rate ${pct(report.top3_hit_rate)}  recall ${pct(report.top3_recall)}  (${report.top3_cases} cases with expectations)`);

const out = resolve(import.meta.dirname, '../bench/results/matching-eval.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`saved ${out}`);
