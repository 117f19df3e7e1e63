import { describe, expect, it } from 'vitest';
import { evaluateMatching, loadLabels } from '../../scripts/lib/matching-eval.ts';

describe('labelled evaluation set (scripts/data/matching-labels.json)', () => {
  const labels = loadLabels();
  const report = evaluateMatching(labels);

  it('is varied: >= 30 cases incl. partner countries, regions, size edges, exclusions, closed schemes', () => {
    expect(labels.cases.length).toBeGreaterThanOrEqual(30);
    const countries = new Set(labels.cases.map((c) => c.company.country));
    for (const c of ['NO', 'IS', 'CH', 'GB', 'LI']) expect(countries).toContain(c);
    const regions = new Set(labels.cases.map((c) => c.company.region));
    for (const r of ['BE-VLG', 'BE-WAL', 'FR-IDF', 'GB-SCT']) expect(regions).toContain(r);
  });

  it('hard-rule eligibility is exact: precision and recall 1.0', () => {
    expect(report.per_case.filter((c) => c.false_eligible.length || c.missed_eligible.length)).toEqual([]);
    expect(report.eligibility.precision).toBe(1);
    expect(report.eligibility.recall).toBe(1);
    expect(report.possibly_eligible.precision).toBe(1);
    expect(report.possibly_eligible.recall).toBe(1);
  });

  it('puts an expected programme in the top 3 for most cases', () => {
    expect(report.top3_hit_rate).toBeGreaterThanOrEqual(0.8);
  });
});
