import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredScope, type RouteAccess } from '../../src/platform/auth/access.ts';
import type { RegisteredRoute } from '../../src/platform/http/route-registry.ts';
import { buildTestApp } from '../helpers/app.ts';
import { PASSWORD, addMember, createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';
import { exampleFor } from './example-body.ts';
import { PARAM_FIXTURES } from './fixtures.ts';

/**
 * The shared security suite: every route that declares `config.access` is found in the router
 * and checked for missing credentials, wrong role or scope, another tenant's ids, junk bodies,
 * and fuzzed input — a new route is covered the moment it is registered.
 */
let app: FastifyInstance;
let a: Account;
let viewer: Account;
let b: Account;
let readKey: { auth: { authorization: string } };
let op: { authorization: string };
const ENTERPRISE = { requests_per_minute: 1_000_000, burst: 100_000, calcs_per_day: 1_000_000, calcs_per_minute: 100_000 };

beforeAll(async () => {
  const operatorEmail = `${unique('secops')}@example.com`;
  app = await buildTestApp({ config: { operatorEmail, operatorPassword: PASSWORD } });
  a = await register(app);
  b = await register(app);
  await setPlan(a.tenantId, 'enterprise', ENTERPRISE);
  await setPlan(b.tenantId, 'enterprise', ENTERPRISE);
  viewer = await addMember(app, a, 'viewer');
  readKey = await createKey(app, a, { scopes: 'read' });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: operatorEmail, password: PASSWORD } });
  op = { authorization: `Bearer ${login.json().access_token}` };
});
afterAll(async () => {
  await app.close();
});

function protectedRoutes(): (RegisteredRoute & { access: RouteAccess })[] {
  return app.registeredRoutes
    .map((r) => ({ ...r, access: (r.config as { access?: RouteAccess } | undefined)?.access }))
    .filter((r): r is RegisteredRoute & { access: RouteAccess } => r.access !== undefined && r.access.audience !== 'public');
}
function allAccessRoutes() {
  return app.registeredRoutes.filter((r) => (r.config as { access?: RouteAccess } | undefined)?.access !== undefined);
}

const paramNames = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
const fill = (url: string, values: Record<string, string>) => url.replace(/:([A-Za-z0-9_]+)/g, (_, n: string) => values[n] ?? '00000000-0000-4000-8000-000000000000');
const hasBody = (r: RegisteredRoute) => Boolean(r.schema?.body);
const inject = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('every authenticated route', () => {
  it('has routes to check', () => {
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(10);
  });

  it('answers 401 without credentials, before looking at the body', async () => {
    for (const r of protectedRoutes()) {
      const res = await inject(r.method, fill(r.url, {}), {}, hasBody(r) ? '{"junk":' : undefined);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('unauthorized');
    }
  });

  it('answers 401 for a revoked-looking or malformed credential', async () => {
    for (const r of protectedRoutes()) {
      const res = await inject(r.method, fill(r.url, {}), { authorization: `Bearer ct_live_${'x'.repeat(43)}` });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('answers 403 to a caller without the role or scope', async () => {
    for (const r of protectedRoutes()) {
      const scope = requiredScope(r.access, r.method);
      let caller: Record<string, string>;
      if (r.access.audience === 'operator') caller = a.auth;
      else if (scope !== 'read') caller = viewer.auth;
      else if (r.access.audience === 'user') caller = readKey.auth;
      else if (r.access.audience === 'tenant') caller = op;
      else continue; // 'authenticated' read routes admit every valid credential
      const res = await inject(r.method, fill(r.url, {}), caller, hasBody(r) ? {} : undefined);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });

  it("answers 404 for another tenant's resource ids, exactly as for a missing one", async () => {
    for (const r of protectedRoutes()) {
      const names = paramNames(r.url);
      if (names.length === 0) continue;
      const values: Record<string, string> = {};
      for (const n of names) {
        const fixture = PARAM_FIXTURES[n];
        expect(fixture, `add a fixture for :${n} (${r.method} ${r.url}) in test/security/fixtures.ts`).toBeDefined();
        values[n] = await fixture!(app, b);
      }
      const caller = r.access.audience === 'operator' ? op : a.auth;
      // A valid body, so the 404 cannot come from validation: the minimal example of the schema if any.
      const res = await inject(r.method, fill(r.url, values), caller, hasBody(r) ? validBodyFor(r) : undefined);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(404);
    }
  });

  it('answers junk bodies with 400 or 422', async () => {
    for (const r of protectedRoutes().filter(hasBody)) {
      const caller = r.access.audience === 'operator' ? op : a.auth;
      for (const junk of ['{"unterminated":', '[1,2,3]', '"a string"', '{"email": 42, "role": {"$ne": null}}']) {
        const res = await app.inject({ method: r.method as 'POST', url: fill(r.url, {}), headers: { ...caller, 'content-type': 'application/json' }, payload: junk });
        expect([400, 422], `${r.method} ${r.url} with ${junk}: ${res.body}`).toContain(res.statusCode);
      }
    }
  });
});

/** A body that passes validation, so a 404 cannot come from the validator. */
function validBodyFor(r: RegisteredRoute): object {
  return exampleFor(r.schema?.body as Parameters<typeof exampleFor>[0]) as object;
}

describe('no route answers 500 to anything a client can send', () => {
  const jsonValue = fc.jsonValue({ maxDepth: 3 });
  it('survives fuzzed bodies, query strings and ids on every route', async () => {
    const routes = allAccessRoutes();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        jsonValue,
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
        fc.string({ maxLength: 40 }),
        fc.constantFrom<Record<string, string>>({}, { authorization: 'Bearer x' }),
        async (r, body, query, id, extraHeaders) => {
          const caller = (r.config as { access: RouteAccess }).access.audience === 'operator' ? op : a.auth;
          const url = `${r.url.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(id) || 'x')}?${new URLSearchParams(query).toString()}`;
          const res = await app.inject({
            method: r.method as 'POST',
            url,
            headers: { ...caller, ...extraHeaders, 'content-type': 'application/json' },
            ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: JSON.stringify(body) }),
          });
          expect(res.statusCode, `${r.method} ${url}: ${res.body}`).toBeLessThan(500);
          expect(res.body).not.toMatch(/\n\s+at /);
        },
      ),
      { numRuns: 300 },
    );
  });
});
