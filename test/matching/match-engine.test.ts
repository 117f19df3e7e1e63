import { describe, expect, it } from 'vitest';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import type { Embedder } from '../../src/modules/matching/embedder.ts';
import { defaultEmbedder } from '../../src/modules/matching/embedder.ts';
import { matchCompany, matchCompanyWithEmbedder } from '../../src/modules/matching/match-engine.ts';
import type { CarbonProfile } from '../../src/modules/matching/programme-types.ts';
import { baeckerei, programme, TODAY } from './fixtures.ts';

const programmes = loadSeedProgrammes();
const plans: CarbonProfile = {
  planned_projects: [
    { title: 'Electric baking oven', description: 'Replacing a gas oven with an electric one' },
    { title: 'Rooftop PV', description: 'Adding rooftop PV on the bakery roof' },
  ],
};

describe('Bäckerei Müller GmbH (DE, 10.71, 35 staff, EUR 4m)', () => {
  const items = matchCompany(baeckerei, plans, programmes, { today: TODAY });
  const all = matchCompany(baeckerei, plans, programmes, { today: TODAY, includeIneligible: true });

  it('gets only German and EU programmes, all eligible, sorted by score', () => {
    expect(items.length).toBe(30);
    for (const i of items) {
      expect(i.eligible).toBe(true);
      expect(i.grant_slug).toMatch(/^(de|eu)-/);
    }
    const scores = items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('ranks the electrification and PV programmes first, each with why', () => {
    const top3 = items.slice(0, 3).map((i) => i.grant_slug);
    expect(top3).toContain('de-eew-modul6-electrification-small');
    expect(top3.some((s) => s === 'de-kfw-270' || s === 'de-kfw-295')).toBe(true);
    const eew6 = items.find((i) => i.grant_slug === 'de-eew-modul6-electrification-small');
    expect(eew6?.explanation).toMatch(/electrification of process heat/);
    expect(items.find((i) => i.grant_slug === 'de-kfw-270')?.explanation).toMatch(/solar PV/);
    expect(eew6?.matched_criteria.map((c) => c.criterion)).toEqual(['country', 'company_size', 'sector', 'status']);
    // R&D programmes rank below deployment programmes for a bakery's oven and PV
    const rank = (slug: string) => items.findIndex((i) => i.grant_slug === slug);
    expect(rank('de-zim')).toBeGreaterThan(rank('de-bafa-eew-modul1'));
  });

  it('sees why the others are excluded', () => {
    const fr = all.find((i) => i.grant_slug === 'fr-ademe-fonds-chaleur');
    expect(fr?.eligible).toBe(false);
    expect(fr?.score).toBe(0);
    expect(fr?.explanation).toBe('Not eligible: only open to applicants in France; your company is in Germany.');
    const svm = all.find((i) => i.grant_slug === 'nl-svm-verduurzaming-mkb');
    expect(svm?.failed_criteria.map((f) => f.criterion)).toEqual(['country', 'status']);
    expect(all).toHaveLength(programmes.length);
    expect(all.slice(0, items.length).map((i) => i.grant_slug)).toEqual(items.map((i) => i.grant_slug));
  });

  it('puts possibly-eligible programmes in the default list, flagged, not eligible', () => {
    const unknownSize = matchCompany({ ...baeckerei, turnover_eur: null }, plans, programmes, { today: TODAY });
    const eew6 = unknownSize.find((i) => i.grant_slug === 'de-eew-modul6-electrification-small');
    expect(eew6?.eligibility).toBe('unknown');
    expect(eew6?.eligible).toBe(false);
    expect(eew6?.explanation).toMatch(/^Possibly eligible/);
    expect(eew6?.unknown_criteria[0]?.criterion).toBe('company_size');
  });

  it('uses the carbon profile: heavy scope 1 favours electrification', () => {
    const heavy = matchCompany(baeckerei, { scope1_tco2e: 900, scope2_market_tco2e: 100 }, programmes, { today: TODAY });
    const light = matchCompany(baeckerei, { scope1_tco2e: 50, scope2_market_tco2e: 950 }, programmes, { today: TODAY });
    const score = (xs: typeof heavy, slug: string) => xs.find((i) => i.grant_slug === slug)?.score ?? -1;
    expect(score(heavy, 'de-eew-modul6-electrification-small')).toBeGreaterThan(score(light, 'de-eew-modul6-electrification-small'));
    expect(score(light, 'de-kfw-270')).toBeGreaterThan(score(heavy, 'de-kfw-270'));
  });

  it('rejects an ambiguous today', () => {
    expect(() => matchCompany(baeckerei, plans, programmes, { today: '23/11/2026' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('Embedder seam', () => {
  it('is off by default and then changes nothing', async () => {
    expect(defaultEmbedder().enabled).toBe(false);
    const plain = matchCompany(baeckerei, plans, programmes, { today: TODAY });
    const viaSeam = await matchCompanyWithEmbedder(baeckerei, plans, programmes, { today: TODAY, embedder: defaultEmbedder() });
    expect(viaSeam).toEqual(plain);
  });

  it('feeds a plugged-in embedder into relevance', async () => {
    // Toy embedder: one dimension per keyword; enough to show the signal reaches the score.
    const keys = ['oven', 'bakery', 'electric', 'solar'];
    const toy: Embedder = {
      id: 'toy',
      enabled: true,
      embed: async (texts) => texts.map((t) => Float32Array.from([...keys.map((k) => (t.toLowerCase().includes(k) ? 1 : 0)), 0.1])),
    };
    const cat = [programme({ id: 'a', summary: 'Electric oven replacement for bakery' }), programme({ id: 'b', summary: 'Support for something else' })];
    const items = await matchCompanyWithEmbedder(baeckerei, plans, cat, { today: TODAY, embedder: toy });
    const sem = (slug: string) => items.find((i) => i.grant_slug === slug)?.relevance?.semantic ?? -1;
    expect(sem('a')).toBeGreaterThan(sem('b'));
    expect(items[0]?.grant_slug).toBe('a');
  });
});
