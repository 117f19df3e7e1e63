import type { FastifyInstance } from 'fastify';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, testConfig } from '../helpers/app.ts';
import { addMember, register, type Account } from '../helpers/accounts.ts';

let app: FastifyInstance;
let owner: Account;
beforeAll(async () => {
  app = await buildTestApp();
  owner = await register(app);
});
afterAll(async () => {
  await app.close();
});

const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
const secret = new TextEncoder().encode(testConfig().jwtSecret);
const claims = () => ({ typ: 'user', tid: owner.tenantId, role: 'owner' });

async function forge(opts: { key?: Uint8Array; aud?: string; iss?: string; exp?: number | string; alg?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims())
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(owner.userId)
    .setIssuer(opts.iss ?? 'carbon-connect')
    .setAudience(opts.aud ?? 'carbon-connect-api')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '30m');
  return jwt.sign(opts.key ?? secret);
}

describe('access tokens', () => {
  it('accepts a correctly signed token (control for the attacks below)', async () => {
    expect((await me(await forge())).statusCode).toBe(200);
  });

  it('rejects alg:none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ ...claims(), sub: owner.userId, iss: 'carbon-connect', aud: 'carbon-connect-api', exp: Math.floor(Date.now() / 1000) + 600 }));
    const res = await me(`${header}.${payload}.`);
    expect(res.statusCode).toBe(401);
  });

  it('rejects a token signed with another key', async () => {
    expect((await me(await forge({ key: new TextEncoder().encode('another-secret-another-secret-another-1') }))).statusCode).toBe(401);
  });

  it('rejects another algorithm even with the right secret', async () => {
    expect((await me(await forge({ alg: 'HS512' }))).statusCode).toBe(401);
  });

  it('rejects a wrong audience or issuer', async () => {
    expect((await me(await forge({ aud: 'someone-else' }))).statusCode).toBe(401);
    expect((await me(await forge({ iss: 'evil' }))).statusCode).toBe(401);
  });

  it('rejects an expired token', async () => {
    expect((await me(await forge({ exp: Math.floor(Date.now() / 1000) - 60 }))).statusCode).toBe(401);
  });

  it('rejects garbage and a wrong scheme, with WWW-Authenticate', async () => {
    const res = await me('garbage.token.here');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const basic = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
  });

  it('applies a demotion to a live token at once', async () => {
    const admin = await addMember(app, owner, 'admin');
    const before = await app.inject({ method: 'GET', url: '/api/v1/auth/api-keys', headers: admin.auth });
    expect(before.statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${admin.userId}`, headers: owner.auth, payload: { role: 'viewer' } });
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/api-keys', headers: admin.auth });
    expect(after.statusCode).toBe(403);
  });

  it('makes a removed user\'s token useless at once', async () => {
    const member = await addMember(app, owner, 'member');
    expect((await me(member.token)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/users/${member.userId}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await me(member.token)).statusCode).toBe(401);
    const refresh = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: member.refresh } });
    expect(refresh.statusCode).toBe(401);
  });
});
