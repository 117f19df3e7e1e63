import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/platform/audit/audit.tables.ts';
import { verifyChain } from '../../src/platform/audit/audit.service.ts';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import { buildTestApp } from '../helpers/app.ts';
import { PASSWORD, register, type Account } from '../helpers/accounts.ts';
import { testDatabase, unique } from '../helpers/database.ts';
import { createBody, operatorLogin, search, syntheticRecord } from './helpers.ts';

/** Operators manage the catalogue; tenants read it; every change lands in the platform audit chain. */
let app: FastifyInstance;
let op: { authorization: string };
let tenant: Account;
const operatorEmail = `${unique('grant-ops')}@example.com`;

beforeAll(async () => {
  app = await buildTestApp({ config: { operatorEmail, operatorPassword: PASSWORD } });
  op = await operatorLogin(app, operatorEmail);
  tenant = await register(app);
});
afterAll(async () => {
  await app.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = op, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function platformAudit(action: string, targetId?: string) {
  return withSystem(await testDatabase(), (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(isNull(auditLog.tenantId), eq(auditLog.action, action), targetId ? eq(auditLog.targetId, targetId) : undefined))
      .orderBy(desc(auditLog.seq)),
  );
}

describe('access', () => {
  it('refuses tenants (403) and anonymous callers (401) on every write route, while tenants can read', async () => {
    const { body } = createBody();
    for (const [method, url, payload] of [
      ['POST', '/grants', body],
      ['PATCH', '/grants/de-zim', { title: 'Hijacked' }],
      ['DELETE', '/grants/de-zim', undefined],
      ['POST', '/grants/import', [syntheticRecord()]],
    ] as const) {
      expect((await call(method, url, tenant.auth, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(method, url, {}, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call('GET', '/grants/de-zim', tenant.auth)).json().title).not.toBe('Hijacked');
    expect((await call('GET', '/grants?page_size=1', tenant.auth)).statusCode).toBe(200);
  });
});

describe('create, update, archive', () => {
  it('creates a programme that search finds, with defaults and an audit entry', async () => {
    const { body, word } = createBody({ countries: ['EE'], topics: ['hydrogen'] });
    const created = await call('POST', '/grants', op, { slug: body.slug, title: body.title, funder: 'Test Agency', funder_type: 'national_agency', countries: ['EE'], funding_type: 'grant', status: 'rolling', url: 'https://example.org', summary: `About ${word}.` });
    expect(created.statusCode, created.body).toBe(201);
    const g = created.json();
    expect(g).toMatchObject({ slug: body.slug, eligible_company_sizes: ['micro', 'small', 'medium', 'large'], topics: [], status: 'rolling', closes_at: null });
    expect(slugsOf(await search(app, `q=${word}`))).toEqual([body.slug]);
    expect(slugsOf(await search(app, `q=${word}&country=EE`))).toEqual([body.slug]);
    const [entry] = await platformAudit('grant.created', String(g.id));
    expect(entry).toMatchObject({ actorKind: 'operator', targetKind: 'grant', details: { slug: body.slug } });
    expect((await call('POST', '/grants', op, { ...body })).statusCode).toBe(409);
  });

  it('refuses records that would mislead (reversed ranges, dates) with 422', async () => {
    const { body } = createBody();
    const reversed = await call('POST', '/grants', op, { ...body, min_amount_eur: 5000, max_amount_eur: 100 });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().detail[0].loc).toEqual(['body', 'max_amount_eur']);
    expect((await call('POST', '/grants', op, { ...body, opens_at: '2026-05-01', closes_at: '2026-04-01' })).statusCode).toBe(422);
    expect((await call('POST', '/grants', op, { ...body, topics: ['space_travel'] })).statusCode).toBe(422);
    expect((await call('POST', '/grants', op, { ...body, slug: 'Not A Slug' })).statusCode).toBe(422);
  });

  it('derives the status from the dates: a stated "open" call past its deadline reads closed', async () => {
    const { body } = createBody({ status: 'open', opens_at: '2020-01-01', closes_at: '2020-06-30' });
    const g = (await call('POST', '/grants', op, body)).json();
    expect(g.status).toBe('closed');
    const future = (await call('POST', '/grants', op, createBody({ status: 'rolling', opens_at: '2099-01-01', closes_at: null }).body)).json();
    expect(future.status).toBe('upcoming');
    expect(slugsOf(await search(app, `status=closed&closes_before=2020-12-31&page_size=100`))).toContain(g.slug);
    expect(slugsOf(await search(app, `status=open&closes_before=2020-12-31&page_size=100`))).not.toContain(g.slug);
  });

  it('updates fields (search sees the new text), renames the slug, and audits the change', async () => {
    const { body } = createBody();
    const g = (await call('POST', '/grants', op, body)).json();
    const word = unique('renamed').replace(/[^a-z0-9]/g, '');
    const res = await call('PATCH', `/grants/${g.id}`, op, { title: `Renamed ${word}`, max_amount_eur: 1_000_000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: g.id, slug: g.slug, title: `Renamed ${word}`, max_amount_eur: 1_000_000, summary: g.summary });
    expect(slugsOf(await search(app, `q=${word}`))).toEqual([g.slug]);
    const newSlug = `${g.slug}-v2`;
    expect((await call('PATCH', `/grants/${g.slug}`, op, { slug: newSlug })).json().slug).toBe(newSlug);
    expect((await call('GET', `/grants/${newSlug}`)).json().id).toBe(g.id);
    expect((await call('PATCH', `/grants/${g.id}`, op, { slug: 'de-zim' })).statusCode).toBe(409);
    expect((await call('PATCH', `/grants/${g.id}`, op, { min_amount_eur: 2_000_000 })).statusCode).toBe(422);
    const [entry] = await platformAudit('grant.updated', String(g.id));
    expect(entry?.details).toMatchObject({ changes: { slug: newSlug } });
    expect((await call('PATCH', '/grants/2147483646', op, { title: 'x' })).statusCode).toBe(404);
  });

  it('archives: hidden from search, lookup and further changes; audited', async () => {
    const { body, word } = createBody();
    const g = (await call('POST', '/grants', op, body)).json();
    expect((await call('DELETE', `/grants/${g.slug}`)).statusCode).toBe(204);
    expect((await call('GET', `/grants/${g.id}`)).statusCode).toBe(404);
    expect((await search(app, `q=${word}`)).total).toBe(0);
    expect((await call('DELETE', `/grants/${g.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/grants/${g.id}`, op, { title: 'x' })).statusCode).toBe(404);
    expect(await platformAudit('grant.archived', String(g.id))).toHaveLength(1);
    expect((await call('POST', '/grants', op, body)).statusCode).toBe(409);
  });
});

describe('bulk import', () => {
  it('upserts valid records by slug and reports invalid ones by index', async () => {
    const a = syntheticRecord();
    const b = syntheticRecord({ funding_type: 'loan' });
    const bad = { ...syntheticRecord(), status: 'maybe' };
    const res = await call('POST', '/grants/import', op, [a, bad, b, a, { nonsense: true }]);
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ received: 5, created: 2, updated: 0, failed: 3 });
    expect(out.errors.map((e: { index: number }) => e.index)).toEqual([1, 3, 4]);
    expect(out.errors[0]).toMatchObject({ id: bad.id, detail: expect.stringContaining('status') });
    expect((await call('GET', `/grants/${b.id}`)).json().funding_type).toBe('loan');

    const again = await call('POST', '/grants/import', op, [{ ...a, title: `Updated ${a.word}` }, b]);
    expect(again.json()).toMatchObject({ created: 0, updated: 2, failed: 0 });
    expect((await call('GET', `/grants/${a.id}`)).json().title).toBe(`Updated ${a.word}`);
    const [entry] = await platformAudit('grants.imported');
    expect(entry).toMatchObject({ actorKind: 'operator' });
  });

  it('restores an archived programme that comes back in an import', async () => {
    const a = syntheticRecord();
    await call('POST', '/grants/import', op, [a]);
    await call('DELETE', `/grants/${a.id}`);
    expect((await call('GET', `/grants/${a.id}`)).statusCode).toBe(404);
    expect((await call('POST', '/grants/import', op, [a])).json()).toMatchObject({ created: 0, updated: 1 });
    expect((await call('GET', `/grants/${a.id}`)).statusCode).toBe(200);
  });

  it('accepts bodies over 1 MiB, refuses over 16 MiB, and junk with 422', async () => {
    const many = Array.from({ length: 700 }, () => syntheticRecord({ eligibility_notes: 'x'.repeat(1500) }));
    const big = JSON.stringify(many);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await app.inject({ method: 'POST', url: '/api/v1/grants/import', headers: { ...op, 'content-type': 'application/json' }, payload: big });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ created: 700, failed: 0 });
    const huge = `[${'"x",'.repeat(4_300_000)}"x"]`;
    const tooBig = await app.inject({ method: 'POST', url: '/api/v1/grants/import', headers: { ...op, 'content-type': 'application/json' }, payload: huge });
    expect(tooBig.statusCode).toBe(413);
    expect((await call('POST', '/grants/import', op, { not: 'an array' })).statusCode).toBe(422);
  });

  it('keeps the platform audit chain valid', async () => {
    const verdict = await withSystem(await testDatabase(), (tx) => verifyChain(tx, null));
    expect(verdict.valid, JSON.stringify(verdict.first_broken)).toBe(true);
    expect(verdict.entries_checked).toBeGreaterThan(3);
  });
});

function slugsOf(p: { items: { slug: string }[] }) {
  return p.items.map((i) => i.slug);
}

describe('remembered text searches', () => {
  it('forget what they remembered as soon as an operator changes the catalogue', async () => {
    const { body, word } = createBody({ countries: ['LV'], topics: ['water'] });
    // Searched (and remembered) before the programme exists...
    expect((await search(app, `q=${word}`)).total).toBe(0);
    expect((await search(app, `q=${word}&country=LV`)).total).toBe(0);
    const created = await call('POST', '/grants', op, { ...body, summary: `Support for ${word} projects.` });
    expect(created.statusCode, created.body).toBe(201);
    // ...the same query text finds it right after the write.
    expect((await search(app, `q=${word}`)).items.map((g) => g.slug)).toEqual([body.slug]);
    await call('PATCH', `/grants/${body.slug}`, op, { summary: 'Nothing about that any more.', eligibility_notes: 'None.', title: 'Renamed programme' });
    expect((await search(app, `q=${word}`)).total).toBe(0);
  });

  it('rank a repeated query identically to the first time', async () => {
    const first = await search(app, 'q=heat%20pump&page_size=100');
    const again = await search(app, 'q=heat%20pump&page_size=100');
    expect(again.items.map((g) => g.slug)).toEqual(first.items.map((g) => g.slug));
    const filtered = await search(app, 'q=heat%20pump&country=DE&page_size=100');
    const expected = first.items.filter((g) => filtered.items.some((f) => f.slug === g.slug)).map((g) => g.slug);
    // A filter narrows the ranked list without reordering it.
    expect(filtered.items.map((g) => g.slug)).toEqual(expected);
  });
});
