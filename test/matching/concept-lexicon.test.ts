import { describe, expect, it } from 'vitest';
import { detectConcepts, detectConceptsWithNegation } from '../../src/modules/matching/concept-lexicon.ts';
import { foldText, stem } from '../../src/modules/matching/text-normalise.ts';

describe('concept lexicon', () => {
  it.each([
    'We will install a heat pump',
    'Einbau einer Luft-Wasser-Wärmepumpe',
    "Installation d'une pompe à chaleur",
    'Instalación de una bomba de calor',
    'Installazione di una pompa di calore',
    'Plaatsing van warmtepompen',
    'Montaż pompy ciepła',
    'Vi installerar värmepumpar',
    'Vi installerer en varmepumpe',
    'Lämpöpumppu kiinteistöön',
  ])('folds "%s" to the heat_pump concept', (text) => {
    expect(detectConcepts(text)).toContain('heat_pump');
  });

  it('recognises PV, EV charging and waste heat across languages', () => {
    expect(detectConcepts('Photovoltaikanlage auf dem Dach')).toContain('solar_pv');
    expect(detectConcepts('panneaux solaires photovoltaïques')).toContain('solar_pv');
    expect(detectConcepts('elbilar och laddstolpar')).toEqual(new Set(['ev_fleet', 'ev_charging']));
    expect(detectConcepts('Abwärmenutzung aus der Kälteanlage')).toContain('waste_heat');
  });

  it('reads a fuel switch from fossil equipment + electric alternative in one text', () => {
    expect(detectConcepts('Replacing a gas oven with an electric one')).toContain('process_electrification');
    expect(detectConcepts('Umstellung vom Gasbackofen auf einen elektrischen Backofen')).toContain('process_electrification');
    expect(detectConcepts('A new gas oven')).not.toContain('process_electrification');
  });

  it('avoids the usual false friends', () => {
    expect(detectConcepts('Project led by an SME')).not.toContain('led_lighting');
    expect(detectConcepts('cut greenhouse gas emissions')).not.toContain('agriculture');
    expect(detectConcepts('a wind farm')).toEqual(new Set(['wind']));
  });

  it('marks a measure named only in a negated clause as excluded', () => {
    const r = detectConceptsWithNegation('Subsidy for heat pumps and LED lighting. Solar PV is not covered.');
    expect(r.negated).toEqual(new Set(['solar_pv']));
    expect(r.positive).toEqual(new Set(['heat_pump', 'led_lighting']));
  });

  it('folds accents and special letters, and stems lightly', () => {
    expect(foldText('Wärme-Pumpe ÆØ Łódź straße R&D')).toBe('warme pumpe aeo lodz strasse rd');
    expect(stem('pumps')).toBe('pump');
    expect(stem('heating')).toBe('heat');
    expect(stem('recycling')).toBe(stem('recycled'));
  });
});
