import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowToProgramme, normalised } from '../../src/modules/grants/grant-record.ts';
import { createGrantsService, ensureGrantsSeeded, type GrantsService } from '../../src/modules/grants/grants.service.ts';
import { grants } from '../../src/modules/grants/grants.tables.ts';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import { auditLog } from '../../src/platform/audit/audit.tables.ts';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import { buildTestApp } from '../helpers/app.ts';
import { testDatabase, usingPostgres } from '../helpers/database.ts';
import { syntheticRecord } from './helpers.ts';

/** Seeding at start, and the catalogue service the matching engine reads. */
let app: FastifyInstance;
let service: GrantsService;
const seedSlugs = loadSeedProgrammes().map((p) => p.id);
const op = { operatorId: '00000000-0000-4000-8000-00000000000a', ip: '127.0.0.1' };

beforeAll(async () => {
  app = await buildTestApp();
  service = createGrantsService({ database: await testDatabase() });
  await service.start();
});
afterAll(async () => {
  await service.stop();
  await app.close();
});

const seedRows = async () => withSystem(await testDatabase(), (tx) => tx.select().from(grants).where(inArray(grants.slug, seedSlugs)));

describe('seeding', () => {
  it('loads the 82 seed programmes at first start, field for field', async () => {
    const rows = await seedRows();
    expect(rows).toHaveLength(82);
    const bySlug = new Map(rows.map((r) => [r.slug, r]));
    for (const p of loadSeedProgrammes()) expect(rowToProgramme(bySlug.get(p.id)!), p.id).toEqual(normalised(p));
    if (!usingPostgres()) {
      // A fresh PGlite per test file: nothing but the seed is there yet.
      const all = await withSystem(await testDatabase(), (tx) => tx.select({ id: grants.id }).from(grants));
      expect(all).toHaveLength(82);
    }
  });

  it('is idempotent: a second start inserts nothing and keeps the ids', async () => {
    const before = (await seedRows()).map((r) => [r.slug, r.id]).sort();
    expect(await ensureGrantsSeeded(await testDatabase())).toBe(0);
    const again = await buildTestApp();
    await again.close();
    expect((await seedRows()).map((r) => [r.slug, r.id]).sort()).toEqual(before);
    const seeded = await withSystem(await testDatabase(), (tx) =>
      tx.select().from(auditLog).where(and(isNull(auditLog.tenantId), eq(auditLog.action, 'grants.seeded'))),
    );
    expect(seeded).toHaveLength(1);
  });
});

describe('activeProgrammes for the matching engine', () => {
  it('returns the same array until the catalogue changes, in the Programme shape', async () => {
    const first = await service.activeProgrammes();
    expect(await service.activeProgrammes()).toBe(first);
    const zim = first.find((x) => x.programme.id === 'de-zim');
    expect(zim?.programme).toMatchObject({ id: 'de-zim', countries: ['DE'] });
    expect(typeof zim?.id).toBe('number');
    const rec = syntheticRecord();
    await service.import(op, [rec]);
    const next = await service.activeProgrammes();
    expect(next).not.toBe(first);
    expect(next.map((x) => x.programme.id)).toContain(rec.id);
  });

  it("drops its cache when another instance changes the catalogue (NOTIFY)", async () => {
    const first = await service.activeProgrammes();
    const other = createGrantsService({ database: await testDatabase() });
    const rec = syntheticRecord();
    await other.import(op, [rec]);
    let next = first;
    for (let i = 0; i < 50 && next === first; i++) {
      await new Promise((r) => setTimeout(r, 20));
      next = await service.activeProgrammes();
    }
    expect(next.map((x) => x.programme.id)).toContain(rec.id);
    await other.archive(op, rec.id);
    for (let i = 0; i < 50 && next.some((x) => x.programme.id === rec.id); i++) {
      await new Promise((r) => setTimeout(r, 20));
      next = await service.activeProgrammes();
    }
    expect(next.map((x) => x.programme.id)).not.toContain(rec.id);
  });

  it('getGrantRef resolves ids and slugs, archived ones included', async () => {
    const bySlug = await service.getGrantRef('de-zim');
    expect(bySlug).toMatchObject({ slug: 'de-zim' });
    expect(await service.getGrantRef(bySlug!.id)).toEqual(bySlug);
    expect(await service.getGrantRef('nope-nothing')).toBeNull();
    const rec = syntheticRecord();
    await service.import(op, [rec]);
    await service.archive(op, rec.id);
    expect(await service.getGrantRef(rec.id)).toMatchObject({ slug: rec.id, title: rec.title });
  });
});
