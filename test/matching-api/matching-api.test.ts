import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { type Account, register, startTenantApp } from '../helpers/accounts.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  ({ app, owner } = await startTenantApp());
});
afterAll(() => app.close());

interface Match {
  id: string;
  grant_slug: string;
  score: number;
  eligible: boolean;
  eligibility: string;
  matched_criteria: { criterion: string; detail: string }[];
  failed_criteria: { criterion: string; detail: string }[];
  unknown_criteria: { criterion: string; detail: string }[];
  explanation: string;
  status: string;
}

async function bakery(overrides: object = {}): Promise<string> {
  const company = await app.inject({
    method: 'POST',
    url: '/api/v1/companies',
    headers: owner.auth,
    payload: { name: 'Bäckerei Müller GmbH', country: 'DE', nace_code: '10.71', employees: 35, turnover_eur: 4_000_000, ...overrides },
  });
  expect(company.statusCode, company.body).toBe(201);
  const id = company.json().id as string;
  const profile = await app.inject({
    method: 'PUT',
    url: `/api/v1/companies/${id}/carbon-profile`,
    headers: owner.auth,
    payload: {
      scope1_tco2e: 180,
      scope2_location_tco2e: 60,
      planned_projects: [
        { title: 'Replace the gas oven with an electric one', capex_eur: 90_000 },
        { title: 'Rooftop PV', description: 'Photovoltaic system on the bakery roof for self-consumption', capex_eur: 60_000 },
      ],
    },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  return id;
}

const run = (companyId: string, includeIneligible = false) =>
  app.inject({ method: 'POST', url: '/api/v1/matches/run', headers: owner.auth, payload: { company_id: companyId, include_ineligible: includeIneligible } });

describe('matching a company', () => {
  it('gives Bäckerei Müller the German and EU programmes it can apply for, ranked, each with why', async () => {
    const res = await run(await bakery());
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Match[];
    // Other tests may add programmes to the shared catalogue: judge the seeded, real ones.
    const seed = new Set(loadSeedProgrammes().map((p) => p.id));
    const eligible = items.filter((m) => m.eligible && seed.has(m.grant_slug));
    expect(eligible.length).toBeGreaterThan(3);
    expect(eligible.every((m) => m.grant_slug.startsWith('de-') || m.grant_slug.startsWith('eu-'))).toBe(true);
    expect(eligible.some((m) => m.grant_slug.startsWith('de-'))).toBe(true);
    expect(eligible.some((m) => m.grant_slug.startsWith('eu-'))).toBe(true);
    const scores = items.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const m of eligible) expect(m.explanation.length).toBeGreaterThan(20);
    expect(items.some((m) => m.grant_slug.startsWith('fr-'))).toBe(false);
  });

  it('shows why the others are excluded when asked', async () => {
    const items = (await run(await bakery(), true)).json().items as Match[];
    const french = items.find((m) => m.grant_slug.startsWith('fr-'));
    expect(french?.eligible).toBe(false);
    expect(french?.failed_criteria.map((c) => c.criterion)).toContain('country');
    expect(french?.score).toBe(0);
  });

  it('reports a size rule as unknown when the turnover is missing, never silently passed or failed', async () => {
    const items = (await run(await bakery({ turnover_eur: null, employees: 30 }), true)).json().items as Match[];
    const sizeUnknown = items.filter((m) => m.unknown_criteria.some((c) => c.criterion === 'company_size'));
    expect(sizeUnknown.length).toBeGreaterThan(0);
    expect(sizeUnknown.every((m) => m.eligibility !== 'eligible')).toBe(true);
  });

  it('keeps saved and dismissed statuses across re-runs', async () => {
    const id = await bakery();
    const first = (await run(id)).json().items as Match[];
    const [a, b] = first;
    await app.inject({ method: 'PATCH', url: `/api/v1/matches/${a!.id}`, headers: owner.auth, payload: { status: 'saved' } });
    await app.inject({ method: 'PATCH', url: `/api/v1/matches/${b!.id}`, headers: owner.auth, payload: { status: 'dismissed' } });
    const again = (await run(id)).json().items as Match[];
    expect(again.find((m) => m.id === a!.id)?.status).toBe('saved');
    expect(again.find((m) => m.id === b!.id)?.status).toBe('dismissed');
    const saved = await app.inject({ method: 'GET', url: `/api/v1/matches?company_id=${id}&status=saved`, headers: owner.auth });
    expect(saved.json().items.map((m: Match) => m.id)).toEqual([a!.id]);
  });

  it('rewrites on re-run only the matches whose content changed, and drops the ones that no longer match', async () => {
    const id = await bakery();
    // Other tests add and change programmes of the shared catalogue meanwhile: judge the seeded ones.
    const seed = new Set(loadSeedProgrammes().map((p) => p.id));
    const seeded = <T extends Match>(items: T[]) => items.filter((m) => seed.has(m.grant_slug));
    const first = seeded((await run(id)).json().items as (Match & { updated_at: string })[]);
    const again = seeded((await run(id)).json().items as (Match & { updated_at: string })[]);
    // Nothing changed: same matches, same content, untouched rows.
    expect(again.map((m) => [m.id, m.updated_at, m.score])).toEqual(first.map((m) => [m.id, m.updated_at, m.score]));

    // 300 staff makes the company large: small-company programmes drop out.
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${id}`, headers: owner.auth, payload: { employees: 300, turnover_eur: 80_000_000 } });
    expect(patched.statusCode, patched.body).toBe(200);
    // A different project changes the relevance, so the matches that stay change too.
    const profile = await app.inject({
      method: 'PUT',
      url: `/api/v1/companies/${id}/carbon-profile`,
      headers: owner.auth,
      payload: { scope1_tco2e: 20, scope2_location_tco2e: 300, planned_projects: [{ title: 'Heat recovery from the refrigeration plant', capex_eur: 400_000 }] },
    });
    expect(profile.statusCode, profile.body).toBe(200);
    const all = (await run(id)).json().items as (Match & { updated_at: string })[];
    const large = seeded(all);
    const before = new Map(first.map((m) => [m.grant_slug, m]));
    const smallOnly = first.filter((m) => !large.some((l) => l.grant_slug === m.grant_slug));
    expect(smallOnly.length).toBeGreaterThan(0);
    for (const m of large) {
      const old = before.get(m.grant_slug);
      if (!old) continue;
      // The same match row, rewritten exactly when what the user sees of it changed.
      expect(m.id).toBe(old.id);
      const seen = (x: typeof m | typeof old) => JSON.stringify([x.score, x.eligible, x.eligibility, x.matched_criteria, x.failed_criteria, x.unknown_criteria, x.explanation]);
      const same = seen(m) === seen(old);
      if (same) expect(m.updated_at).toBe(old.updated_at);
      else expect(Date.parse(m.updated_at)).toBeGreaterThan(Date.parse(old.updated_at));
    }
    expect(large.some((m) => before.has(m.grant_slug) && m.updated_at !== before.get(m.grant_slug)!.updated_at)).toBe(true);
    // The small-company programmes are gone from the store too, not only from the answer.
    const stored = await app.inject({ method: 'GET', url: `/api/v1/matches?company_id=${id}&page_size=100`, headers: owner.auth });
    expect(stored.json().total).toBe(all.length);
  });

  it("answers 404 for another tenant's company or match", async () => {
    const id = await bakery();
    const match = ((await run(id)).json().items as Match[])[0]!;
    const other = await register(app);
    expect((await app.inject({ method: 'POST', url: '/api/v1/matches/run', headers: other.auth, payload: { company_id: id } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/matches/${match.id}`, headers: other.auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/matches/${match.id}`, headers: other.auth, payload: { status: 'saved' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/matches?company_id=${id}`, headers: other.auth })).json().total).toBe(0);
  });

  it('deletes a company with its matches', async () => {
    const id = await bakery();
    const match = ((await run(id)).json().items as Match[])[0]!;
    await app.inject({ method: 'DELETE', url: `/api/v1/companies/${id}`, headers: owner.auth });
    expect((await app.inject({ method: 'GET', url: `/api/v1/matches/${match.id}`, headers: owner.auth })).statusCode).toBe(404);
  });
});

function events(body: string) {
  return body
    .split('\n\n')
    .filter((b) => b.includes('event:'))
    .map((block) => {
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
      return { id: field('id'), event: field('event'), data: JSON.parse(field('data') ?? 'null') as Record<string, unknown> };
    });
}

describe('GET /matches/stream', () => {
  it('streams one event per match and a done event, resumable with Last-Event-ID', async () => {
    const id = await bakery();
    const sse = { ...owner.auth, accept: 'text/event-stream' };
    const first = await app.inject({ method: 'GET', url: `/api/v1/matches/stream?company_id=${id}`, headers: sse });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/event-stream');
    const all = events(first.body);
    const matchEvents = all.filter((e) => e.event === 'match');
    expect(matchEvents.length).toBeGreaterThan(3);
    const runId = matchEvents[0]!.id!.split(':')[0];
    expect(matchEvents.map((e) => e.id)).toEqual(matchEvents.map((_, i) => `${runId}:${i}`));
    expect(all.at(-1)).toMatchObject({ event: 'done', data: { run_id: runId, count: matchEvents.length } });

    const resumed = await app.inject({ method: 'GET', url: `/api/v1/matches/stream?company_id=${id}`, headers: { ...sse, 'last-event-id': `${runId}:2` } });
    const rest = events(resumed.body).filter((e) => e.event === 'match');
    expect(rest[0]!.id).toBe(`${runId}:3`);
    expect(rest.map((e) => (e.data as { id: string }).id)).toEqual(matchEvents.slice(3).map((e) => (e.data as { id: string }).id));
  });

  it('answers an unknown company with a 404 envelope, not a stream', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/matches/stream?company_id=00000000-0000-4000-8000-000000000000',
      headers: { ...owner.auth, accept: 'text/event-stream' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
