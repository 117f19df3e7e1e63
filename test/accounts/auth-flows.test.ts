import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { PASSWORD, register } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const login = (username: string, password: string, ip?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...(ip ? { remoteAddress: ip } : {}) });

describe('register', () => {
  it('creates a free tenant with the caller as owner and signs them in', async () => {
    const email = `${unique('reg')}@example.com`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: PASSWORD, full_name: 'Ana', organization_name: 'Bäckerei Müller GmbH' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      user: { email, full_name: 'Ana', role: 'owner' },
      tenant: { name: 'Bäckerei Müller GmbH', plan: 'free' },
      token_type: 'bearer',
      expires_in: 1800,
    });
    expect(body.refresh_token).toMatch(/^crt_/);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(me.json()).toMatchObject({ kind: 'user', role: 'owner', plan: 'free', tenant: { id: body.tenant.id } });
  });

  it('answers 409 for an email already registered, in any case', async () => {
    const a = await register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: a.email.toUpperCase(), password: PASSWORD, full_name: 'X', organization_name: 'Y' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
  });

  it.each([
    ['short1', /at least 10/],
    ['aaaaaaaaaaaa', /different characters/],
    ['password123', /commonly used/],
  ])('refuses the weak password %s with a clear 422', async (password, msg) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `${unique('w')}@example.com`, password, full_name: 'X', organization_name: 'Y' },
    });
    expect(res.statusCode).toBe(422);
    const issue = res.json().detail.find((d: { loc: string[] }) => d.loc.join('.') === 'body.password');
    expect(issue.msg).toMatch(msg);
  });

  it('refuses an invalid email with 422 naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'not-an-email', password: PASSWORD, full_name: 'X', organization_name: 'Y' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'email']);
  });
});

describe('login', () => {
  it('accepts JSON and the OAuth2 password form', async () => {
    const a = await register(app);
    const json = await login(a.email, PASSWORD);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ token_type: 'bearer', expires_in: 1800, user_id: a.userId, is_operator: false });
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', username: a.email, password: PASSWORD }).toString(),
    });
    expect(form.statusCode).toBe(200);
    expect(form.json().access_token).toBeTruthy();
  });

  it("works exactly as Swagger UI's Authorize sends it (form body plus Basic client credentials)", async () => {
    const a = await register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(':').toString('base64')}` },
      payload: new URLSearchParams({ grant_type: 'password', scope: '', username: a.email, password: PASSWORD }).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().token_type).toBe('bearer');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await register(app);
    const wrong = await login(a.email, 'wrong-password-123', '10.1.0.1');
    const unknown = await login(`${unique('nobody')}@example.com`, 'wrong-password-123', '10.1.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe(unknown.json().code);
  });

  it('locks an account after repeated failures with 429 and Retry-After, even with the right password', async () => {
    const a = await register(app);
    for (let i = 0; i < 5; i++) expect((await login(a.email, `wrong-password-${i}`, `10.2.0.${i}`)).statusCode).toBe(401);
    const locked = await login(a.email, PASSWORD, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits failures per client IP across accounts', async () => {
    const ip = '10.3.0.1';
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(`${unique('spray')}@example.com`, 'wrong-password-x', ip)).statusCode;
    expect(last).toBe(429);
    const other = await register(app);
    expect((await login(other.email, PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });

  it('refuses a deactivated member with the same 401', async () => {
    const a = await register(app);
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: a.auth, payload: { email: `${unique('m')}@example.com`, full_name: 'M', role: 'member', password: PASSWORD } });
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${created.json().id}`, headers: a.auth, payload: { is_active: false } });
    const res = await login(created.json().email, PASSWORD, '10.4.0.1');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('Incorrect email or password');
  });
});

describe('refresh rotation', () => {
  const refresh = (token: string) => app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: token } });

  it('rotates: the new pair works and the old refresh token is spent', async () => {
    const a = await register(app);
    const first = await refresh(a.refresh);
    expect(first.statusCode).toBe(200);
    const next = first.json();
    expect(next.refresh_token).not.toBe(a.refresh);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${next.access_token}` } });
    expect(me.statusCode).toBe(200);
    expect((await refresh(next.refresh_token)).statusCode).toBe(200);
  });

  it('revokes the whole family when a spent token is replayed', async () => {
    const a = await register(app);
    const rotated = (await refresh(a.refresh)).json();
    const replay = await refresh(a.refresh);
    expect(replay.statusCode).toBe(401);
    // The thief's replay also kills the legitimate successor.
    expect((await refresh(rotated.refresh_token)).statusCode).toBe(401);
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?action=token.family_revoked', headers: a.auth });
    expect(audit.json().total).toBe(1);
  });

  it('admits exactly one of 20 parallel refreshes of one token', async () => {
    const a = await register(app);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(a.refresh)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(19);
  });

  it('rejects malformed and unknown refresh tokens with 401', async () => {
    expect((await refresh('not-a-token')).statusCode).toBe(401);
    expect((await refresh(`crt_${'A'.repeat(43)}`)).statusCode).toBe(401);
  });

  it('logout revokes the family and answers 204', async () => {
    const a = await register(app);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: a.refresh } });
    expect(out.statusCode).toBe(204);
    expect((await refresh(a.refresh)).statusCode).toBe(401);
  });
});
