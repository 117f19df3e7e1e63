import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/db/tenancy.ts';
import { type Account, addMember, createKey, register, setPlan, startTenantApp } from '../helpers/accounts.ts';
import { testDatabase } from '../helpers/database.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  ({ app, owner } = await startTenantApp());
});
afterAll(() => app.close());

const verify = async (who: Account) => (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: who.auth })).json();

describe('audit trail', () => {
  it('records security events newest first, for owners and admins only', async () => {
    const k = await createKey(app, owner);
    await app.inject({ method: 'DELETE', url: `/api/v1/auth/api-keys/${k.id}`, headers: owner.auth });
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit?page_size=2', headers: owner.auth });
    expect(res.statusCode).toBe(200);
    const [latest, previous] = res.json().items;
    expect(latest).toMatchObject({ action: 'api_key.deleted', target_id: k.id, actor_kind: 'user', actor_id: owner.userId });
    expect(previous).toMatchObject({ action: 'api_key.created', target_id: k.id });
    expect(latest.prev_hash).toBe(previous.hash);
    const member = await addMember(app, owner, 'member');
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: member.auth })).statusCode).toBe(403);
    const actions = (await app.inject({ method: 'GET', url: '/api/v1/audit?page_size=100', headers: owner.auth })).json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['account.registered', 'user.added', 'login.succeeded']));
  });

  it('records failed logins in the account owner\'s chain', async () => {
    const t = await register(app);
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: t.email, password: 'wrong-password-1' }, remoteAddress: '10.77.0.1' });
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit?action=login.failed', headers: t.auth });
    expect(res.json().items[0]).toMatchObject({ action: 'login.failed', ip: '10.77.0.1', target_id: t.userId });
  });

  it('refuses UPDATE and DELETE through the application roles', async () => {
    const database = await testDatabase();
    await expect(withTenant(database, owner.tenantId, (tx) => tx.execute(sql`update audit_log set action = 'x' where tenant_id = ${owner.tenantId}`))).rejects.toThrow();
    await expect(withTenant(database, owner.tenantId, (tx) => tx.execute(sql`delete from audit_log where tenant_id = ${owner.tenantId}`))).rejects.toThrow();
    // Not even the table owner gets past the trigger.
    const err = await database.db.execute(sql`update audit_log set action = 'x' where tenant_id = ${owner.tenantId}`).catch((e: unknown) => e);
    expect(String((err as { cause?: Error }).cause?.message)).toMatch(/append-only/);
  });

  it('names the first tampered entry', async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise');
    for (let i = 0; i < 4; i++) await createKey(app, t);
    expect(await verify(t)).toMatchObject({ valid: true, first_broken: null });
    const database = await testDatabase();
    // An attacker with direct database access, bypassing triggers, edits entry 3.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_log set details = '{"scopes":["read","write","admin"]}'::jsonb where tenant_id = ${t.tenantId} and seq = 3`);
    });
    const verdict = await verify(t);
    expect(verdict.valid).toBe(false);
    expect(verdict.first_broken).toMatchObject({ seq: 3, reason: expect.stringMatching(/hash/) });
    expect(verdict.entries_checked).toBe(2);
  });

  it('detects a deleted entry as a gap', async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise');
    for (let i = 0; i < 3; i++) await createKey(app, t);
    const database = await testDatabase();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from audit_log where tenant_id = ${t.tenantId} and seq = 2`);
    });
    expect((await verify(t)).first_broken).toMatchObject({ seq: 3, reason: expect.stringMatching(/sequence gap/) });
  });

  it('keeps one unbroken chain under 100 concurrent audited actions', async () => {
    const t = await register(app);
    await setPlan(t.tenantId, 'enterprise', { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1, calcs_per_minute: 1 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', headers: t.auth, payload: { key_name: `k${i}` } })),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const verdict = await verify(t);
    expect(verdict).toMatchObject({ valid: true, first_broken: null });
    expect(verdict.entries_checked).toBeGreaterThanOrEqual(101);
    const created = (await app.inject({ method: 'GET', url: '/api/v1/audit?action=api_key.created&page_size=100', headers: t.auth })).json();
    expect(created.total).toBe(100);
  });
});
