import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { PASSWORD, createKey, register, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

let app: FastifyInstance;
let op: { authorization: string };
const operatorEmail = `${unique('ops')}@example.com`;
beforeAll(async () => {
  app = await buildTestApp({ config: { operatorEmail, operatorPassword: PASSWORD } });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: operatorEmail, password: PASSWORD } });
  expect(login.json().is_operator).toBe(true);
  op = { authorization: `Bearer ${login.json().access_token}` };
});
afterAll(async () => {
  await app.close();
});

const patch = (id: string, payload: object, headers = op) => app.inject({ method: 'PATCH', url: `/api/v1/admin/tenants/${id}`, headers, payload });

describe('platform operators', () => {
  it('is bootstrapped once from configuration, idempotently', async () => {
    const again = await buildTestApp({ config: { operatorEmail, operatorPassword: 'a-different-password-1' } });
    await again.close();
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: operatorEmail, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('lists tenants with search by name or owner email', async () => {
    const t = await register(app);
    const byEmail = await app.inject({ method: 'GET', url: `/api/v1/admin/tenants?q=${encodeURIComponent(t.email)}`, headers: op });
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.json().items).toHaveLength(1);
    expect(byEmail.json().items[0]).toMatchObject({ id: t.tenantId, owner_email: t.email, plan: 'free', is_active: true, members: 1 });
    const page = await app.inject({ method: 'GET', url: '/api/v1/admin/tenants?page_size=2', headers: op });
    expect(page.json().items.length).toBeLessThanOrEqual(2);
    expect(page.json().total).toBeGreaterThanOrEqual(1);
  });

  it('changes a plan and the tenant sees it on its next request, with an audit entry', async () => {
    const t = await register(app);
    const res = await patch(t.tenantId, { plan: 'professional' });
    expect(res.statusCode).toBe(200);
    expect(res.json().limits.requests_per_minute).toBe(1000);
    const next = await app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth });
    expect(next.headers['x-ratelimit-plan']).toBe('professional');
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?action=tenant.updated', headers: t.auth });
    expect(audit.json().items[0]).toMatchObject({ actor_kind: 'operator', details: { changes: { plan: 'professional' } } });
  });

  it('sets and restores a contract\'s custom limits', async () => {
    const t = await register(app);
    const custom = { requests_per_minute: 120, burst: 7, calcs_per_day: 50, calcs_per_minute: 9 };
    expect((await patch(t.tenantId, { limits: custom })).json().custom_limits).toEqual(custom);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth })).headers['x-ratelimit-limit']).toBe('120');
    const restored = await patch(t.tenantId, { limits: null });
    expect(restored.json().custom_limits).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth })).headers['x-ratelimit-limit']).toBe('60');
  });

  it('deactivating a tenant makes its users and keys answer 401 at once; reactivating restores them', async () => {
    const t = await register(app);
    const k = await createKey(app, t);
    await patch(t.tenantId, { is_active: false });
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: k.auth })).statusCode).toBe(401);
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: t.email, password: PASSWORD } });
    expect(login.statusCode).toBe(401);
    await patch(t.tenantId, { is_active: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: k.auth })).statusCode).toBe(200);
  });

  it('sees tenants, never their data', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: op })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: op })).statusCode).toBe(403);
  });

  it('keeps /admin to operators', async () => {
    const t: Account = await register(app);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/tenants', headers: t.auth })).statusCode).toBe(403);
    expect((await patch(t.tenantId, { plan: 'enterprise' }, t.auth)).statusCode).toBe(403);
    expect((await patch('00000000-0000-4000-8000-000000000000', { plan: 'starter' })).statusCode).toBe(404);
    expect((await patch(t.tenantId, { plan: 'platinum' })).statusCode).toBe(422);
  });
});
