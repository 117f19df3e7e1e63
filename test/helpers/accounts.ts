import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { withSystem } from '../../src/platform/db/tenancy.ts';
import { buildTestApp } from './app.ts';
import { testDatabase, unique } from './database.ts';

export const PASSWORD = 'correct-horse-battery-staple';

export interface Account {
  email: string;
  password: string;
  userId: string;
  tenantId: string;
  token: string;
  refresh: string;
  auth: { authorization: string };
}

export async function register(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<Account> {
  const email = `${unique('owner')}@example.com`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password: PASSWORD, full_name: 'Olga Owner', organization_name: unique('Org'), ...overrides },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return {
    email: body.user.email,
    password: PASSWORD,
    userId: body.user.id,
    tenantId: body.tenant.id,
    token: body.access_token,
    refresh: body.refresh_token,
    auth: { authorization: `Bearer ${body.access_token}` },
  };
}

/** Adds a member with the given role and signs them in. */
export async function addMember(app: FastifyInstance, owner: Account, role: 'owner' | 'admin' | 'member' | 'viewer'): Promise<Account> {
  const email = `${unique(role)}@example.com`;
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: owner.auth,
    payload: { email, full_name: `${role} person`, role, password: PASSWORD },
  });
  expect(created.statusCode, created.body).toBe(201);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: email, password: PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  const body = login.json();
  return {
    email,
    password: PASSWORD,
    userId: created.json().id,
    tenantId: owner.tenantId,
    token: body.access_token,
    refresh: body.refresh_token,
    auth: { authorization: `Bearer ${body.access_token}` },
  };
}

export async function createKey(
  app: FastifyInstance,
  owner: Account,
  payload: Record<string, unknown> = {},
): Promise<{ id: string; key: string; auth: { authorization: string }; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', headers: owner.auth, payload: { key_name: unique('key'), ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return { id: body.id, key: body.key, auth: { authorization: `Bearer ${body.key}` }, body };
}

/** Changes a tenant's plan directly (as an operator would), evicting cached tenant state everywhere. */
export async function setPlan(tenantId: string, plan: 'free' | 'starter' | 'professional' | 'enterprise', customLimits: object | null = null): Promise<void> {
  const database = await testDatabase();
  await withSystem(database, async (tx) => {
    await tx.execute(sql`update tenants set plan = ${plan}, custom_limits = ${customLimits ? JSON.stringify(customLimits) : null}::jsonb where id = ${tenantId}`);
    await tx.execute(sql`select pg_notify('cc_auth_invalidate', ${JSON.stringify({ kind: 'tenant', id: tenantId })})`);
  });
  // NOTIFY is delivered asynchronously after commit.
  await new Promise((r) => setTimeout(r, 50));
}

/** The usual fixture of a test file: the app and one registered owner on a plan with room to work. */
export async function startTenantApp(plan: 'free' | 'starter' | 'professional' | 'enterprise' = 'enterprise'): Promise<{ app: FastifyInstance; owner: Account }> {
  const app = await buildTestApp();
  const owner = await register(app);
  await setPlan(owner.tenantId, plan);
  return { app, owner };
}
