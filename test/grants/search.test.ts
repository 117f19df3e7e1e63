import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/modules/matching/eligibility.ts';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { buildTestApp } from '../helpers/app.ts';
import { search, searchAll, seedBySlug, slugs, todayUtc } from './helpers.ts';

/** GET /grants on the seed catalogue: text across languages, every filter, sorting, facets, paging. */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const HEAT_PUMP = ['de-kfw-heizungsfoerderung-unternehmen', 'fr-ademe-fonds-chaleur', 'gb-boiler-upgrade-scheme', 'ie-seai-ssrh', 'nl-isde-zakelijk'];
const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}` });

describe('full-text search across languages', () => {
  it('finds heat-pump programmes from English, German, French, Italian and Dutch', async () => {
    for (const q of ['heat pump', 'Wärmepumpe', 'waermepumpe', 'pompe à chaleur', 'pompa di calore', 'warmtepomp']) {
      const found = slugs(await searchAll(app, `q=${encodeURIComponent(q)}`));
      for (const s of HEAT_PUMP) expect(found, q).toContain(s);
    }
  });

  it('does not return everything: an unrelated query finds nothing, a specific one few', async () => {
    expect((await search(app, 'q=xylophonequartz')).total).toBe(0);
    const hydrogen = await search(app, 'q=electrolyser');
    expect(hydrogen.total).toBeGreaterThan(0);
    expect(hydrogen.total).toBeLessThan(30);
  });

  it('matches words without accents and proper names from titles and funders', async () => {
    expect(slugs((await search(app, 'q=Klimaschutzvertrage')).items)).toContain('de-klimaschutzvertraege');
    expect(slugs((await search(app, 'q=Enova&page_size=50')).items)).toEqual(expect.arrayContaining(['no-enova-industri']));
  });

  it('ranks by relevance with q: a title match comes before a mention in the notes', async () => {
    const items = await searchAll(app, 'q=heat%20pump');
    const pos = (slug: string) => slugs(items).indexOf(slug);
    const first = items[0]!;
    expect(`${first.title} ${first.summary}`.toLowerCase()).toMatch(/heat pump|heating/);
    expect(pos('nl-sde-plus-plus')).toBeGreaterThan(0);
    expect(pos('gb-boiler-upgrade-scheme')).toBeLessThan(pos('nl-sde-plus-plus'));
  });
});

describe('filters', () => {
  it('country: national programmes, EU-wide ones for members, and also_open_to for others', async () => {
    const de = slugs(await searchAll(app, 'country=DE'));
    expect(de).toContain('de-zim');
    expect(de).toContain('eu-life-clean-energy-transition');
    expect(de).not.toContain('fr-ademe-fonds-chaleur');
    const no = slugs(await searchAll(app, 'country=no'));
    expect(no).toContain('eu-innovation-fund-small-scale');
    expect(no).toContain('no-enova-industri');
    expect(no).not.toContain('eu-life-clean-energy-transition'); // LIFE lists only IS
    expect(no).not.toContain('de-zim');
    const ch = slugs(await searchAll(app, 'country=CH'));
    expect(ch).toContain('eu-horizon-europe-cluster5');
    expect(ch).not.toContain('eu-innovation-fund-small-scale');
  });

  it('region: Flanders and Wallonia see their own schemes, and a region implies its country', async () => {
    const vlg = slugs(await searchAll(app, 'region=BE-VLG'));
    const wal = slugs(await searchAll(app, 'region=BE-WAL'));
    expect(vlg).toContain('be-vlg-ecologiepremie-plus');
    expect(vlg).not.toContain('be-wal-amureba');
    expect(wal).toContain('be-wal-amureba');
    expect(wal).not.toContain('be-vlg-kmo-portefeuille');
    expect(wal).toContain('eu-eic-accelerator');
    expect(wal).not.toContain('de-zim');
    const scotland = slugs(await searchAll(app, 'region=GB-SCT'));
    expect(scotland).toContain('gb-sct-sme-loan-scheme');
    expect(scotland).not.toContain('gb-boiler-upgrade-scheme');
  });

  it('nace: excluded sections and divisions are left out, include lists are honoured', async () => {
    const finance = slugs(await searchAll(app, 'country=IT&nace=64.19'));
    expect(finance).not.toContain('it-nuova-sabatini-green');
    expect(finance).toContain('it-conto-termico-3');
    expect(slugs(await searchAll(app, 'country=IT&nace=C'))).toContain('it-nuova-sabatini-green');
    expect(slugs(await searchAll(app, 'country=FI&nace=01.11'))).not.toContain('fi-business-finland-energy-aid');
    expect(slugs(await searchAll(app, 'country=FI&nace=10.71'))).toContain('fi-business-finland-energy-aid');
    expect(slugs(await searchAll(app, 'country=NL&nace=10.71'))).toContain('nl-veki');
    expect(slugs(await searchAll(app, 'country=NL&nace=62.01'))).not.toContain('nl-veki');
    expect((await get('/grants?nace=ZZ')).statusCode).toBe(422);
  });

  it('company_size keeps only programmes open to that size', async () => {
    const large = await searchAll(app, 'company_size=large');
    expect(large.every((g) => g.eligible_company_sizes.includes('large'))).toBe(true);
    expect(slugs(large)).not.toContain('it-nuova-sabatini-green');
    expect(slugs(await searchAll(app, 'company_size=small'))).toContain('it-nuova-sabatini-green');
  });

  it('topic and funding_type accept repeated and comma-separated values (any of)', async () => {
    const h = await search(app, 'topic=hydrogen&page_size=100');
    expect(h.total).toBeGreaterThan(0);
    expect(h.items.every((g) => g.topics.includes('hydrogen'))).toBe(true);
    const both = await search(app, 'topic=hydrogen,carbon_capture&page_size=100');
    const repeated = await search(app, 'topic=hydrogen&topic=carbon_capture&page_size=100');
    expect(both.total).toBe(repeated.total);
    expect(both.total).toBeGreaterThan(h.total);
    expect(both.items.every((g) => g.topics.includes('hydrogen') || g.topics.includes('carbon_capture'))).toBe(true);
    const loans = await search(app, 'funding_type=loan,guarantee&page_size=100');
    expect(new Set(loans.items.map((g) => g.funding_type))).toEqual(new Set(['loan', 'guarantee']));
    expect((await get('/grants?topic=teleportation')).statusCode).toBe(422);
  });

  it('status is derived from the dates as of today, the same in the filter and the items', async () => {
    const today = todayUtc();
    const all = await searchAll(app, '');
    for (const g of all.filter((x) => loadSeedProgrammes().some((p) => p.id === x.slug))) {
      expect(g.status, g.slug).toBe(deriveStatus(seedBySlug(g.slug), today).status);
    }
    // Stated "closed" stays closed; a call whose deadline passed reads closed whatever was stated.
    const closed = slugs(await searchAll(app, 'status=closed'));
    expect(closed).toContain('gb-ietf-phase3');
    for (const s of ['open', 'rolling', 'upcoming', 'closed']) {
      const items = await searchAll(app, `status=${s}`);
      expect(items.every((g) => g.status === s)).toBe(true);
    }
  });

  it('min_amount/max_amount keep programmes whose stated award range overlaps', async () => {
    const big = await searchAll(app, 'min_amount=1000000');
    expect(big.length).toBeGreaterThan(0);
    for (const g of big) {
      expect(g.min_amount_eur !== null || g.max_amount_eur !== null).toBe(true);
      expect(g.max_amount_eur === null || g.max_amount_eur >= 1_000_000).toBe(true);
    }
    const small = await searchAll(app, 'max_amount=20000');
    for (const g of small) expect(g.min_amount_eur === null || g.min_amount_eur <= 20_000).toBe(true);
    expect(slugs(small)).not.toContain(slugs(big).find((s) => (big.find((g) => g.slug === s)?.min_amount_eur ?? 0) > 20_000) ?? '-');
    expect((await get('/grants?min_amount=10&max_amount=5')).statusCode).toBe(422);
  });

  it('closes_before/closes_after compare deadlines; rolling programmes never close before a date', async () => {
    const before = await searchAll(app, 'closes_before=2025-12-31');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((g) => g.closes_at !== null && g.closes_at <= '2025-12-31')).toBe(true);
    expect(slugs(before)).toContain('gb-ietf-phase3');
    const after = await searchAll(app, 'closes_after=2026-01-01');
    expect(after.every((g) => g.closes_at === null || g.closes_at >= '2026-01-01')).toBe(true);
    expect(slugs(after)).toContain('de-zim');
    expect(slugs(after)).not.toContain('gb-ietf-phase3');
  });

  it('combines text and filters', async () => {
    const fr = await searchAll(app, `q=${encodeURIComponent('pompe à chaleur')}&country=FR`);
    expect(slugs(fr)).toContain('fr-ademe-fonds-chaleur');
    expect(fr.every((g) => g.countries.includes('FR') || g.countries.includes('EU'))).toBe(true);
  });
});

describe('sorting', () => {
  const lower = (s: string) => s.toLowerCase();
  it('sorts by title, deadline and amount, ascending or descending, with unknowns last', async () => {
    const byTitle = (await searchAll(app, 'sort=title')).map((g) => lower(g.title));
    expect(byTitle).toEqual([...byTitle].sort());
    const desc = (await searchAll(app, 'sort=-title')).map((g) => lower(g.title));
    expect(desc).toEqual([...byTitle].sort().reverse());
    const closes = (await searchAll(app, 'sort=closes_at')).map((g) => g.closes_at);
    const dated = closes.filter((c): c is string => c !== null);
    expect(closes.slice(0, dated.length)).toEqual([...dated].sort());
    expect(closes.slice(dated.length).every((c) => c === null)).toBe(true);
    const amounts = (await searchAll(app, 'sort=-amount')).map((g) => g.max_amount_eur);
    const known = amounts.filter((a): a is number => a !== null);
    expect(amounts.slice(0, known.length)).toEqual([...known].sort((a, b) => b - a));
    expect((await get('/grants?sort=price')).statusCode).toBe(422);
  });
});

describe('facets', () => {
  it('count over the filtered set, each without its own filter', async () => {
    const plain = await search(app, 'country=DE');
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(sum(plain.facets.status)).toBe(plain.total);
    expect(sum(plain.facets.funding_type)).toBe(plain.total);
    const open = await search(app, 'country=DE&status=rolling&funding_type=grant');
    expect(open.facets.status.rolling).toBe(open.total);
    expect(open.facets.funding_type.grant).toBe(open.total);
    // The status facet ignores status=rolling but keeps funding_type=grant.
    const grantsOnly = await search(app, 'country=DE&funding_type=grant');
    expect(open.facets.status).toEqual(grantsOnly.facets.status);
    const topic = await search(app, 'topic=hydrogen&country=DE');
    expect(topic.facets.topic.hydrogen).toBe(topic.total);
    expect(topic.facets.country).toEqual((await search(app, 'topic=hydrogen')).facets.country);
    expect(plain.facets.country.DE).toBeGreaterThan(0);
  });

  it('reflect the text query', async () => {
    const q = await search(app, `q=${encodeURIComponent('Wärmepumpe')}`);
    expect(Object.values(q.facets.status).reduce((a, b) => a + b, 0)).toBe(q.total);
    expect(q.total).toBeLessThan((await search(app, '')).total);
  });
});

describe('pagination and lookup', () => {
  it('pages without overlap and validates page sizes', async () => {
    const p1 = await search(app, 'page_size=30&page=1');
    const p2 = await search(app, 'page_size=30&page=2');
    expect(p1.pages).toBe(Math.ceil(p1.total / 30));
    expect(p1.items).toHaveLength(30);
    expect(slugs(p1.items).filter((s) => slugs(p2.items).includes(s))).toEqual([]);
    const beyond = await search(app, `page_size=30&page=${p1.pages + 1}`);
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(p1.total);
    expect((await get('/grants?page_size=101')).statusCode).toBe(422);
    expect((await get('/grants?page_size=100')).statusCode).toBe(200);
    expect((await get('/grants?page=0')).statusCode).toBe(422);
    const defaults = await search(app, '');
    expect(defaults.page_size).toBe(20);
    expect(defaults.page).toBe(1);
  });

  it('finds one programme by numeric id or slug; unknown ones answer 404', async () => {
    const bySlug = await get('/grants/eu-innovation-fund-small-scale');
    expect(bySlug.statusCode).toBe(200);
    const item = bySlug.json();
    expect(item).toMatchObject({ slug: 'eu-innovation-fund-small-scale', countries: ['EU'], also_open_to: ['IS', 'LI', 'NO'] });
    expect(typeof item.id).toBe('number');
    expect((await get(`/grants/${item.id}`)).json()).toEqual(item);
    for (const missing of ['no-such-programme', '2147483646', '99999999999999', 'Bad%20Slug!', '0']) {
      const res = await get(`/grants/${missing}`);
      expect(res.statusCode, missing).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('answers anonymous callers and serialises only the documented fields', async () => {
    const res = await get('/grants?page_size=1');
    expect(res.statusCode).toBe(200);
    const item = res.json().items[0];
    expect(Object.keys(item)).not.toContain('search');
    expect(Object.keys(item)).not.toContain('archived_at');
    expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'slug', 'status', 'status_as_of', 'funding_rate_pct', 'amount_local', 'source_confidence']));
  });
});
