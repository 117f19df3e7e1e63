import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, addMember, PASSWORD, register, startTenantApp } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  ({ app, owner } = await startTenantApp());
});
afterAll(() => app.close());

const newUser = (role: string) => ({ email: `${unique('u')}@example.com`, full_name: 'New Person', role, password: PASSWORD });

describe('members and roles', () => {
  it('lets an owner add members and lists them paginated', async () => {
    await addMember(app, owner, 'member');
    const res = await app.inject({ method: 'GET', url: '/api/v1/users?page_size=1', headers: owner.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ page: 1, page_size: 1 });
    expect(res.json().total).toBeGreaterThanOrEqual(2);
    expect(res.json().items[0]).not.toHaveProperty('password_hash');
  });

  it('lets a viewer read but never write', async () => {
    const viewer = await addMember(app, owner, 'viewer');
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: viewer.auth })).statusCode).toBe(200);
    const write = await app.inject({ method: 'POST', url: '/api/v1/users', headers: viewer.auth, payload: newUser('member') });
    expect(write.statusCode).toBe(403);
  });

  it('keeps user management to owners and admins', async () => {
    const member = await addMember(app, owner, 'member');
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: member.auth, payload: newUser('viewer') })).statusCode).toBe(403);
    const admin = await addMember(app, owner, 'admin');
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.auth, payload: newUser('viewer') })).statusCode).toBe(201);
  });

  it('does not let an admin create or promote owners', async () => {
    const admin = await addMember(app, owner, 'admin');
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.auth, payload: newUser('owner') })).statusCode).toBe(403);
    const member = await addMember(app, owner, 'member');
    const promote = await app.inject({ method: 'PATCH', url: `/api/v1/users/${member.userId}`, headers: admin.auth, payload: { role: 'owner' } });
    expect(promote.statusCode).toBe(403);
  });

  it('never removes or demotes the last owner', async () => {
    const solo = await register(app);
    const demote = await app.inject({ method: 'PATCH', url: `/api/v1/users/${solo.userId}`, headers: solo.auth, payload: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    const deactivate = await app.inject({ method: 'PATCH', url: `/api/v1/users/${solo.userId}`, headers: solo.auth, payload: { is_active: false } });
    expect(deactivate.statusCode).toBe(409);
    const remove = await app.inject({ method: 'DELETE', url: `/api/v1/users/${solo.userId}`, headers: solo.auth });
    expect(remove.statusCode).toBe(409);
  });

  it('allows demoting an owner once another owner exists, and audits the role change', async () => {
    const team = await register(app);
    const second = await addMember(app, team, 'owner');
    const res = await app.inject({ method: 'PATCH', url: `/api/v1/users/${second.userId}`, headers: team.auth, payload: { role: 'admin' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('admin');
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?action=user.role_changed', headers: team.auth });
    expect(audit.json().items[0]).toMatchObject({ target_id: second.userId, details: { from: 'owner', to: 'admin' } });
  });

  it('refuses an email that another tenant already uses', async () => {
    const other = await register(app);
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.auth, payload: { ...newUser('member'), email: other.email } });
    expect(res.statusCode).toBe(409);
  });

  it('answers 404 for a user of another tenant, on every verb', async () => {
    const other = await register(app);
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/v1/users/${other.userId}`, headers: owner.auth, ...(method === 'PATCH' ? { payload: { full_name: 'x' } } : {}) });
      expect(res.statusCode, method).toBe(404);
    }
  });
});
