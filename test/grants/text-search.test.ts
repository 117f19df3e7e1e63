import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { prepareCatalogue } from '../../src/modules/grants/catalogue-filter.ts';
import * as repo from '../../src/modules/grants/grants.repo.ts';
import { createGrantsService } from '../../src/modules/grants/grants.service.ts';
import { matchText, rankText } from '../../src/modules/grants/text-search.ts';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import type { GrantCreate, GrantListQuery } from '../../src/modules/grants/grants.schemas.ts';
import { buildTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { createBody } from './helpers.ts';

/**
 * The operand path (per-operand postings combined in process, ts_rank_cd with the query pruned
 * per row) must answer exactly what Postgres answers for the whole query: same matches, same
 * float4 ranks, on the seed catalogue, for plain, multi-word, cross-language (concept-expanded)
 * queries and the NOT/phrase ones that take the whole-query path.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp(); // seeds the catalogue
});
afterAll(async () => {
  await app.close();
});

const QUERIES = [
  'heat pump', 'Wärmepumpe', 'pompe à chaleur', 'efficienza energetica', 'innovation', 'research and development',
  'insulation boilers', 'energy', 'solar photovoltaic storage', 'circular economy reuse', 'hydrogen electrolyser',
  'SME loan', 'the', 'xylophonequartz', 'e-mobility', 'heat -loan', '"heat pump"', "o'brien", 'farming replacement',
];

describe('operand path against the whole query in Postgres', () => {
  it('matches and ranks every query identically', async () => {
    const database = await testDatabase();
    const service = createGrantsService({ database });
    const prep = prepareCatalogue(await service.activeProgrammes(), '2026-01-01');
    // Only the seed programmes: other test files sharing a PostgreSQL database change their own.
    const seedSlugs = new Set(loadSeedProgrammes().map((p) => p.id));
    const seedIds = new Set(prep.entries.filter((e) => seedSlugs.has(e.programme.id)).map((e) => e.id));
    let ranked = 0;
    for (const q of QUERIES) {
      await withSystem(database, async (tx) => {
        const wholeIds = (await repo.textMatchIds(tx, q)).filter((id) => seedIds.has(id)).sort((a, b) => a - b);
        const whole = new Map((await repo.rankIds(tx, q, wholeIds)).map((r) => [r.id, Math.fround(r.rank)]));
        // Lenient: on PostgreSQL, test files running alongside add programmes this catalogue lacks.
        const t = (await matchText(tx, prep, q, { lenient: true }))!;
        const seedPositions = [...t.positions].filter((i) => seedIds.has(prep.entries[i]!.id));
        await rankText(tx, prep, q, t, seedPositions);
        expect(seedPositions.map((i) => prep.entries[i]!.id).sort((a, b) => a - b), q).toEqual(wholeIds);
        t.positions.forEach((i, k) => {
          if (!seedIds.has(prep.entries[i]!.id)) return;
          expect(t.ranks[k], `${q} #${prep.entries[i]!.id}`).toBe(whole.get(prep.entries[i]!.id));
          ranked++;
        });
      });
    }
    expect(ranked).toBeGreaterThan(200);
  });

  it('answers a second query over the same operands from memory, with the same result', async () => {
    const database = await testDatabase();
    const prep = prepareCatalogue(await createGrantsService({ database }).activeProgrammes(), '2026-01-01');
    const first = await withSystem(database, (tx) => matchText(tx, prep, 'heat pump', { lenient: true }));
    // Same operands, another query text: no posting is fetched again.
    const again = await withSystem(database, (tx) => matchText(tx, prep, 'pump heat', { lenient: true }));
    expect([...again!.positions]).toEqual([...first!.positions]);
    expect(again!.query!.postings.get(`'heat'`)).toBe(first!.query!.postings.get(`'heat'`));
  });

  it('notices a programme another instance added (posting ids it does not know) and reloads; archived ids do not trigger that', async () => {
    const database = await testDatabase();
    const reader = createGrantsService({ database }); // never started: hears no NOTIFY
    const writer = createGrantsService({ database });
    const op = { operatorId: '00000000-0000-4000-8000-00000000000b', ip: '127.0.0.1' };
    const gone = createBody();
    await writer.create(op, gone.body as unknown as GrantCreate);
    await writer.archive(op, String(gone.body.slug));
    const list = (q: string) => reader.list({ q, page: 1, page_size: 20 } as GrantListQuery);
    const before = await reader.activeProgrammes();
    // An archived programme's id is in the postings but not in the catalogue: no reload.
    expect((await list(gone.word)).total).toBe(0);
    expect(await reader.activeProgrammes()).toBe(before);
    const added = createBody();
    await writer.create(op, added.body as unknown as GrantCreate);
    const found = await list(added.word);
    expect(found.items.map((g) => g.slug)).toEqual([added.body.slug]);
    expect(await reader.activeProgrammes()).not.toBe(before);
  });
});

