import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { programmeToValues } from '../../src/modules/grants/grant-record.ts';
import { insertMissing } from '../../src/modules/grants/grants.repo.ts';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import { register, type Account } from '../helpers/accounts.ts';
import { testConfig } from '../helpers/app.ts';
import { openEmptyDatabase } from '../helpers/database.ts';

// A statement takes at most 65,535 parameters: a run that stores one match per programme of a
// catalogue past ~5,400 programmes (12 parameters a match) must still be stored, in one transaction.
const CLONES = 6_000;

let database: Database;
let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  database = await openEmptyDatabase();
  const seed = loadSeedProgrammes();
  const clones = Array.from({ length: CLONES }, (_, i) => {
    const base = seed[i % seed.length]!;
    return programmeToValues({ ...base, id: `${base.id}-clone-${i}` });
  });
  await withSystem(database, async (tx) => {
    for (let i = 0; i < clones.length; i += 1_000) await insertMissing(tx, clones.slice(i, i + 1_000));
  });
  app = await buildApp({ config: testConfig(), database, logger: false });
  await app.ready();
  owner = await register(app);
}, 60_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('a run over a catalogue of 6,000+ programmes with include_ineligible', () => {
  it('stores every match, and a re-run keeps the user’s status and drops nothing else', async () => {
    const company = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: owner.auth, payload: { name: 'Bäckerei Müller GmbH', country: 'DE', nace_code: '10.71', employees: 35, turnover_eur: 4_000_000 } });
    expect(company.statusCode, company.body).toBe(201);
    const companyId = company.json().id as string;
    const run = () => app.inject({ method: 'POST', url: '/api/v1/matches/run', headers: owner.auth, payload: { company_id: companyId, include_ineligible: true } });

    const first = await run();
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    const items = first.json().items as { id: string; grant_slug: string }[];
    // The clones only: the seed is not added to a catalogue that is not empty at start.
    expect(items.length).toBe(CLONES);
    const stored = await app.inject({ method: 'GET', url: `/api/v1/matches?company_id=${companyId}&page_size=1`, headers: owner.auth });
    expect(stored.json().total).toBe(items.length);

    const saved = items[items.length - 1]!;
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/matches/${saved.id}`, headers: owner.auth, payload: { status: 'saved' } })).statusCode).toBe(200);
    const second = await run();
    expect(second.statusCode).toBe(200);
    const again = second.json().items as { id: string; status: string }[];
    expect(new Set(again.map((m) => m.id))).toEqual(new Set(items.map((m) => m.id)));
    expect(again.find((m) => m.id === saved.id)?.status).toBe('saved');
  }, 60_000);
});
