import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { buildTestApp, testConfig } from '../helpers/app.ts';
import { type Account, addMember, createKey, register, setPlan, startTenantApp } from '../helpers/accounts.ts';
import { openIsolatedDatabase, testDatabase } from '../helpers/database.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  ({ app, owner } = await startTenantApp());
});
afterAll(() => app.close());

const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

describe('API keys', () => {
  it('shows the secret once, with the documented fields and prefix', async () => {
    const k = await createKey(app, owner, { scopes: 'write, read', rate_limit: 50 });
    expect(k.key).toMatch(/^ct_live_[A-Za-z0-9_-]{43}$/);
    expect(k.body).toMatchObject({ key_prefix: k.key.slice(0, 12), scopes: 'read,write', rate_limit: 50, is_active: true, sandbox: false, expires_at: null });
    const list = await get('/api/v1/auth/api-keys', owner.auth);
    const listed = list.json().find((x: { id: string }) => x.id === k.id);
    expect(Object.keys(listed).sort()).toEqual(['created_at', 'expires_at', 'id', 'is_active', 'key_name', 'key_prefix', 'last_used', 'rate_limit', 'sandbox', 'scopes']);
    expect(JSON.stringify(list.json())).not.toContain(k.key);
  });

  it('refuses unknown scopes and past expiry dates with 422', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', headers: owner.auth, payload: { key_name: 'x', scopes: 'read,superuser' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['body', 'scopes']);
    const past = await app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', headers: owner.auth, payload: { key_name: 'x', expires_at: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(422);
  });

  it('enforces scopes: a read key reads, and gets 403 on writes and admin routes', async () => {
    const k = await createKey(app, owner, { scopes: 'read' });
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(200);
    expect((await get('/api/v1/audit', k.auth)).statusCode).toBe(403);
    const admin = await createKey(app, owner, { scopes: 'read,admin' });
    expect((await get('/api/v1/audit', admin.auth)).statusCode).toBe(200);
  });

  it('never lets a key manage keys or users (a human login is required)', async () => {
    const k = await createKey(app, owner, { scopes: 'read,write,admin' });
    expect((await get('/api/v1/auth/api-keys', k.auth)).statusCode).toBe(403);
    const mint = await app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', headers: k.auth, payload: { key_name: 'escalate' } });
    expect(mint.statusCode).toBe(403);
  });

  it('honours deactivation, expiry and deletion at once', async () => {
    const k = await createKey(app, owner);
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth, payload: { is_active: false } });
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(401);
    await app.inject({ method: 'PATCH', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth, payload: { is_active: true } });
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(200);
    const soon = new Date(Date.now() + 1500).toISOString();
    await app.inject({ method: 'PATCH', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth, payload: { expires_at: soon } });
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(401);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth });
    expect(del.statusCode).toBe(204);
    expect((await get('/api/v1/users', k.auth)).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth })).statusCode).toBe(404);
  });

  it('applies a change made on another instance to a key this instance has cached', async () => {
    const other = await buildTestApp();
    try {
      const k = await createKey(app, owner);
      const onOther = () => other.inject({ method: 'GET', url: '/api/v1/users', headers: k.auth });
      // Several uses: the second and later are answered from the other instance's caller cache.
      for (let i = 0; i < 3; i++) expect((await onOther()).statusCode).toBe(200);
      await app.inject({ method: 'PATCH', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth, payload: { is_active: false } });
      // NOTIFY reaches the other instance asynchronously after commit.
      await new Promise((r) => setTimeout(r, 50));
      expect((await onOther()).statusCode).toBe(401);
      await app.inject({ method: 'PATCH', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth, payload: { is_active: true, rate_limit: 2 } });
      await new Promise((r) => setTimeout(r, 50));
      // Back, with its new hourly limit, which the three earlier uses already exceed.
      const limited = await onOther();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['x-ratelimit-limit']).toBe('2');
    } finally {
      await other.close();
    }
  });

  it('rejects a malformed key before any query (it still answers 401 when the database is down)', async () => {
    const database = await openIsolatedDatabase();
    const isolated = await buildApp({ config: testConfig(), database, logger: false });
    await isolated.ready();
    await database.close();
    const malformed = await isolated.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: 'Bearer ct_live_short' } });
    expect(malformed.statusCode).toBe(401);
    // Control: a well-formed key does need the database, so this one cannot succeed.
    const wellFormed = await isolated.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ct_live_${'A'.repeat(43)}` } });
    expect(wellFormed.statusCode).not.toBe(401);
    await isolated.close().catch(() => undefined);
  });

  it('says which mode answered on every key-authenticated response', async () => {
    const live = await createKey(app, owner);
    const sandbox = await createKey(app, owner, { sandbox: true, scopes: 'read,write' });
    expect(sandbox.key).toMatch(/^ct_test_/);
    expect((await get('/api/v1/users', live.auth)).headers['x-carbontrace-mode']).toBe('live');
    expect((await get('/api/v1/users', sandbox.auth)).headers['x-carbontrace-mode']).toBe('sandbox');
    expect((await get('/api/v1/users', owner.auth)).headers['x-carbontrace-mode']).toBeUndefined();
  });

  it('keeps last_used without writing per request, and persists it on flush', async () => {
    const k = await createKey(app, owner);
    await get('/api/v1/users', k.auth);
    const listed = (await get('/api/v1/auth/api-keys', owner.auth)).json().find((x: { id: string }) => x.id === k.id);
    expect(listed.last_used).not.toBeNull();
    const database = await testDatabase();
    const [before] = await queryRows<{ last_used: Date | null }>(database.db, sql`select last_used from api_keys where id = ${k.id}`);
    expect(before?.last_used).toBeNull();
    const other = await buildTestApp();
    const k2 = await createKey(other, owner);
    await other.inject({ method: 'GET', url: '/api/v1/users', headers: k2.auth });
    await other.close();
    const [after] = await queryRows<{ last_used: Date | null }>(database.db, sql`select last_used from api_keys where id = ${k2.id}`);
    expect(after?.last_used).not.toBeNull();
  });

  it('stores no plaintext key or refresh token anywhere in the database', async () => {
    const fresh = await register(app);
    const k = await createKey(app, fresh);
    const database = await testDatabase();
    const tables = await queryRows<{ t: string }>(database.db, sql`select tablename as t from pg_tables where schemaname = 'public'`);
    for (const { t } of tables) {
      const rows = await queryRows<{ j: string }>(database.db, sql`select row_to_json(x)::text as j from ${sql.identifier(t)} x`);
      const dump = rows.map((r) => r.j).join('\n');
      expect(dump.includes(k.key), `key in ${t}`).toBe(false);
      expect(dump.includes(fresh.refresh), `refresh token in ${t}`).toBe(false);
      expect(dump.includes(fresh.password), `password in ${t}`).toBe(false);
    }
  });
});

describe('sandbox keys', () => {
  it('never write: the guard refuses writes with 403', async () => {
    const sandbox = await createKey(app, owner, { sandbox: true, scopes: 'read,write,admin' });
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: sandbox.auth, payload: { email: 'x@example.com', full_name: 'x', role: 'viewer', password: 'long-enough-password' } });
    expect(res.statusCode).toBe(403);
  });

  it('never spend live quota', async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'free');
    const member = await addMember(app, t, 'admin');
    const sandbox = await createKey(app, member, { sandbox: true });
    const live = await createKey(app, member);
    // Exhaust the sandbox bucket; the live key must still have its full burst.
    let sandboxOk = 0;
    for (let i = 0; i < 15; i++) if ((await get('/api/v1/users', sandbox.auth)).statusCode === 200) sandboxOk++;
    expect(sandboxOk).toBeLessThan(15);
    const liveRes = await get('/api/v1/users', live.auth);
    expect(liveRes.statusCode).toBe(200);
    expect(Number(liveRes.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(5);
  });
});
